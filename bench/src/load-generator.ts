/**
 * The load generator, run as its own process (forked, pinned by the parent). It opens member
 * sockets on a fixed schedule, sends messages on a fixed schedule, and measures every latency
 * from the SCHEDULED time, so a slow server cannot hide its delays (no coordinated omission).
 * It measures its own CPU and event-loop lag, so a run where it was the bottleneck is marked.
 * It talks to loopback only, with bounded counts and bounded time.
 */
import { performance } from 'node:perf_hooks';
import { LoopDelay } from './loop-delay';
import { summarize, type LatencySummary } from './latency-stats';
import { connectSocketIoClient } from './sio-socket.client';
import { postJson } from './thin-http.client';
import { type BenchSocket, connectThinSocket } from './thin-socket.client';

export interface PlannedMember {
  cookie: string;
  sessionId: string;
  group: number;
  /** A facilitator listens for crisis alerts (the alert probe); members raise them. */
  role: 'member' | 'facilitator';
  /** Members that take part in the chat; the others only sit connected (memory top-up). */
  chat: boolean;
}

export interface GeneratorLoad {
  cpuFraction: number;
  loopP99Ms: number;
  /** The longest stall: a p99 hides one long pause (a major GC) that delays every delivery in flight. */
  loopMaxMs: number;
}

export interface StormResult extends GeneratorLoad { tried: number; joined: number; latency: LatencySummary; failures: Record<string, number>; historyReceived: number }
/** The crisis-alert probe: "I need support now" from a member, timed to the alert on the facilitator's socket, from the scheduled time. */
export interface AlertProbeResult { raised: number; answered: number; refused: Record<string, number>; received: number; lost: number; latency: LatencySummary }
export interface ChatResult extends GeneratorLoad {
  sendsPerSecond: number; sent: number; acked: number; refused: Record<string, number>; unacked: number;
  expected: number; received: number; lost: number; latency: LatencySummary; durationMs: number;
  alerts: AlertProbeResult | null;
}
export interface LoginResult extends GeneratorLoad { tried: number; ok: number; statuses: Record<string, number>; elapsedMs: number; perSecond: number }

export type GeneratorCommand =
  | { cmd: 'storm'; url: string; origin: string; members: PlannedMember[]; spreadMs: number; timeoutMs: number; client: 'thin' | 'socket.io-client' }
  | { cmd: 'chat'; phase: number; periodMs: number; multiplier: number; durationMs: number; textBytes: number; drainMs: number; alertEveryMs: number | null }
  | { cmd: 'login'; url: string; origin: string; handles: string[]; passphrase: string }
  | { cmd: 'close' };

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d+$/;
const nowMs = () => performance.timeOrigin + performance.now();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LiveMember { plan: PlannedMember; socket: BenchSocket; memberRef: string }

const live: LiveMember[] = [];
const joinedPerGroup = new Map<number, number>();
let delivery: { prefix: string; latencies: number[]; received: number } | null = null;
/** The alert probe's raised alerts not yet seen by a facilitator, by the raising member's ref: when each was scheduled. */
let alertProbe: { pending: Map<string, number>; latencies: number[] } | null = null;

function startSelfMeasure() {
  const cpu = process.cpuUsage();
  const started = nowMs();
  const loop = new LoopDelay();
  return (): GeneratorLoad => {
    loop.stop();
    const loopP99Ms = loop.p99Ms();
    const loopMaxMs = loop.maxMs();
    const used = process.cpuUsage(cpu);
    return { cpuFraction: Math.round(((used.user + used.system) / 1000 / (nowMs() - started)) * 100) / 100, loopP99Ms, loopMaxMs };
  };
}

function countInto(counts: Record<string, number>, key: string) { counts[key] = (counts[key] ?? 0) + 1; }

async function storm(command: Extract<GeneratorCommand, { cmd: 'storm' }>): Promise<StormResult> {
  if (!LOOPBACK.test(command.url)) throw new Error('the generator talks to loopback only');
  const measure = startSelfMeasure();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let historyReceived = 0;
  let done = 0;
  const total = command.members.length;
  const connect = command.client === 'thin' ? connectThinSocket : connectSocketIoClient;
  const started = nowMs();
  const interval = total > 1 ? command.spreadMs / total : 0;
  await new Promise<void>((resolve) => {
    const finish = () => { done += 1; if (done === total) resolve(); };
    const deadline = setTimeout(resolve, command.spreadMs + command.timeoutMs);
    deadline.unref();
    let next = 0;
    const open = (plan: PlannedMember, scheduled: number) => {
      const socket = connect({ url: command.url, headers: { origin: command.origin, cookie: plan.cookie } });
      socket.on('message:posted', onPosted);
      socket.connected.then(() => {
        socket.emitWithAck('session:join', { sessionId: plan.sessionId }, (answer: any) => {
          if (answer?.ok) {
            latencies.push(nowMs() - scheduled);
            historyReceived += Array.isArray(answer.data?.messages) ? answer.data.messages.length : 0;
            if (plan.role === 'facilitator') socket.on('crisis:alerted', onAlerted);
            live.push({ plan, socket, memberRef: String(answer.data?.self?.memberRef ?? '') });
            joinedPerGroup.set(plan.group, (joinedPerGroup.get(plan.group) ?? 0) + 1);
          } else countInto(failures, answer?.error?.code ?? 'bad_answer');
          finish();
        });
      }, (error: unknown) => { countInto(failures, (error instanceof Error ? error.message : String(error)).slice(0, 40)); socket.close(); finish(); });
    };
    const tick = () => {
      const now = nowMs();
      while (next < total && started + next * interval <= now) { open(command.members[next]!, started + next * interval); next += 1; }
      if (next < total) setTimeout(tick, 1);
    };
    tick();
  });
  if (done < total) failures.timeout = total - done;
  return { tried: total, joined: latencies.length, latency: summarize(latencies), failures, historyReceived, ...measure() };
}

function onPosted(message: { clientId?: string } | null) {
  if (!delivery || typeof message?.clientId !== 'string' || !message.clientId.startsWith(delivery.prefix)) return;
  const scheduledMicros = Number(message.clientId.slice(delivery.prefix.length, message.clientId.indexOf('_', delivery.prefix.length)));
  delivery.latencies.push(nowMs() - scheduledMicros / 1000);
  delivery.received += 1;
}

function onAlerted(alert: { memberRef?: string } | null) {
  const scheduled = alertProbe && typeof alert?.memberRef === 'string' ? alertProbe.pending.get(alert.memberRef) : undefined;
  if (!alertProbe || scheduled === undefined) return;
  alertProbe.pending.delete(alert!.memberRef!);
  alertProbe.latencies.push(nowMs() - scheduled);
}

/**
 * Raises "I need support now" every `everyMs` from members of groups with a facilitator in the
 * room (one open alert per member at a time), until `stop` resolves; answers the probe's result.
 */
async function probeAlerts(everyMs: number, until: Promise<void>, drainMs: number): Promise<AlertProbeResult | null> {
  const facilitated = new Set(live.filter((member) => member.plan.role === 'facilitator').map((member) => member.plan.group));
  const raisers = live.filter((member) => member.plan.role === 'member' && member.plan.chat && facilitated.has(member.plan.group));
  if (raisers.length === 0) return null;
  alertProbe = { pending: new Map(), latencies: [] };
  const probe = alertProbe;
  const refused: Record<string, number> = {};
  let slot = 0;
  let raised = 0;
  let answered = 0;
  const sends = { finished: false };
  void until.then(() => { sends.finished = true; });
  const started = nowMs();
  while (!sends.finished) {
    const scheduled = started + slot * everyMs;
    const wait = scheduled - nowMs();
    if (wait > 0) { await pause(Math.min(wait, 50)); continue; }
    const member = raisers[slot % raisers.length]!;
    slot += 1;
    if (probe.pending.has(member.memberRef)) continue;
    raised += 1;
    probe.pending.set(member.memberRef, scheduled);
    member.socket.emitWithAck('support:request', { sessionId: member.plan.sessionId }, (answer: any) => {
      answered += 1;
      if (!answer?.ok) { countInto(refused, answer?.error?.code ?? 'bad_answer'); probe.pending.delete(member.memberRef); }
    });
  }
  const stoppedAt = nowMs();
  while (nowMs() - stoppedAt < drainMs && probe.pending.size > 0) await pause(20);
  alertProbe = null;
  const accepted = answered - Object.values(refused).reduce((sum, count) => sum + count, 0);
  return { raised, answered, refused, received: probe.latencies.length, lost: Math.max(0, accepted - probe.latencies.length), latency: summarize(probe.latencies) };
}

async function chat(command: Extract<GeneratorCommand, { cmd: 'chat' }>): Promise<ChatResult> {
  const senders = live.filter((member) => member.plan.chat);
  const text = 'Sunday evening, after a long week on the ward. Thank you all for being here; it helps to hear that others carry the same weight. '
    .repeat(4).slice(0, command.textBytes);
  const prefix = `p${command.phase}_`;
  delivery = { prefix, latencies: [], received: 0 };
  const measure = startSelfMeasure();
  const interval = command.periodMs / command.multiplier / Math.max(1, senders.length);
  const total = senders.length === 0 ? 0 : Math.floor(command.durationMs / interval);
  const refused: Record<string, number> = {};
  let acked = 0;
  let answered = 0;
  let expected = 0;
  const started = nowMs();
  let sendsFinished: () => void = () => {};
  const alertsDone = command.alertEveryMs ? probeAlerts(command.alertEveryMs, new Promise<void>((resolve) => { sendsFinished = resolve; }), command.drainMs) : Promise.resolve(null);
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = nowMs();
      while (next < total && started + next * interval <= now) {
        const member = senders[next % senders.length]!;
        const scheduled = started + next * interval;
        const clientId = `${prefix}${Math.round(scheduled * 1000)}_${next}`;
        member.socket.emitWithAck('message:send', { sessionId: member.plan.sessionId, clientId, text }, (answer: any) => {
          answered += 1;
          if (answer?.ok) { acked += 1; expected += joinedPerGroup.get(member.plan.group) ?? 0; } else countInto(refused, answer?.error?.code ?? 'bad_answer');
        });
        next += 1;
      }
      if (next < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const sendsDone = nowMs();
  sendsFinished();
  // Drain: wait for the answers and deliveries still on their way, bounded.
  while (nowMs() - sendsDone < command.drainMs && (answered < total || delivery.received < expected)) await pause(20);
  const alerts = await alertsDone;
  const load = measure();
  const result = delivery;
  delivery = null;
  const unacked = total - answered;
  return {
    sendsPerSecond: Math.round((1000 / interval) * 10) / 10, sent: total, acked, refused, unacked, expected, received: result.received,
    lost: Math.max(0, expected - result.received) + unacked, latency: summarize(result.latencies), durationMs: Math.round(sendsDone - started), alerts, ...load,
  };
}

async function login(command: Extract<GeneratorCommand, { cmd: 'login' }>): Promise<LoginResult> {
  if (!LOOPBACK.test(command.url)) throw new Error('the generator talks to loopback only');
  const measure = startSelfMeasure();
  const statuses: Record<string, number> = {};
  const started = nowMs();
  const answers = await Promise.all(command.handles.map(async (handle, index) => {
    try {
      const response = await postJson(`${command.url}/api/auth/sign-in`, {
        origin: command.origin, 'content-type': 'application/json',
        // Distinct addresses, as real members have; the hub believes one proxy hop in this run.
        'x-forwarded-for': `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
      }, JSON.stringify({ handle, passphrase: command.passphrase }));
      countInto(statuses, String(response.status));
      return response.status === 200;
    } catch (error) {
      countInto(statuses, (error as Error).message.slice(0, 40));
      return false;
    }
  }));
  const elapsedMs = nowMs() - started;
  const ok = answers.filter(Boolean).length;
  return { tried: command.handles.length, ok, statuses, elapsedMs: Math.round(elapsedMs), perSecond: Math.round((ok / (elapsedMs / 1000)) * 10) / 10, ...measure() };
}

async function run(command: GeneratorCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'storm': return storm(command);
    case 'chat': return chat(command);
    case 'login': return login(command);
    case 'close':
      for (const member of live.splice(0)) member.socket.close();
      joinedPerGroup.clear();
      return {};
  }
}

process.on('message', (message: { id: number; command: GeneratorCommand }) => {
  run(message.command).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
