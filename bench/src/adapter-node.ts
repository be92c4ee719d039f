/**
 * One Socket.IO node for the adapter comparison: a plain server whose rooms are shared with the
 * other node through the adapter named in ADAPTER (classic | sharded | streams), relaying each
 * `relay` to the room the way the hub broadcasts `message:posted`. Loopback only.
 */
import http from 'node:http';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const kind = process.env.ADAPTER ?? 'classic';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.ADAPTER_PREFIX ?? 'bench-adapter';
const port = Number(process.env.PORT);

function adapterFor() {
  const publisher = new Redis(redisUrl);
  if (kind === 'streams') return createStreamsAdapter(publisher, { streamName: `${prefix}:stream`, maxLen: 100_000 });
  // A separate connection for subscribing; no ready check, which would send INFO in subscriber mode.
  const subscriber = new Redis(redisUrl, { enableReadyCheck: false });
  if (kind === 'sharded') return createShardedAdapter(publisher, subscriber, { channelPrefix: prefix, subscriptionMode: 'dynamic' });
  return createAdapter(publisher, subscriber, { key: prefix });
}

const server = http.createServer();
const io = new Server(server, { adapter: adapterFor(), serveClient: false });
io.on('connection', (socket) => {
  socket.on('join', (room: string, ack: () => void) => {
    void socket.join(room);
    ack();
  });
  socket.on('relay', (message: { room: string; sentAt: number; text: string }, ack: (answer: { ok: true }) => void) => {
    io.to(message.room).emit('relayed', message);
    ack({ ok: true });
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => {
  // The process exits at once: the close only tells the clients, nothing waits for it.
  void io.close();
  process.exit(0);
});
