/**
 * The baselines, as their own process: a plain Socket.IO server on `http`, with no Express, no
 * auth and no Redis ("bare": joins rooms, relays messages with an ack, keeps the recent ones in
 * memory), and "bare+redis": the same plus exactly the Redis commands of the hub's send path:
 * one HMGET of the session record (event-router authorizeInRoom) and the hub's post script without
 * its send gate (EXISTS + INCR + PEXPIRE + PTTL + HGET + XREVRANGE + XADD + HSET + 2×PEXPIRE), by
 * EVALSHA. It is the limit of the stack, not a product: it checks nothing.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { messageFields } from '../../apps/hub/src/stores/redis/message.store.redis';
import { postMessageScript } from '../../apps/hub/src/stores/redis/room-post.store.redis';
import { bareKeys, SESSION_FIELDS } from './bare-keys';
import { startServerProbe } from './server-probe';

// The hub's own send script, imported, so the baseline can never drift from the hub's send path.
const POST = postMessageScript.source;
const sha = (source: string) => createHash('sha1').update(source).digest('hex');

async function evalsha(redis: Redis, source: string, keys: string[], args: (string | number)[]): Promise<any> {
  try {
    return await redis.evalsha(sha(source), keys.length, ...keys, ...args);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(source, keys.length, ...keys, ...args);
    throw error;
  }
}

async function main(): Promise<void> {
  const mode = process.env.BENCH_SERVER === 'bare+redis' ? 'bare+redis' : 'bare';
  const redis = mode === 'bare+redis' ? new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 }) : null;
  const keys = bareKeys(process.env.BENCH_KEY_PREFIX ?? 'bench:');
  const recent = new Map<string, unknown[]>();
  let sequence = 0;

  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 16_384 });
  io.on('connection', (socket) => {
    const memberRef = socket.id.slice(0, 12);
    const joined = new Set<string>();
    socket.on('session:join', async (payload: { sessionId: string }, ack: (answer: unknown) => void) => {
      try {
        await socket.join(payload.sessionId);
        joined.add(payload.sessionId);
        const messages = redis
          ? (await redis.xrevrange(keys.messages(payload.sessionId), '+', '-', 'COUNT', 50)).reverse().map(([id, flat]) => ({ id, text: flat[flat.length - 1] }))
          : recent.get(payload.sessionId) ?? [];
        ack({ ok: true, data: { sessionId: payload.sessionId, messages } });
      } catch {
        ack({ ok: false, error: { code: 'unavailable', message: 'unavailable' } });
      }
    });
    socket.on('message:send', async (payload: { sessionId: string; clientId: string; text: string }, ack: (answer: unknown) => void) => {
      try {
        const { sessionId, clientId, text } = payload;
        if (!joined.has(sessionId)) return ack({ ok: false, error: { code: 'forbidden', message: 'join first' } });
        let id: string;
        if (redis) {
          const session = await redis.hmget(keys.session(sessionId), ...SESSION_FIELDS);
          if (!session[0]) return ack({ ok: false, error: { code: 'not_found', message: 'no session' } });
          const ttlMs = Math.max(1, Number(session[4]) + 5 * 60_000 - Date.now());
          // The hub's limit of 20 messages per 20 s, counted inside the post as the hub counts it; no
          // send gate (an empty member ref), so its three reads stay on the hub's side of the ratio; the
          // refusal read (one HMGET) is part of every send, so the baseline runs it too.
          const [status, storedId] = await evalsha(redis, POST, [
            keys.open(sessionId), keys.messages(sessionId), keys.clientIds(sessionId), keys.rate(`${sessionId}:${memberRef}`),
            keys.settings(sessionId), keys.mutes(sessionId), keys.lastSends(sessionId), keys.flags(sessionId),
          ], [`${memberRef}:${clientId}`, ttlMs, 20, 20_000, '', '', memberRef, 'bench-login', ...messageFields({ authorRef: memberRef, alias: 'Bench Alias', role: 'member', clientId, text })]);
          if (status !== 'stored') return ack({ ok: false, error: { code: status, message: status } });
          id = storedId;
        } else {
          id = `${Date.now()}-${sequence++}`;
        }
        const message = { sessionId, id, clientId, memberRef, alias: 'Bench Alias', role: 'member', text, sentAt: new Date().toISOString() };
        if (!redis) {
          const list = recent.get(sessionId) ?? [];
          list.push(message);
          if (list.length > 50) list.shift();
          recent.set(sessionId, list);
        }
        io.to(sessionId).emit('message:posted', message);
        ack({ ok: true, data: { id, clientId, sentAt: message.sentAt, duplicate: false } });
      } catch {
        ack({ ok: false, error: { code: 'unavailable', message: 'unavailable' } });
      }
    });
  });
  startServerProbe();
  // A normal exit on the harness's stop, so that a CPU profile (--cpu-prof) is written.
  process.once('SIGTERM', () => process.exit(0));
  httpServer.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
    const address = httpServer.address();
    process.send!({ ready: typeof address === 'object' && address ? address.port : 0 });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
