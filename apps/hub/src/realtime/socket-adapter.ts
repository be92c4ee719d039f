/**
 * How hub nodes share rooms: the Socket.IO sharded Redis adapter (Redis 7 SPUBLISH/SSUBSCRIBE), on
 * the ephemeral Redis. Chosen over the classic adapter (every node decodes every broadcast) and the
 * Streams adapter (keeps broadcasts, message text included, in a Redis stream after the session):
 * see docs/operations.md, "Choosing the adapter".
 *
 * Which rooms get a channel of their own: only a session's room, which carries its chat, so that a
 * message reaches only the nodes with a member there. Every other room addresses one person or a
 * session's facilitators (an account, a sign-in, a membership, a member's private room): there is
 * one per member, their traffic is rare notices, and a channel each would cost a subscription per
 * room on every connect and join. Their broadcasts go on the namespace's channel, which every node
 * hears. Publisher and subscriber decide with the same `hasOwnChannel`, so every node must run a
 * version that agrees (docs/operations.md, "Upgrading").
 *
 * Redis hands a node back every broadcast it publishes (it listens on the channels it publishes
 * to); the adapter would decode each one only to drop it as its own. Those are dropped undecoded.
 */
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { isSessionRoom } from './socket-types';

export interface AdapterConnections {
  adapter: ReturnType<typeof createShardedAdapter>;
  close(): void;
}

/** A room whose broadcasts travel on a shard channel of its own (subscribed while this node has a member there). */
export const hasOwnChannel = isSessionRoom;

/** The sharded adapter's two decisions, as @socket.io/redis-adapter 8.3 names them (pinned; the adapter test fails if they move). */
interface ShardedAdapterChannels {
  channel: string;
  shouldUseASeparateNamespace(room: string): boolean;
  computeChannel(message: { type: number; data?: { requestId?: string; opts?: { rooms?: string[] } } }): string;
}

function keepChannelsForSessionRooms(adapter: ShardedAdapterChannels): void {
  if (typeof adapter.shouldUseASeparateNamespace !== 'function' || typeof adapter.computeChannel !== 'function') {
    throw new Error('The sharded Redis adapter no longer has the channel methods this hub narrows; check the pinned version.');
  }
  const separate = adapter.shouldUseASeparateNamespace.bind(adapter);
  const compute = adapter.computeChannel.bind(adapter);
  adapter.shouldUseASeparateNamespace = (room) => hasOwnChannel(room) && separate(room);
  adapter.computeChannel = (message) => {
    const rooms = message.data?.opts?.rooms;
    if (rooms?.length === 1 && !hasOwnChannel(rooms[0]!)) return adapter.channel;
    return compute(message);
  };
}

/** The sharded adapter's receiving side, as @socket.io/redis-adapter 8.3 names it. */
interface ShardedAdapterReceiver {
  uid: string;
  nsp: { name: string };
  onRawMessage(raw: Buffer, channel: Buffer): void;
}

/**
 * A JSON message (the adapter's format when nothing is binary) ends with its publisher's uid and
 * namespace: ClusterAdapter adds them last, after the type and the data. This node's own end with
 * its uid; every other message is decoded and handled as before. msgpack messages pass untouched.
 */
function dropOwnMessagesUndecoded(adapter: ShardedAdapterReceiver): void {
  // The declared shape is a claim about the pinned adapter's internals; this checks it at run time.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
  if (typeof adapter.onRawMessage !== 'function' || typeof adapter.uid !== 'string' || typeof adapter.nsp?.name !== 'string') {
    throw new Error('The sharded Redis adapter no longer has the receiving method this hub wraps; check the pinned version.');
  }
  const ownEnding = Buffer.from(`,"uid":${JSON.stringify(adapter.uid)},"nsp":${JSON.stringify(adapter.nsp.name)}}`);
  const receive = adapter.onRawMessage.bind(adapter);
  adapter.onRawMessage = (raw, channel) => {
    const own = raw[0] === 0x7b && raw.length > ownEnding.length && raw.subarray(raw.length - ownEnding.length).equals(ownEnding);
    if (!own) receive(raw, channel);
  };
}

export function createRoomAdapter(options: { ephemeral: Redis; keyPrefix: string }): AdapterConnections {
  const publisher = options.ephemeral.duplicate();
  // The subscriber skips the ready check: ioredis would send INFO on a connection in subscriber mode.
  const subscriber = new Redis({ ...options.ephemeral.options, enableReadyCheck: false, connectionName: 'respite-adapter-subscriber' });
  const sharded = createShardedAdapter(publisher, subscriber, { channelPrefix: `${options.keyPrefix}socket.io`, subscriptionMode: 'dynamic' });
  // Socket.IO calls the adapter with `new`: a function (not an arrow) whose returned object stands.
  const adapter = function narrowedShardedAdapter(namespace: Parameters<typeof sharded>[0]) {
    const instance = sharded(namespace);
    keepChannelsForSessionRooms(instance as unknown as ShardedAdapterChannels);
    dropOwnMessagesUndecoded(instance as unknown as ShardedAdapterReceiver);
    return instance;
  } as typeof sharded;
  return {
    adapter,
    close: () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
