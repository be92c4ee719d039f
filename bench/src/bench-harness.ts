/**
 * The Sunday-evening benchmark: seeds a run, then for each pair runs the hub, bare and bare+redis
 * servers one after another (alternated, so the machine's drift cancels out) under the same load
 * generator, and the raw argon2 baseline after each hub login storm. Every hub figure is reported
 * as the median over pairs of its ratio to the baseline measured next to it.
 * Loopback only; every count and every wait is bounded; the run's Redis keys are deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { type BenchChild, canPin, forkBenchChild, freePort, pause, settle } from './child-process';
import { median } from './latency-stats';
import type { ChatResult, GeneratorLoad, LoginResult, PlannedMember, StormResult } from './load-generator';
import { BENCH_SECRET, LOGIN_PASSPHRASE, clearRoomHistory, deleteRunKeys, seedRun } from './bench-seed';
import { type KneeLimit, type KneeProbe, kneeOf, nextKneeMultiplier } from './knee-search';

export type ServerKind = 'hub' | 'bare' | 'bare+redis';

export interface BenchSizes {
  /** Groups in the storm and chat; each has `membersPerGroup` members. */
  stormGroups: number;
  membersPerGroup: number;
  /** Extra idle groups connected after the storm, so the memory figure is taken at this many sockets. */
  memoryGroups: number;
  stormSpreadMs: number;
  chatPeriodMs: number;
  chatDurationMs: number;
  kneeMultipliers: number[];
  kneeStepMs: number;
  drainMs: number;
  loginAccounts: number;
  pairs: number;
  textBytes: number;
}

export const sizes = {
  full: {
    stormGroups: 1000, membersPerGroup: 12, memoryGroups: 1250, stormSpreadMs: 60_000, chatPeriodMs: 20_000, chatDurationMs: 60_000,
    // Above ×16 a member would pass the hub's per-member message limit (20 per 20 s): more load needs more members.
    kneeMultipliers: [2, 4, 8, 16], kneeStepMs: 20_000, drainMs: 5_000, loginAccounts: 2000, pairs: 2, textBytes: 200,
  },
  quick: {
    stormGroups: 40, membersPerGroup: 12, memoryGroups: 50, stormSpreadMs: 4_000, chatPeriodMs: 20_000, chatDurationMs: 6_000,
    kneeMultipliers: [2, 4, 8, 16], kneeStepMs: 3_000, drainMs: 2_000, loginAccounts: 60, pairs: 2, textBytes: 200,
  },
  tiny: {
    stormGroups: 2, membersPerGroup: 3, memoryGroups: 3, stormSpreadMs: 300, chatPeriodMs: 1_000, chatDurationMs: 1_500,
    kneeMultipliers: [2], kneeStepMs: 800, drainMs: 1_000, loginAccounts: 4, pairs: 1, textBytes: 200,
  },
} satisfies Record<string, BenchSizes>;

export const KNEE_P99_MS = 250;
/** One "I need support now" this often during the hub's chat at the Sunday rate, from a group whose facilitator is in the room. */
export const ALERT_PROBE_EVERY_MS = 500;
/** Issue 18's goal: the alert reaches a facilitator within this, at p95. */
export const ALERT_P95_GOAL_MS = 1_000;
/** The generator is the bottleneck above this share of one core or this event-loop p99. */
export const GENERATOR_LIMITS = { cpuFraction: 0.85, loopP99Ms: 50 };
const isGeneratorBound = (load: GeneratorLoad) => load.cpuFraction > GENERATOR_LIMITS.cpuFraction || load.loopP99Ms > GENERATOR_LIMITS.loopP99Ms;
const kneeProbe = (multiplier: number, result: ChatResult): KneeProbe => ({
  multiplier, held: result.latency.p99 <= KNEE_P99_MS && result.lost === 0, generatorBound: isGeneratorBound(result),
});

export interface KneeStep { multiplier: number; result: ChatResult }
export interface ServerRun {
  kind: ServerKind;
  pair: number;
  storm: StormResult & { serverCpuMs: number; cpuMsPerJoin: number; /** Of it, the event loop's thread (the rest: GC and other helper threads). */ loopThreadCpuMsPerJoin: number };
  memory: { sockets: number; rssBeforeBytes: number; rssAfterBytes: number; bytesPerSocket: number };
  chat: (ChatResult & { serverCpuMs: number; cpuMsPerDelivery: number; serverLoopP99Ms: number; serverLoopMaxMs: number }) | null;
  /** `reached`: the server's own limit ended the search (not the generator's, not the ladder's top). */
  knee: { steps: KneeStep[]; kneeMultiplier: number; kneeDeliveriesPerSecond: number; reached: boolean; limitedBy: KneeLimit } | null;
  /** coresUsed: CPU time over the storm's wall time, in cores (2 = both cores all the time). */
  login: (LoginResult & { serverLoopP99Ms: number; serverLoopMaxMs: number; coresUsed: { hubLoop: number; hubOther: number; generator: number } }) | null;
  redisCpuMs: number;
}
export interface RawArgon2Run { pair: number; count: number; concurrency: number; elapsedMs: number; perSecond: number }

export interface BenchSummary {
  storm_joined: number; storm_tried: number; storm_p99_ms: number; storm_cpu_ratio: number;
  chat_p99_ms: number; chat_lost: number; chat_cpu_ratio: number; chat_knee_ratio: number;
  /** The crisis-alert probe during the hub's Sunday-rate chat: p95 from the scheduled press to the facilitator's socket, and alerts that never arrived. */
  alert_p95_ms: number; alert_lost: number;
  mem_ratio: number; login_rate_ratio: number; login_loop_p99_ms: number; valid: boolean;
}

export interface BenchResults {
  startedAt: string;
  /** Every Redis key of the run was under `bench:<runId>:`, and is gone. */
  runId: string;
  sizeName: string;
  sizes: BenchSizes;
  machine: { nproc: number; cpuModel: string; totalMemoryGiB: number; node: string; redis: string; pinned: boolean; openFilesLimit: string };
  runs: ServerRun[];
  rawArgon2: RawArgon2Run[];
  invalidReasons: string[];
  /** How to read a figure that is a bound rather than a measurement (a knee the generator limited). */
  notes: string[];
  summary: BenchSummary;
  client: 'thin' | 'socket.io-client';
}

export interface BenchOptions {
  sizeName: keyof typeof sizes | 'custom';
  sizes: BenchSizes;
  redisUrl?: string;
  kinds?: ServerKind[];
  client?: 'thin' | 'socket.io-client';
  /** Directory for a V8 CPU profile of each server process (node --cpu-prof), or none. */
  cpuProfileDir?: string | null;
  log?: (line: string) => void;
}

const round = (value: number, digits = 3) => Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value;

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (read('used_cpu_user') + read('used_cpu_sys')) * 1000;
}

/**
 * Node flags every server under test runs with: the hub's production flags (its `start` script and
 * infra/docker/Dockerfile), given to the baselines too, so that the comparison is of code and not
 * of heap settings. BENCH_SERVER_NODE_FLAGS replaces them for a trial.
 */
export const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? '--max-semi-space-size=64 --initial-old-space-size=512').split(' ').filter(Boolean);

async function startServer(kind: ServerKind, options: { port: number; redisUrl: string; keyPrefix: string; profileDir: string | null }): Promise<BenchChild> {
  const execArgv = ['--expose-gc', ...SERVER_NODE_FLAGS, ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  if (kind === 'hub') {
    const origin = `http://127.0.0.1:${options.port}`;
    const child = forkBenchChild('hub', 'hub-server', {
      execArgv,
      env: {
        NODE_ENV: 'development', REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: options.keyPrefix, PORT: String(options.port), HOST: '127.0.0.1',
        ALLOWED_ORIGINS: `${origin},http://localhost:${options.port}`, DEMO_SEED: 'false', LOG_LEVEL: 'warn', RESPITE_SECRET: BENCH_SECRET,
        // The login storm comes from one loopback address, which plays the balancer here; each request
        // names its own client (as members behind a proxy do). Metrics on any free port.
        TRUSTED_PROXIES: '127.0.0.1', METRICS_PORT: '0',
      },
    });
    const started = Date.now();
    for (;;) {
      if (child.child.exitCode !== null) throw new Error(`hub exited: ${child.output.join('').slice(-2000)}`);
      try { if ((await fetch(`${origin}/healthz`)).ok) break; } catch { /* not yet */ }
      if (Date.now() - started > 30_000) { await child.stop('SIGKILL'); throw new Error(`hub did not start: ${child.output.join('').slice(-2000)}`); }
      await pause(100);
    }
    return child;
  }
  const child = forkBenchChild(kind, 'bare-server', {
    execArgv,
    env: { BENCH_SERVER: kind, BENCH_PORT: String(options.port), BENCH_REDIS_URL: options.redisUrl, BENCH_KEY_PREFIX: options.keyPrefix },
  });
  await new Promise<void>((resolve, reject) => {
    child.child.once('message', () => resolve());
    child.exited.then(() => reject(new Error(`${kind} exited: ${child.output.join('')}`)), reject);
  });
  return child;
}

function planOf(members: { cookie: string; sessionId: string; group: number; role: PlannedMember['role'] }[], chat: boolean): PlannedMember[] {
  // Arrivals in a fixed pseudo-random order, so groups fill up side by side as on a Sunday.
  const planned = members.map((member) => ({ ...member, chat }));
  let seed = 7;
  for (let index = planned.length - 1; index > 0; index -= 1) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const other = seed % (index + 1);
    [planned[index], planned[other]] = [planned[other]!, planned[index]!];
  }
  return planned;
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const log = options.log ?? (() => {});
  const s = options.sizes;
  const kinds = options.kinds ?? ['hub', 'bare', 'bare+redis'];
  const client = options.client ?? 'thin';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = randomBytes(4).toString('hex');
  const keyPrefix = `bench:${runId}:`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const startedAt = new Date().toISOString();
  const runs: ServerRun[] = [];
  const rawArgon2: RawArgon2Run[] = [];
  const invalidReasons: string[] = [];
  // The instrument gets the servers' young generation too: with the default, its own major GCs
  // (118-167 ms at 15,000 sockets) were read as delivery latency of whichever server was measured.
  const generator = forkBenchChild('generator', 'load-generator', { execArgv: SERVER_NODE_FLAGS });
  const children = new Set<BenchChild>([generator]);
  const cpus = os.availableParallelism();
  const serverCpus = canPin ? '0' : '';
  const generatorCpus = canPin ? `1-${cpus - 1}` : '';
  const allCpus = `0-${cpus - 1}`;
  generator.pin(generatorCpus);

  try {
    log(`seeding ${s.memoryGroups} groups × ${s.membersPerGroup} members and ${s.loginAccounts} login accounts under ${keyPrefix}`);
    const seeded = await seedRun({ redis, keyPrefix, groups: Math.max(s.memoryGroups, s.stormGroups), membersPerGroup: s.membersPerGroup, loginAccounts: kinds.includes('hub') ? s.loginAccounts : 0 });
    const stormMembers = planOf(seeded.members.filter((member) => member.group < s.stormGroups), true);
    const idleMembers = planOf(seeded.members.filter((member) => member.group >= s.stormGroups), false);
    const checkGenerator = (label: string, load: GeneratorLoad) => {
      if (isGeneratorBound(load)) {
        invalidReasons.push(`${label}: generator at ${Math.round(load.cpuFraction * 100)}% of a core, loop p99 ${load.loopP99Ms} ms`);
      }
    };
    let phase = 0;

    for (let pair = 1; pair <= s.pairs; pair += 1) {
      for (const kind of kinds) {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}`;
        const server = await startServer(kind, { port, redisUrl, keyPrefix, profileDir: options.cpuProfileDir ?? null });
        children.add(server);
        try {
          server.pin(serverCpus);
          await clearRoomHistory(redis, keyPrefix);
          await settle(server);
          const before = await server.ask<{ rss: number }>({ probe: 'stats' }, 'probe');
          const redisBefore = await redisCpuMs(redis);

          log(`[pair ${pair}] ${kind}: storm of ${stormMembers.length} members over ${s.stormSpreadMs} ms`);
          let cpu = server.cpuMs();
          const loopCpuBefore = server.mainThreadCpuMs();
          const storm = await generator.ask<StormResult>({ cmd: 'storm', url, origin: url, members: stormMembers, spreadMs: s.stormSpreadMs, timeoutMs: 20_000, client });
          const stormCpu = server.cpuMs() - cpu;
          const stormLoopCpu = server.mainThreadCpuMs() - loopCpuBefore;
          checkGenerator(`${kind} storm (pair ${pair})`, storm);

          let sockets = storm.joined;
          if (idleMembers.length > 0) {
            const topUp = await generator.ask<StormResult>({ cmd: 'storm', url, origin: url, members: idleMembers, spreadMs: Math.min(s.stormSpreadMs, idleMembers.length * 2), timeoutMs: 20_000, client });
            sockets += topUp.joined;
          }
          await pause(500);
          const after = await server.ask<{ rss: number }>({ probe: 'stats' }, 'probe');

          let chat: ServerRun['chat'] = null;
          let knee: ServerRun['knee'] = null;
          log(`[pair ${pair}] ${kind}: chat at the Sunday rate for ${s.chatDurationMs} ms`);
          await server.ask({ probe: 'loop-reset' }, 'probe');
          cpu = server.cpuMs();
          phase += 1;
          // The hub's base chat also carries the crisis-alert probe (bare servers have no such event).
          const alertEveryMs = kind === 'hub' ? ALERT_PROBE_EVERY_MS : null;
          const base = await generator.ask<ChatResult>({ cmd: 'chat', phase, periodMs: s.chatPeriodMs, multiplier: 1, durationMs: s.chatDurationMs, textBytes: s.textBytes, drainMs: s.drainMs, alertEveryMs });
          const chatCpu = server.cpuMs() - cpu;
          const chatLoop = await server.ask<{ loopP99Ms: number; loopMaxMs: number }>({ probe: 'stats' }, 'probe');
          checkGenerator(`${kind} chat (pair ${pair})`, base);
          chat = { ...base, serverCpuMs: round(chatCpu, 1), cpuMsPerDelivery: round(chatCpu / Math.max(1, base.received), 4), serverLoopP99Ms: chatLoop.loopP99Ms, serverLoopMaxMs: chatLoop.loopMaxMs };

          if (kind !== 'bare') {
            const steps: KneeStep[] = [{ multiplier: 1, result: base }];
            const probes: KneeProbe[] = [kneeProbe(1, base)];
            const runStep = async (multiplier: number) => {
              // A step past the knee leaves a backlog: the next starts once the server is idle again.
              await settle(server, { maxMs: 60_000 });
              phase += 1;
              log(`[pair ${pair}] ${kind}: chat ×${multiplier}`);
              const result = await generator.ask<ChatResult>({ cmd: 'chat', phase, periodMs: s.chatPeriodMs, multiplier, durationMs: s.kneeStepMs, textBytes: s.textBytes, drainMs: s.drainMs, alertEveryMs: null });
              steps.push({ multiplier, result });
              return kneeProbe(multiplier, result);
            };
            for (let multiplier = nextKneeMultiplier(s.kneeMultipliers, probes); multiplier !== null; multiplier = nextKneeMultiplier(s.kneeMultipliers, probes)) {
              let probe = await runStep(multiplier);
              // A failure with a calm median is confirmed once: one stall of the machine (seen here:
              // 250-550 ms p99 at a rate the same server carried at 40 ms a minute earlier) fails a
              // step as surely as overload does, but only overload fails it twice. Overload also
              // lifts the median, so such a step is not repeated. Noise cannot make a step pass.
              const last = steps[steps.length - 1]!.result;
              if (!probe.held && !probe.generatorBound && last.lost === 0 && last.latency.p50 <= KNEE_P99_MS / 2) probe = await runStep(multiplier);
              probes.push(probe);
            }
            const found = kneeOf(probes);
            const kneeStep = steps.filter((step) => step.multiplier === found.multiplier).find((step) => kneeProbe(step.multiplier, step.result).held);
            knee = {
              steps, kneeMultiplier: found.multiplier, limitedBy: found.limitedBy,
              kneeDeliveriesPerSecond: kneeStep ? round((kneeStep.result.received / Math.max(1, kneeStep.result.durationMs)) * 1000, 0) : 0,
              reached: found.limitedBy === 'server',
            };
          }

          let login: ServerRun['login'] = null;
          if (kind === 'hub' && seeded.loginHandles.length > 0) {
            log(`[pair ${pair}] hub: ${seeded.loginHandles.length} sign-ins at once`);
            await generator.ask({ cmd: 'close' });
            server.pin(allCpus);
            // The hub first says goodbye to the 15,000 sockets just closed (presence, broadcasts):
            // seconds of work that must not be counted against the sign-in storm.
            await settle(server, { maxMs: 60_000 });
            await server.ask({ probe: 'loop-reset' }, 'probe');
            const [hubCpu, loopCpu, generatorCpu] = [server.cpuMs(), server.mainThreadCpuMs(), generator.cpuMs()];
            const result = await generator.ask<LoginResult>({ cmd: 'login', url, origin: url, handles: seeded.loginHandles, passphrase: LOGIN_PASSPHRASE });
            // Where the two cores went during the storm: the hub's loop, its hashing threads, the generator.
            const cores = (ms: number) => round(ms / Math.max(1, result.elapsedMs), 2);
            const coresUsed = { hubLoop: cores(server.mainThreadCpuMs() - loopCpu), hubOther: cores(server.cpuMs() - hubCpu - (server.mainThreadCpuMs() - loopCpu)), generator: cores(generator.cpuMs() - generatorCpu) };
            const loop = await server.ask<{ loopP99Ms: number; loopMaxMs: number }>({ probe: 'stats' }, 'probe');
            login = { ...result, serverLoopP99Ms: loop.loopP99Ms, serverLoopMaxMs: loop.loopMaxMs, coresUsed };
          }
          await generator.ask({ cmd: 'close' });
          runs.push({
            kind, pair,
            storm: { ...storm, serverCpuMs: round(stormCpu, 1), cpuMsPerJoin: round(stormCpu / Math.max(1, storm.joined), 4), loopThreadCpuMsPerJoin: round(stormLoopCpu / Math.max(1, storm.joined), 4) },
            memory: { sockets, rssBeforeBytes: before.rss, rssAfterBytes: after.rss, bytesPerSocket: Math.round((after.rss - before.rss) / Math.max(1, sockets)) },
            chat, knee, login, redisCpuMs: round((await redisCpuMs(redis)) - redisBefore, 0),
          });
        } finally {
          await generator.ask({ cmd: 'close' }).catch(() => {});
          await server.stop();
          children.delete(server);
        }
        if (kind === 'hub' && seeded.loginHandles.length > 0) {
          const raw = forkBenchChild('raw-argon2', 'raw-argon2');
          children.add(raw);
          try {
            const concurrency = Math.max(1, os.availableParallelism());
            log(`[pair ${pair}] raw argon2: ${seeded.loginHandles.length} hashes, ${concurrency} at a time`);
            const result = await raw.ask<Omit<RawArgon2Run, 'pair'>>({ count: seeded.loginHandles.length, concurrency });
            rawArgon2.push({ pair, ...result });
          } finally {
            await raw.stop();
            children.delete(raw);
          }
        }
      }
    }
  } finally {
    for (const child of children) await child.stop().catch(() => {});
    const deleted = await deleteRunKeys(redis, keyPrefix).catch(() => -1);
    log(`deleted ${deleted} keys of run ${runId}`);
    await redis.quit().catch(() => {});
  }

  return {
    startedAt, runId, sizeName: options.sizeName, sizes: s, client,
    machine: await machineOf(redisUrl),
    runs, rawArgon2, invalidReasons, notes: kneeNotes(runs), summary: summarize(runs, rawArgon2, invalidReasons),
  };
}

function kneeNotes(runs: ServerRun[]): string[] {
  return runs.filter((run) => run.knee?.limitedBy === 'generator').map((run) => `${run.kind} pair ${run.pair}: the knee (×${run.knee!.kneeMultiplier}) is where the generator, not the server, ran out; the server's is at least that, so chat_knee_ratio is ${run.kind === 'hub' ? 'a lower' : 'an upper'} bound`);
}

function summarize(runs: ServerRun[], raw: RawArgon2Run[], invalidReasons: string[]): BenchSummary {
  const ofKind = (kind: ServerKind) => runs.filter((run) => run.kind === kind);
  const hub = ofKind('hub');
  const pairRatio = (baseKind: ServerKind, value: (run: ServerRun) => number | undefined) => round(median(hub.map((run) => {
    const base = runs.find((other) => other.kind === baseKind && other.pair === run.pair);
    const a = value(run);
    const b = base ? value(base) : undefined;
    return a !== undefined && b !== undefined && b > 0 ? a / b : Number.NaN;
  })), 2);
  const loginRatio = round(median(hub.map((run) => {
    const base = raw.find((other) => other.pair === run.pair);
    return run.login && base && base.perSecond > 0 ? run.login.perSecond / base.perSecond : Number.NaN;
  })), 2);
  const orNull = (value: number) => (Number.isFinite(value) ? value : null) as number;
  return {
    storm_joined: hub.length ? Math.min(...hub.map((run) => run.storm.joined)) : 0,
    storm_tried: hub[0]?.storm.tried ?? 0,
    storm_p99_ms: orNull(round(median(hub.map((run) => run.storm.latency.p99)), 1)),
    storm_cpu_ratio: orNull(pairRatio('bare', (run) => run.storm.cpuMsPerJoin)),
    chat_p99_ms: orNull(round(median(hub.map((run) => run.chat?.latency.p99 ?? Number.NaN)), 1)),
    chat_lost: hub.length ? Math.max(...hub.map((run) => run.chat?.lost ?? 0)) : 0,
    chat_cpu_ratio: orNull(pairRatio('bare+redis', (run) => run.chat?.cpuMsPerDelivery)),
    // Only a knee that bare+redis actually reached is a yardstick; with neither reached the ratio is unknown (null).
    chat_knee_ratio: runs.some((run) => run.kind === 'bare+redis' && run.knee?.reached) || hub.some((run) => run.knee?.reached)
      ? orNull(pairRatio('bare+redis', (run) => run.knee?.kneeDeliveriesPerSecond))
      : null as unknown as number,
    alert_p95_ms: orNull(round(median(hub.map((run) => run.chat?.alerts?.latency.count ? run.chat.alerts.latency.p95 : Number.NaN)), 1)),
    alert_lost: hub.length ? Math.max(...hub.map((run) => run.chat?.alerts?.lost ?? 0)) : 0,
    mem_ratio: orNull(pairRatio('bare', (run) => run.memory.bytesPerSocket)),
    login_rate_ratio: orNull(loginRatio),
    login_loop_p99_ms: orNull(round(median(hub.map((run) => run.login?.serverLoopP99Ms ?? Number.NaN)), 1)),
    valid: invalidReasons.length === 0,
  };
}

async function machineOf(redisUrl: string): Promise<BenchResults['machine']> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  await redis.quit();
  let openFilesLimit = 'unknown';
  try { openFilesLimit = /Max open files\s+(\d+)\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.slice(1, 3).join(' / ') ?? 'unknown'; } catch { /* not Linux */ }
  return {
    nproc: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, redis: version, pinned: canPin, openFilesLimit,
  };
}

export const benchRoot = path.resolve(__dirname, '..');
