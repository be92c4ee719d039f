/**
 * The Socket.IO server: the handshake checks the Origin against the allowlist (CORS does not cover
 * WebSockets) and authenticates the sign-in cookie. Credentials never travel in the URL or the
 * auth payload. Payloads are capped at the protocol's size.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { SOCKET_MAX_PAYLOAD_BYTES } from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { AccountService } from '../services/account.service';
import { readSessionToken } from '../http/session-cookie';
import type { Stores } from '../stores/stores';
import type { HubServer } from './socket-types';
import { roomNames } from './socket-types';
import { guardEngineOrigins } from './engine-origin-guard';
import { endAtLoginExpiry } from './login-expiry-guard';
import { type FloodBudget, type GuardCutReason, type SocketGuardAction, guardAgainstFloods } from './socket-flood-guard';
import { type SlowReaderBound, guardAgainstSlowReaders } from './slow-reader-guard';

export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  return typeof origin === 'string' && allowedOrigins.includes(origin);
}

export function createSocketServer(httpServer: HttpServer, deps: {
  allowedOrigins: readonly string[]; stores: Stores; logger: Logger; clock: Clock; isAccepting?: () => boolean;
  /** Production: the handshake reads the `__Host-` sign-in cookie (http/session-cookie.ts). */
  secureCookies: boolean;
  /** Per-connection packet budget and slow-reader bound; defaults in their modules. */
  floodBudget?: FloodBudget; slowReaderBound?: SlowReaderBound;
  /** Counts what the guards did (metrics): a packet refused over budget, a connection cut. */
  onGuarded?: (action: SocketGuardAction) => void;
}): HubServer {
  const io: HubServer = new Server(httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
    serveClient: false,
    connectTimeout: 10_000,
    // While draining, new handshakes are refused so clients reconnect to another node.
    allowRequest: (request, callback) => callback(null, (deps.isAccepting?.() ?? true) && isAllowedOrigin(request, deps.allowedOrigins)),
  });
  // allowRequest only runs at the handshake; requests carrying a session id are checked here.
  guardEngineOrigins(io, deps.allowedOrigins);

  // Socket.IO ignores a middleware's result: the body catches every error itself and answers
  // through next, so nothing is left to reject.
  io.use((socket, next) => void (async () => {
    try {
      const token = readSessionToken(socket.request.headers.cookie, deps.secureCookies);
      const tokenDigest = token ? AccountService.tokenDigest(token) : null;
      const login = tokenDigest ? await deps.stores.loginAccounts.readWithExpiry(tokenDigest) : null;
      if (!login || !tokenDigest) return next(Object.assign(new Error('unauthenticated'), { data: { code: 'unauthenticated' } }));
      const { account, expiresAt } = login;
      socket.data = { accountId: account.id, roles: [...account.roles], tokenDigest, loginExpiresAt: expiresAt, joined: new Map() };
      const rooms = [roomNames.account(account.id), roomNames.login(tokenDigest)];
      if (account.roles.includes('on_call')) rooms.push(roomNames.onCall());
      await socket.join(rooms);
      next();
    } catch (error) {
      deps.logger.error({ event: 'socket.auth_failed', err: error }, 'socket authentication failed');
      next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable' } }));
    }
  })());
  const onCut = (reason: GuardCutReason, count: number) => {
    deps.onGuarded?.(reason);
    deps.logger.warn({ event: 'socket.guard_cut', reason, count }, 'connection cut by a socket guard');
  };
  // Registered here, before the app's connection handler attaches the event router, so the packet
  // budget runs ahead of the router on every packet.
  io.on('connection', (socket) => {
    // First: once the sign-in has expired, no packet of this socket reaches anything else.
    endAtLoginExpiry(socket, deps.clock);
    guardAgainstFloods(socket, { budget: deps.floodBudget, onCut, onRefused: () => deps.onGuarded?.('refused') });
  });
  const stopSlowReaderSweep = guardAgainstSlowReaders(io, { bound: deps.slowReaderBound, onCut });
  httpServer.once('close', stopSlowReaderSweep);
  return io;
}
