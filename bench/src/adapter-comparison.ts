/**
 * Compares the Socket.IO Redis adapters on Respite's workload: many small rooms (groups of 12)
 * split across two nodes, each member sending on a fixed schedule; what matters is cross-node
 * delivery latency and the CPU each node and Redis spend per delivered message.
 *
 *   pnpm --filter @respite/bench bench:adapters [--groups 200] [--seconds 20]
 *
 * Adapters: classic (PUBLISH to one channel per namespace: every node receives every broadcast),
 * sharded (Redis 7 SPUBLISH, dynamic subscription: one channel per room, nodes subscribe only to
 * rooms they hold), streams (XADD to one stream that every node reads). Loopback only; bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { builtEntry, freePort, pause, readCpuMs } from './child-process';
import { summarize } from './latency-stats';
import { connectThinSocket, type BenchSocket } from './thin-socket.client';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const GROUPS = argument('groups', 200);
const SECONDS = argument('seconds', 20);
const MEMBERS = 12;
const SEND_EVERY_MS = 20_000; // each member, as in the Sunday scenario
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function startNode(kind: string, prefix: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [builtEntry('adapter-node')], {
    env: { ...process.env, ADAPTER: kind, ADAPTER_PREFIX: prefix, PORT: String(port), REDIS_URL: redisUrl }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`${kind} node exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (value('used_cpu_sys') + value('used_cpu_user')) * 1000;
}

async function run(kind: string) {
  const prefix = `bench-adapter:${kind}:${Date.now()}`;
  const nodes = [await startNode(kind, prefix), await startNode(kind, prefix)];
  process.stderr.write(`${kind}: nodes up, connecting ${GROUPS * MEMBERS} members\n`);
  const sockets: BenchSocket[] = [];
  const latencies: number[] = [];
  let delivered = 0;
  let expected = 0;
  // Half of each group on each node: every broadcast must cross the adapter.
  for (let group = 0; group < GROUPS; group += 1) {
    for (let member = 0; member < MEMBERS; member += 1) {
      const socket = connectThinSocket({ url: nodes[member % 2]!.url, headers: {} });
      await socket.connected;
      await new Promise<void>((resolve) => socket.emitWithAck('join', `room-${group}`, () => resolve()));
      socket.on('relayed', (message: { sentAt: number }) => {
        latencies.push(Date.now() - message.sentAt);
        delivered += 1;
      });
      sockets.push(socket);
    }
  }
  const redis = new Redis(redisUrl);
  await pause(1000);
  const cpuBefore = nodes.map((node) => readCpuMs(node.child.pid!));
  const redisBefore = await redisCpuMs(redis);
  const started = Date.now();
  // A fixed schedule: member i of every group sends at i/12 of each period, latency from the scheduled time.
  const timers: NodeJS.Timeout[] = [];
  sockets.forEach((socket, index) => {
    const group = Math.floor(index / MEMBERS);
    const offset = ((index % MEMBERS) / MEMBERS) * SEND_EVERY_MS + (group / GROUPS) * (SEND_EVERY_MS / MEMBERS);
    const fire = (scheduled: number) => {
      if (scheduled - started > SECONDS * 1000) return;
      expected += MEMBERS;
      socket.emitWithAck('relay', { room: `room-${group}`, sentAt: scheduled, text: 'x'.repeat(200) }, () => {});
      timers.push(setTimeout(() => fire(scheduled + SEND_EVERY_MS), scheduled + SEND_EVERY_MS - Date.now()));
    };
    timers.push(setTimeout(() => fire(started + offset), offset));
  });
  await pause(SECONDS * 1000 + 2000);
  for (const timer of timers) clearTimeout(timer);
  const cpu = nodes.map((node, index) => readCpuMs(node.child.pid!) - cpuBefore[index]!);
  const redisCpu = (await redisCpuMs(redis)) - redisBefore;
  const shardChannels = ((await redis.call('PUBSUB', 'SHARDCHANNELS', `${prefix}*`)) as string[]).length;
  for (const socket of sockets) socket.close();
  for (const node of nodes) node.child.kill('SIGTERM');
  for (const key of await redis.keys(`${prefix}*`)) await redis.del(key);
  redis.disconnect();
  const stats = summarize(latencies);
  return {
    adapter: kind, sockets: sockets.length, expected, delivered, lost: Math.max(0, expected - delivered), p50_ms: stats.p50, p99_ms: stats.p99, max_ms: stats.max,
    node_cpu_ms_per_1k_deliveries: Number((((cpu[0]! + cpu[1]!) / Math.max(1, delivered)) * 1000).toFixed(1)),
    redis_cpu_ms_per_1k_deliveries: Number(((redisCpu / Math.max(1, delivered)) * 1000).toFixed(1)),
    shard_channels: shardChannels,
  };
}

process.on('unhandledRejection', (reason) => process.stderr.write(`ignored after a run: ${String(reason)}\n`));

async function main() {
  console.log(`comparing adapters: ${GROUPS} groups of ${MEMBERS}, ${SECONDS} s each`);
  const results: Awaited<ReturnType<typeof run>>[] = [];
  // Alternate the order in two rounds so drift on a shared machine does not favour one adapter.
  for (const order of [['classic', 'sharded', 'streams'], ['streams', 'sharded', 'classic']]) {
    for (const kind of order) {
      const result = await run(kind);
      results.push(result);
      console.log(JSON.stringify(result));
    }
  }
  const byAdapter = ['classic', 'sharded', 'streams'].map((adapter) => {
    const runs = results.filter((result) => result.adapter === adapter);
    const mean = (key: 'p50_ms' | 'p99_ms' | 'node_cpu_ms_per_1k_deliveries' | 'redis_cpu_ms_per_1k_deliveries') => Number((runs.reduce((sum, run) => sum + run[key], 0) / runs.length).toFixed(1));
    return { adapter, runs: runs.length, lost: runs.reduce((sum, run) => sum + run.lost, 0), p50_ms: mean('p50_ms'), p99_ms: mean('p99_ms'), node_cpu_ms_per_1k: mean('node_cpu_ms_per_1k_deliveries'), redis_cpu_ms_per_1k: mean('redis_cpu_ms_per_1k_deliveries') };
  });
  console.table(byAdapter);
  mkdirSync(path.join(__dirname, '../results'), { recursive: true });
  writeFileSync(path.join(__dirname, '../results/adapters.json'), JSON.stringify({ groups: GROUPS, members: MEMBERS, seconds: SECONDS, results, byAdapter }, null, 2));
  console.log(JSON.stringify({ adapters: byAdapter }));
  process.exit(0);
}

void main();
