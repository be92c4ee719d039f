#!/usr/bin/env node
/**
 * Start time and idle memory of one hub process, from TypeScript source through tsx (the way the
 * hub ran before it was compiled) and from the build (dist/index.js), alternated run by run so a
 * busy machine's drift falls on both alike. For docs/operations.md; not part of any test.
 *
 *   node scripts/measure-start.mjs [--runs 7] [--idle-ms 5000] [--redis redis://127.0.0.1:6379] [--only source,build]
 *     [--also 'name=node arguments…']   one more variant, e.g. --also 'maps=--enable-source-maps dist/index.js'
 *
 * Each run: spawn node with the production flags, note the milliseconds until the hub logs
 * `hub.listening` and until the first 200 from /healthz (polled every 5 ms), and the CPU time the
 * process had used by then (user + system, from /proc/<pid>/stat: on a shared machine the wall
 * time mostly measures the neighbours, the CPU time much less so), wait --idle-ms with no traffic,
 * read VmRSS from /proc/<pid>/status, then SIGTERM and wait for the exit. Prints every run and the
 * medians. Loopback only; with --redis, the hubs use a key prefix of their own, deleted at the end
 * (by SCAN of that prefix only). Linux only (/proc).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hubRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const runs = Number(option('runs', '7'));
const idleMs = Number(option('idle-ms', '5000'));
const redisUrl = option('redis', '');
const NODE_FLAGS = ['--max-semi-space-size=64', '--initial-old-space-size=512'];
const variants = {
  source: [...NODE_FLAGS, '--import', 'tsx', 'src/index.ts'],
  build: [...NODE_FLAGS, 'dist/index.js'],
};
const also = option('also', '');
if (also) {
  const [name, ...rest] = also.split('=');
  variants[name] = [...NODE_FLAGS, ...rest.join('=').split(' ').filter(Boolean)];
}
const chosen = option('only', Object.keys(variants).join(',')).split(',');

const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const clockTicksPerSecond = 100; // USER_HZ on Linux
const cpuMs = (pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
};
let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { running?.kill('SIGKILL'); process.exit(130); });
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function measureOnce(name, keyPrefix) {
  const port = await freePort();
  const env = {
    ...process.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', DEMO_SEED: 'false', LOG_LEVEL: 'info',
    ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix } : {}),
  };
  if (!redisUrl) delete env.REDIS_URL;
  const started = performance.now();
  const child = spawn(process.execPath, variants[name], { cwd: hubRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let output = '';
  let listeningMs = null;
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (listeningMs === null && output.includes('"event":"hub.listening"')) listeningMs = performance.now() - started;
  });
  child.stderr.on('data', (chunk) => { output += chunk; });
  let healthMs = null;
  let cpuAtHealthMs = null;
  while (healthMs === null) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it answered: ${output.slice(-2000)}`);
    if (performance.now() - started > 30_000) { child.kill('SIGKILL'); throw new Error(`${name} did not answer in 30 s`); }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) {
        healthMs = performance.now() - started;
        cpuAtHealthMs = cpuMs(child.pid);
      }
    } catch { await pause(5); }
  }
  await pause(idleMs);
  const rss = rssMiB(child.pid);
  child.kill('SIGTERM');
  const exit = await exited;
  if (exit !== 0) throw new Error(`${name} did not exit cleanly on SIGTERM (${exit}): ${output.slice(-2000)}`);
  if (!output.includes('"event":"hub.stopped"')) throw new Error(`${name} exited without its drain: ${output.slice(-2000)}`);
  running = null;
  return { listeningMs, healthMs, cpuMs: cpuAtHealthMs, rss };
}

async function deletePrefix(prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

const results = Object.fromEntries(chosen.map((name) => [name, []]));
const keyPrefix = `measure-start:${process.pid}:`;
try {
  for (let run = 1; run <= runs; run += 1) {
    for (const name of run % 2 ? chosen : [...chosen].reverse()) {
      const result = await measureOnce(name, keyPrefix);
      results[name].push(result);
      console.log(`run ${run} ${name.padEnd(6)} listening ${result.listeningMs.toFixed(0)} ms, first 200 from /healthz ${result.healthMs.toFixed(0)} ms (CPU ${result.cpuMs.toFixed(0)} ms), idle RSS ${result.rss.toFixed(1)} MiB`);
    }
  }
} finally {
  if (redisUrl) await deletePrefix(keyPrefix);
}
console.log(`\nmedians over ${runs} runs (${redisUrl ? 'Redis stores' : 'in-memory stores'}, ${idleMs} ms idle, node ${process.version}):`);
for (const name of chosen) {
  const rows = results[name];
  console.log(`${name.padEnd(6)} listening ${median(rows.map((r) => r.listeningMs)).toFixed(0)} ms, first 200 ${median(rows.map((r) => r.healthMs)).toFixed(0)} ms, CPU by then ${median(rows.map((r) => r.cpuMs)).toFixed(0)} ms, idle RSS ${median(rows.map((r) => r.rss)).toFixed(1)} MiB`);
}
