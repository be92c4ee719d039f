/**
 * Prometheus metrics for one hub node. Labels come only from closed lists (socket event names of
 * the contract, error codes): never an alias, a handle, a session id or any message text.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ErrorCode } from '@respite/protocol';
import type { SocketGuardAction } from '../realtime/socket-flood-guard';

export interface EventObserver {
  /** One answered socket event: how long from arrival to answer, and the error code if refused. */
  answered(event: string, seconds: number, errorCode: ErrorCode | null): void;
  storageFailed(): void;
}

export class HubMetrics implements EventObserver {
  readonly registry = new Registry();
  private readonly acks: Histogram<'event' | 'outcome'>;
  private readonly messages: Counter;
  private readonly rejections: Counter<'code'>;
  private readonly storageErrors: Counter;
  private readonly socketGuards: Counter<'action'>;

  constructor(sources: { connections: () => number; rooms: () => number }) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    new Gauge({ name: 'respite_connections', help: 'Socket.IO connections on this node', registers: [this.registry], collect() { this.set(sources.connections()); } });
    new Gauge({ name: 'respite_rooms', help: 'Session rooms with a connection on this node', registers: [this.registry], collect() { this.set(sources.rooms()); } });
    this.acks = new Histogram({
      name: 'respite_ack_latency_seconds', help: 'Time from a socket event arriving to its answer', labelNames: ['event', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry],
    });
    this.messages = new Counter({ name: 'respite_messages_total', help: 'Sends answered ok, retries included (rate() gives messages per second)', registers: [this.registry] });
    this.rejections = new Counter({ name: 'respite_socket_rejections_total', help: 'Socket events refused, by error code', labelNames: ['code'], registers: [this.registry] });
    this.socketGuards = new Counter({ name: 'respite_socket_guard_total', help: 'Socket guards at work: packets refused over a connection\'s budget, connections cut for flooding or not reading', labelNames: ['action'], registers: [this.registry] });
    this.storageErrors = new Counter({ name: 'respite_redis_errors_total', help: 'Requests that failed because Redis could not be reached or refused a write', registers: [this.registry] });
  }

  answered(event: string, seconds: number, errorCode: ErrorCode | null): void {
    this.acks.observe({ event, outcome: errorCode === null ? 'ok' : 'refused' }, seconds);
    if (errorCode !== null) this.rejections.inc({ code: errorCode });
    if (errorCode === 'unavailable') this.storageErrors.inc();
    else if (event === 'message:send' && errorCode === null) this.messages.inc();
  }

  /** `action` comes from a closed list (SocketGuardAction). */
  guarded(action: SocketGuardAction): void {
    this.socketGuards.inc({ action });
  }

  storageFailed(): void {
    this.storageErrors.inc();
  }
}
