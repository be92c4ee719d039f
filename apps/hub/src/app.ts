/**
 * createApp builds the hub from its dependencies (stores, clock, logger) and never reads the
 * environment or listens by itself: index.ts and tests decide that.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import type { Clock } from './clock';
import type { HubConfig } from './config';
import type { Logger } from './logger';
import { accountRoutes } from './http/account.routes';
import { createApiRouter } from './http/api-router';
import { authRoutes } from './http/auth.routes';
import { groupRoutes } from './http/group.routes';
import { healthRoutes } from './http/health.routes';
import { moderationRoutes } from './http/moderation.routes';
import { calendarFeedRoutes } from './http/calendar-feed.routes';
import { sponsorRoutes } from './http/sponsor.routes';
import { scheduleRoutes } from './http/schedule.routes';
import { SocketScheduleLive } from './realtime/socket-schedule-live';
import { AdminService } from './services/admin.service';
import { ScheduleService } from './services/schedule.service';
import { seatRoutes } from './http/seat.routes';
import { SeatService } from './services/seat.service';
import { memberCalendarFeedRoutes, memberCalendarRoutes } from './http/member-calendar.routes';
import { MemberCalendarService } from './services/member-calendar.service';
import { SponsorAttendance } from './services/sponsor-attendance';
import { SponsorService } from './services/sponsor.service';
import { type ModerationSettings, loadModerationSettings } from './moderation-config';
import { moderationHandlers } from './realtime/moderation.handlers';
import { CrisisAlerts } from './services/crisis-alerts';
import { RoomSnapshots } from './services/room-snapshot';
import { SocketModerationLive } from './realtime/socket-moderation-live';
import { SocketCrisisEscalation } from './realtime/socket-crisis-escalation';
import { ModerationService } from './services/moderation.service';
import { webAppRoutes } from './http/web-app';
import { NOTHING_ALLOWED_POLICY } from './http/content-security-policy';
import { createEventRouter } from './realtime/event-router';
import { roomHandlers } from './realtime/room.handlers';
import { createSocketServer } from './realtime/socket-server';
import type { FloodBudget } from './realtime/socket-flood-guard';
import { SocketLiveConnections } from './realtime/socket-live-connections';
import { sweepRights } from './realtime/rights-sweep';
import { RoomRights } from './services/room-rights';
import type { HubServer } from './realtime/socket-types';
import { AccessService } from './services/access.service';
import { AccountService } from './services/account.service';
import { GroupService } from './services/group.service';
import { PassphraseHasher } from './services/passphrase-hasher';
import { type RateLimitName, type RateLimitRule, RateLimiter } from './services/rate-limit-rules';
import { RoomService } from './services/room.service';
import { SessionLifecycleService } from './services/session-lifecycle.service';
import { SessionPlanner } from './services/session-planner.service';
import { RetentionService } from './services/retention.service';
import { MemoryRateLimitStore } from './stores/memory/rate-limit.store.memory';
import type { Stores } from './stores/stores';
import { NODE_HEARTBEAT_MS } from './stores/redis/redis-keys';
import { randomBytes } from 'node:crypto';
import { HubMetrics } from './observability/hub-metrics';

/** How long after the close a drained client should wait before it reconnects (to another node). */
const RECONNECT_AFTER_DRAIN_MS = 1000;
/** The shortest drain: long enough for a long-polling client to collect `server:draining`. */
const DRAIN_NOTICE_FLUSH_MS = 500;

export type AppConfig = Pick<HubConfig, 'production' | 'allowedOrigins' | 'secret' | 'webBuildDir' | 'lifecycleTickMs' | 'passphraseHashConcurrency'> & {
  /** Express `trust proxy`: the balancers' addresses and CIDRs whose X-Forwarded-For is believed. Default: none. */
  trustedProxies?: HubConfig['trustedProxies'];
  /** Where /metrics is served, apart from the app's port. Default: a free port on the app's host. */
  metricsPort?: number;
  metricsHost?: string;
  /** Hashes that may wait for a slot before sign-in and sign-up answer 503. Default: 32 per slot. */
  passphraseHashQueueMax?: number;
  /** Raised limits for tests that are not about limits. */
  floodBudget?: FloodBudget;
  rateLimitOverrides?: Partial<Record<RateLimitName, RateLimitRule>>;
  /** On stop, how long to answer not-ready before closing, so load balancers stop routing here first. */
  drainDelayMs?: number;
  /** Period of the rights sweep (realtime/rights-sweep.ts); default RIGHTS_SWEEP_MS; 0 turns it off (tests of the atomic steps alone). */
  rightsSweepMs?: number;
  /** Crisis patterns and resources, record retention. Default: the built-in lists, 90 days. */
  moderation?: ModerationSettings;
  /** How long a sign-in lasts (default 24 h, LOGIN_SESSION_TTL_MS): tests of its expiry shorten it. */
  loginTtlMs?: number;
};

export interface AppDeps {
  config: AppConfig;
  /** This node's id in presence entries and logs; random when not given. */
  nodeId?: string;
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Lets a test or a multi-node setup install the Socket.IO adapter before connections arrive. */
  configureSocketServer?: (io: HubServer) => void;
}

export function createApp(deps: AppDeps) {
  const { config, stores, clock, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // By address, never by hop count: only a peer on this list may name the client in X-Forwarded-For
  // (request.ip); a direct client's header is ignored however many entries it forges.
  app.set('trust proxy', config.trustedProxies ?? []);
  const httpServer = http.createServer(app);

  const hasher = new PassphraseHasher(config.passphraseHashConcurrency, config.passphraseHashQueueMax ?? config.passphraseHashConcurrency * 32);
  const rateLimiter = new RateLimiter(stores.rateLimits, new MemoryRateLimitStore(clock), config.secret, config.rateLimitOverrides);
  let draining = false;
  const io = createSocketServer(httpServer, {
    allowedOrigins: config.allowedOrigins, stores, logger, clock, isAccepting: () => !draining, secureCookies: config.production, floodBudget: config.floodBudget,
    // Called only once connections arrive, after `metrics` below exists.
    onGuarded: (action) => metrics.guarded(action),
  });
  const metrics = new HubMetrics({
    connections: () => io.engine.clientsCount,
    rooms: () => [...io.of('/').adapter.rooms.keys()].filter((room) => room.startsWith('session:')).length,
  });
  deps.configureSocketServer?.(io);
  const live = new SocketLiveConnections(io);
  const accounts = new AccountService({ stores, hasher, rateLimiter, live, clock, logger, secret: config.secret, loginTtlMs: config.loginTtlMs });
  const access = new AccessService(stores);
  const groups = new GroupService({ stores, clock, live });
  const nodeId = deps.nodeId ?? randomBytes(4).toString('hex');
  const scheduleLive = new SocketScheduleLive(io);
  const seats = new SeatService({ stores, scheduleLive, logger });
  const calendars = new MemberCalendarService({ stores, clock });
  const rooms = new RoomService({ stores, live, rateLimiter, logger, clock, nodeId, seats, attendance: new SponsorAttendance({ stores, secret: config.secret, logger }) });
  let heartbeat: NodeJS.Timeout | null = null;
  const beat = () => rooms.heartbeat(clock.now()).catch((error: unknown) => logger.warn({ event: 'presence.heartbeat_failed', err: error }, 'presence heartbeat failed'));
  const sponsors = new SponsorService({ stores, clock, secret: config.secret, live });
  const planner = new SessionPlanner({ stores, clock });
  const moderationSettings = config.moderation ?? loadModerationSettings({ retentionDays: 90 });
  const retention = new RetentionService({ stores, clock, logger, moderationRetentionMs: moderationSettings.recordRetentionMs });
  const lifecycle = new SessionLifecycleService({ stores, live, clock, logger, tickMs: config.lifecycleTickMs, planner, retention });
  const schedules = new ScheduleService({
    stores, clock, logger, live, scheduleLive, planner, lifecycle,
    admin: new AdminService({ stores, hasher, secret: config.secret, clock }),
  });
  const moderationLive = new SocketModerationLive(io);
  const crisisAlerts = new CrisisAlerts({ stores, moderationLive, escalation: new SocketCrisisEscalation(io), clock, logger, resources: () => moderationSettings.crisisResources.map((resource) => ({ ...resource })) });
  const moderation = new ModerationService({ stores, live, moderationLive, clock, logger, rateLimiter, settings: moderationSettings, crisisAlerts });
  const snapshots = new RoomSnapshots({ stores, clock, crisisAlerts });
  const groupName = async (groupId: string) => (await stores.groups.getGroup(groupId))?.name ?? '';

  // Pages replace this policy with their own (http/web-app.ts); everything else may run nothing.
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: NOTHING_ALLOWED_POLICY }, xFrameOptions: { action: 'deny' }, hsts: config.production }));
  app.use(healthRoutes({ isReady: async () => !draining && (await stores.ping()) }));
  // Metrics live on their own port (metricsServer); the app port never serves them, not even the web app's fallback page.
  app.all('/metrics', (_request, response) => void response.status(404).type('text/plain').send('Not found'));
  const metricsServer = createMetricsServer(metrics);
  app.use('/api', createApiRouter({
    handlers: {
      ...authRoutes({ accounts, secureCookies: config.production, now: () => clock.now() }),
      ...accountRoutes({ accounts, groups, secureCookies: config.production }),
      ...groupRoutes({ groups, groupName }),
      ...moderationRoutes({ moderation, recordRetentionMs: moderationSettings.recordRetentionMs }),
      ...sponsorRoutes({ sponsors }),
      ...scheduleRoutes({ schedules }),
      ...seatRoutes({ seats }),
      ...memberCalendarRoutes({ calendars }),
    },
    accounts, access, allowedOrigins: config.allowedOrigins, logger, secureCookies: config.production,
  }));
  app.use(memberCalendarFeedRoutes({ calendars, logger }));
  app.use(calendarFeedRoutes({ sponsors, logger }));
  app.use(webAppRoutes(config.webBuildDir));

  const room = roomHandlers({ rooms, lifecycle });
  const attachRouter = createEventRouter({ handlers: { ...room, ...moderationHandlers({ moderation, crisisAlerts, snapshots, room }) }, access, stores, logger, observer: metrics });
  io.on('connection', (socket) => {
    attachRouter(socket);
    socket.on('disconnect', () => {
      for (const sessionId of socket.data.joined.keys()) {
        rooms.leave(sessionId, socket.id).catch((error: unknown) => logger.warn({ event: 'presence.leave_failed', sessionId, err: error }, 'could not clear presence'));
      }
    });
  });

  let stopRightsSweep: (() => void) | null = null;

  return {
    httpServer,
    io,
    metrics,
    services: { accounts, access, groups, rooms, lifecycle, planner, hasher, moderation, sponsors, schedules, seats },
    /**
     * Listens and starts the lifecycle, whose duties plan sessions ahead and apply retention (each
     * queued at once on a first start; after a restart, when it falls due). Resolves with the bound port.
     */
    async start(port: number, host = '127.0.0.1'): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      await lifecycle.queueDuties();
      await beat();
      heartbeat = setInterval(() => void beat(), NODE_HEARTBEAT_MS);
      heartbeat.unref();
      await new Promise<void>((resolve, reject) => {
        metricsServer.once('error', reject);
        metricsServer.listen(config.metricsPort ?? 0, config.metricsHost ?? host, () => resolve());
      });
      stopRightsSweep = sweepRights(io, { rights: new RoomRights({ stores, clock }), logger, intervalMs: config.rightsSweepMs });
      lifecycle.start();
      return (httpServer.address() as AddressInfo).port;
    },
    /** The bound metrics port, once started. */
    metricsPort(): number {
      return (metricsServer.address() as AddressInfo).port;
    },
    /**
     * Drains: tells every client at once (`server:draining`, while its connection still stands),
     * then answers not-ready and refuses new sockets for `drainDelayMs` so load balancers move new
     * traffic away while the clients it has are still served; then disconnects them (they reconnect
     * elsewhere) and closes. Acked messages are all in Redis, so clients resume from their last id.
     */
    async stop(): Promise<void> {
      draining = true;
      // This node's sockets only (`local`): through the Redis adapter the sharded adapter would
      // deliver the notice here only after its publish, and every other node's clients would get it.
      io.local.emit('server:draining', { reconnectInMs: RECONNECT_AFTER_DRAIN_MS });
      // A long-polling client receives the notice only on its next poll: then never close before one can pass.
      const polling = [...io.of('/').sockets.values()].some((socket) => socket.conn.transport.name === 'polling');
      const drained = new Promise((resolve) => setTimeout(resolve, Math.max(config.drainDelayMs ?? 0, polling ? DRAIN_NOTICE_FLUSH_MS : 0)));
      await lifecycle.stop();
      if (heartbeat) clearInterval(heartbeat);
      stopRightsSweep?.();
      await drained;
      // This node's sockets only (`local`): through the Redis adapter, every other node would
      // disconnect all of its own sockets (cluster/drain.integration.test.ts).
      io.local.disconnectSockets(true);
      // Resolves once the HTTP server has closed too (socket.io 4.8's close never rejects).
      await io.close();
      httpServer.closeAllConnections();
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    },
  };
}

export type HubApp = ReturnType<typeof createApp>;

/**
 * The scrape target, on a port of its own: the Service and the balancer route only the app port,
 * and the NetworkPolicy admits this one from the monitoring namespace only. GET /metrics, nothing else.
 */
function createMetricsServer(metrics: HubMetrics): http.Server {
  return http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable'),
    );
  });
}
