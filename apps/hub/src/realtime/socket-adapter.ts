/**
 * How hub nodes share rooms: the Socket.IO sharded Redis adapter (Redis 7 SPUBLISH/SSUBSCRIBE,
 * dynamic subscriptions), on the ephemeral Redis. A node subscribes only to the rooms it holds, so
 * a broadcast reaches only the nodes with a member in that room. Chosen over the classic adapter
 * (every node decodes every broadcast) and the Streams adapter (keeps broadcasts, message text
 * included, in a Redis stream after the session): see docs/operations.md, "Choosing the adapter".
 */
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

export interface AdapterConnections {
  adapter: ReturnType<typeof createShardedAdapter>;
  close(): void;
}

export function createRoomAdapter(options: { ephemeral: Redis; keyPrefix: string }): AdapterConnections {
  const publisher = options.ephemeral.duplicate();
  // The subscriber skips the ready check: ioredis would send INFO on a connection in subscriber mode.
  const subscriber = new Redis({ ...options.ephemeral.options, enableReadyCheck: false, connectionName: 'respite-adapter-subscriber' });
  return {
    adapter: createShardedAdapter(publisher, subscriber, { channelPrefix: `${options.keyPrefix}socket.io`, subscriptionMode: 'dynamic' }),
    close: () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
