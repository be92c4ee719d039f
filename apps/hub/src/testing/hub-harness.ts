/**
 * Boots a real hub on a free loopback port, on the real Redis (or in memory), with its logs
 * captured, plus helpers that act as a member would: sign up over HTTP, connect a real
 * socket.io-client with the cookie and an allowed Origin.
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import { createRoomAdapter } from '../realtime/socket-adapter';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Response, ServerToClientEvents } from '@respite/protocol';
import { createApp, type HubApp } from '../app';
import type { FloodBudget } from '../realtime/socket-flood-guard';
import { type Clock, systemClock } from '../clock';
import { type DemoSeed, seedDemo } from '../demo-seed';
import { createLogger } from '../logger';
import { connectRedis, createMemoryStores, createRedisStores, type RedisConnections, type Stores } from '../stores/stores';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from './redis-test-env';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestHub {
  app: HubApp;
  stores: Stores;
  redis: RedisConnections | null;
  keyPrefix: string;
  url: string;
  origin: string;
  /** Where this hub serves /metrics: its own port, apart from `url`. */
  metricsUrl: string;
  demo: DemoSeed;
  /** Every log line the hub wrote, raw. */
  logs: string[];
  stop(): Promise<void>;
}

/** What the helpers below need of a hub: enough to reach a hub run as its own process too. */
export type HubAddress = Pick<TestHub, 'url' | 'origin' | 'demo'>;

/** Generous limits for tests that are not about limits; the limit tests pass `realRateLimits`. */
const relaxedRateLimits = {
  signUpPerAddress: { name: 'sign-up-address', limit: 10_000, windowMs: 60_000 },
  signUpCodeMissesPerAddress: { name: 'sign-up-code-miss-address', limit: 10_000, windowMs: 60_000 },
  signUpPerInvite: { name: 'sign-up-invite', limit: 10_000, windowMs: 60_000 },
  signUpPerSponsor: { name: 'sign-up-sponsor', limit: 10_000, windowMs: 60_000 },
  signInPerAddress: { name: 'sign-in-address', limit: 10_000, windowMs: 60_000 },
  joinsPerAccount: { name: 'joins-account', limit: 10_000, windowMs: 60_000 },
  messagesPerMember: { name: 'messages-member', limit: 10_000, windowMs: 60_000 },
};

export async function startTestHub(options: {
  stores?: 'redis' | 'memory'; clock?: Clock; keyPrefix?: string; seed?: boolean; realRateLimits?: boolean; adapter?: boolean; ephemeralUrl?: string; drainDelayMs?: number;
  /** TRUSTED_PROXIES as production sets it (e.g. ['127.0.0.1'] for a balancer on loopback). Default: none. */
  trustedProxies?: string[];
  passphraseHashConcurrency?: number; passphraseHashQueueMax?: number;
  /** Production cookies (`__Host-` name, Secure) over the test's plain http; the client sends them by hand. */
  production?: boolean;
  /** A sign-in's lifetime, for tests of its expiry (default 24 h). */
  loginTtlMs?: number;
  /** The rights sweep's period; 0 turns it off (tests of the atomic steps alone). */
  rightsSweepMs?: number;
  /** The per-connection packet budget (default: production's); raised by tests that send many packets on one socket on purpose. */
  floodBudget?: FloodBudget;
} = {}): Promise<TestHub> {
  const clock = options.clock ?? systemClock;
  const keyPrefix = options.keyPrefix ?? uniqueKeyPrefix();
  const redis = options.stores === 'memory' ? null : connectRedis({ durableUrl: testRedisUrl, ephemeralUrl: options.ephemeralUrl ?? testRedisUrl });
  const stores = redis ? createRedisStores(redis, keyPrefix, clock) : createMemoryStores(clock);
  const logs: string[] = [];
  const adapterConnections: { disconnect(): void }[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done(); } });
  const logger = createLogger({ level: 'debug', nodeId: 'test', destination });
  // The port is only known after listening, so the allowlist names the loopback origin pattern after start.
  const allowedOrigins: string[] = [];
  const app = createApp({
    config: {
      production: options.production ?? false, allowedOrigins, loginTtlMs: options.loginTtlMs, secret: 'test-secret-that-is-long-enough-123', webBuildDir: path.resolve(__dirname, '../../../web/build'),
      lifecycleTickMs: 100, passphraseHashConcurrency: options.passphraseHashConcurrency ?? 2, passphraseHashQueueMax: options.passphraseHashQueueMax,
      drainDelayMs: options.drainDelayMs, rightsSweepMs: options.rightsSweepMs, rateLimitOverrides: options.realRateLimits ? {} : relaxedRateLimits, trustedProxies: options.trustedProxies,
      floodBudget: options.floodBudget,
    },
    stores, clock, logger,
    // Several hubs in one test share rooms the way production nodes do: through the Redis adapter.
    configureSocketServer: options.adapter && redis
      ? (io) => {
        const rooms = createRoomAdapter({ ephemeral: redis.ephemeral, keyPrefix });
        adapterConnections.push({ disconnect: () => rooms.close() });
        io.adapter(rooms.adapter);
      }
      : undefined,
  });
  const port = await app.start(0);
  const origin = `http://127.0.0.1:${port}`;
  allowedOrigins.push(origin, `http://localhost:${port}`);
  const demo = options.seed === false
    ? { inviteCode: '', groupId: '', liveSessionId: '' }
    : await seedDemo({ stores, accounts: app.services.accounts, hasher: app.services.hasher, lifecycle: app.services.lifecycle, clock });
  return {
    app, stores, redis, keyPrefix, url: origin, origin, metricsUrl: `http://127.0.0.1:${app.metricsPort()}`, demo, logs,
    async stop() {
      await app.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const connection of adapterConnections) connection.disconnect();
      // A hub that joined another's key prefix leaves the keys to the hub that made them.
      if (redis && !options.keyPrefix) await deleteKeysWithPrefix(redis.durable, keyPrefix);
      await stores.close();
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: Response<T>;
  cookie: string | null;
}

export async function callApi<T = any>(hub: Pick<TestHub, 'url' | 'origin'>, method: string, path: string, body?: unknown, cookie?: string | null): Promise<ApiAnswer<T>> {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      origin: hub.origin,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = response.headers.get('set-cookie');
  return { status: response.status, body: (await response.json()) as Response<T>, cookie: setCookie ? setCookie.split(';')[0]! : null };
}

let handleCounter = 0;

export interface TestMember {
  cookie: string;
  handle: string;
  passphrase: string;
  recoveryCode: string;
}

/** Signs up with the demo code and joins the demo group under `alias` (generated when null). */
export async function signUpMember(hub: HubAddress, options: { alias?: string | null; join?: boolean } = {}): Promise<TestMember> {
  handleCounter += 1;
  const handle = `member-${process.pid}-${handleCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const passphrase = 'violet tide under quiet hills';
  const signUp = await callApi<{ recoveryCode: string }>(hub, 'POST', '/api/auth/sign-up', { inviteCode: hub.demo.inviteCode, handle, passphrase });
  if (!signUp.body.ok || !signUp.cookie) throw new Error(`sign-up failed: ${JSON.stringify(signUp.body)}`);
  if (options.join !== false) {
    const joined = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/membership`, { alias: options.alias ?? null, acceptNorms: true }, signUp.cookie);
    if (!joined.body.ok) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  }
  return { cookie: signUp.cookie, handle, passphrase, recoveryCode: signUp.body.data.recoveryCode };
}

export async function signInFacilitator(hub: Pick<TestHub, 'url' | 'origin'>): Promise<string> {
  const { DEMO_FACILITATOR } = await import('../demo-seed');
  const answer = await callApi(hub, 'POST', '/api/auth/sign-in', DEMO_FACILITATOR);
  if (!answer.cookie) throw new Error('facilitator sign-in failed');
  return answer.cookie;
}

export function connectClient(hub: Pick<TestHub, 'url' | 'origin'>, cookie: string | null, options: { origin?: string; reconnection?: boolean } = {}): ClientSocket {
  return connectSocket(hub.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: options.reconnection ?? false,
    extraHeaders: { origin: options.origin ?? hub.origin, ...(cookie ? { cookie } : {}) },
  });
}

/**
 * Connected sockets for a test file: `open(cookie)` connects one and waits for it, `closeAll()`
 * disconnects every one opened so far (in an afterEach or afterAll).
 */
export function socketTracker(hub: () => Pick<TestHub, 'url' | 'origin'>) {
  const opened: ClientSocket[] = [];
  return {
    open: async (cookie: string): Promise<ClientSocket> => {
      const socket = connectClient(hub(), cookie);
      opened.push(socket);
      await connected(socket);
      return socket;
    },
    closeAll: (): void => {
      for (const socket of opened.splice(0)) socket.disconnect();
    },
  };
}

export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** The ack of one emit, as a promise. */
export function request<T = any>(socket: ClientSocket, event: string, payload: unknown): Promise<Response<T>> {
  return (socket as any).timeout(5000).emitWithAck(event, payload);
}

/** Resolves with the next `event` the socket receives. */
export function nextEvent<T = any>(socket: ClientSocket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    (socket as any).once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Collects every `event` the socket receives from now on. */
export function collect<T = any>(socket: ClientSocket, event: string): T[] {
  const received: T[] = [];
  (socket as any).on(event, (payload: T) => received.push(payload));
  return received;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
