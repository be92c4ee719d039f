/**
 * The room adapter between two Socket.IO servers on the real Redis: a session's room has a shard
 * channel of its own, rooms that address one person share the namespace's channel, and either
 * kind still reaches a socket on the other node (broadcasts and disconnects alike), and a node's
 * own broadcasts, handed back by Redis, are dropped before they are decoded.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { createRoomAdapter } from './socket-adapter';
import { openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';

const keyPrefix = uniqueKeyPrefix();
const redis = openTestRedis();
const personRooms = ['account:a1', 'login:digest1', 'membership:g1:a1', 'session:s1:member:ref1', 'session:s1:facilitators'];
const sessionRoom = 'session:s1';

interface Node { io: Server; http: HttpServer; url: string; close(): Promise<void> }

async function startNode(): Promise<Node> {
  const http = createServer();
  const io = new Server(http);
  const rooms = createRoomAdapter({ ephemeral: redis, keyPrefix });
  io.adapter(rooms.adapter);
  // The test's client names the rooms its socket enters.
  io.on('connection', (socket) => { void socket.join(socket.handshake.auth.rooms as string[]); socket.emit('joined'); });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    io, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: async () => {
      await io.close();
      rooms.close();
    },
  };
}

async function shardChannels(): Promise<string[]> {
  const channels = (await redis.call('PUBSUB', 'SHARDCHANNELS', `${keyPrefix}socket.io#/#*`)) as string[];
  return channels.map((channel) => channel.slice(`${keyPrefix}socket.io#/#`.length)).sort();
}

async function connectTo(node: Node, rooms: string[]): Promise<ClientSocket> {
  const client = connectClient(node.url, { transports: ['websocket'], auth: { rooms }, reconnection: false });
  await new Promise<void>((resolve) => client.once('joined', () => resolve()));
  return client;
}

const until = async (check: () => Promise<boolean>) => {
  for (let attempt = 0; attempt < 100 && !(await check()); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
};

let sender: Node;
let receiver: Node;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  [sender, receiver] = [await startNode(), await startNode()];
  // Each node's own channels: the namespace's (shared) and one for answers to it.
  await until(async () => (await shardChannels()).length === 3);
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await sender.close();
  await receiver.close();
  redis.disconnect();
});

it('subscribes a channel for a session room only, and drops it when the room empties', async () => {
  const before = await shardChannels();
  const client = await connectTo(receiver, [sessionRoom, ...personRooms]);
  await until(async () => (await shardChannels()).length > before.length);
  const added = (await shardChannels()).filter((channel) => !before.includes(channel));
  expect(added).toEqual([`${sessionRoom}#`]);
  client.disconnect();
  await until(async () => (await shardChannels()).length === before.length);
  expect(await shardChannels()).toEqual(before);
});

it('delivers a broadcast to every kind of room across nodes, once', async () => {
  const client = await connectTo(receiver, [sessionRoom, ...personRooms]);
  clients.push(client);
  await until(async () => (await shardChannels()).includes(`${sessionRoom}#`));
  const heard: string[] = [];
  client.on('notice', (room: string) => heard.push(room));
  for (const room of [sessionRoom, ...personRooms]) sender.io.to(room).emit('notice', room);
  sender.io.to(['account:a1', 'login:digest1']).emit('notice', 'two rooms');
  await until(async () => heard.length >= personRooms.length + 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(heard.sort()).toEqual([sessionRoom, ...personRooms, 'two rooms'].sort());
});

it('disconnects the sockets of a person room on another node', async () => {
  const client = await connectTo(receiver, ['login:digest2', 'account:a2']);
  const closed = new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));
  sender.io.in('login:digest2').disconnectSockets(true);
  expect(await closed).toBe('io server disconnect');
});

it('drops its own broadcasts undecoded when Redis hands them back, and decodes the other node\'s', async () => {
  interface Inner { uid: string; subClient: { on(event: 'smessageBuffer', listener: (channel: Buffer, raw: Buffer) => void): void }; onMessage(message: { uid: string }): void }
  const inner = (node: Node) => node.io.of('/').adapter as unknown as Inner;
  const [mine, theirs] = [inner(sender), inner(receiver)];
  const onSender = await connectTo(sender, [sessionRoom]);
  const onReceiver = await connectTo(receiver, [sessionRoom]);
  clients.push(onSender, onReceiver);
  await until(async () => (await redis.call('PUBSUB', 'SHARDNUMSUB', `${keyPrefix}socket.io#/#${sessionRoom}#`) as [string, number])[1] === 2);
  const echoes: Buffer[] = [];
  mine.subClient.on('smessageBuffer', (_channel, raw) => { if (raw.includes(mine.uid)) echoes.push(raw); });
  const decoded = { bySender: [] as string[], byReceiver: [] as string[] };
  const count = (adapter: Inner, into: string[]) => {
    const handle = adapter.onMessage.bind(adapter);
    adapter.onMessage = (message) => { into.push(message.uid); handle(message); };
  };
  count(mine, decoded.bySender);
  count(theirs, decoded.byReceiver);
  const heard = { onSender: 0, onReceiver: 0 };
  onSender.on('echo-check', () => { heard.onSender += 1; });
  onReceiver.on('echo-check', () => { heard.onReceiver += 1; });
  sender.io.to(sessionRoom).emit('echo-check', { text: 'ends like "uid":"x","nsp":"/"}' });
  await until(async () => heard.onReceiver === 1 && echoes.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(echoes.length).toBe(1);
  expect(decoded.bySender).toEqual([]);
  expect(decoded.byReceiver).toEqual([mine.uid]);
  expect(heard).toEqual({ onSender: 1, onReceiver: 1 });
});

it('collects a screen\'s acknowledgement across nodes, and none from a socket that does not answer (the crisis escalation\'s count)', async () => {
  const answering = await connectTo(receiver, ['account:a3']);
  const silent = await connectTo(receiver, ['account:a4']);
  clients.push(answering, silent);
  answering.on('crisis:escalated', (_alert: unknown, seen: (shown: true) => void) => seen(true));
  const seenBy = (rooms: string[]) => new Promise<number>((resolve) => {
    sender.io.to(rooms).timeout(1_000).emit('crisis:escalated', { alertId: 'a' }, (_late: Error | null, answers: true[]) => resolve(answers.length));
  });
  expect(await seenBy(['account:a3', 'account:a4'])).toBe(1);
  expect(await seenBy(['account:a4'])).toBe(0);
  expect(await seenBy(['account:nobody-here'])).toBe(0);
});
