#!/usr/bin/env node
// `npm test` (or `pnpm test`): installs dependencies, makes sure a Redis and a Chromium are there,
// runs every test (unit, integration on the real Redis, browser journeys in a real Chromium),
// and ends with one summary line. It never skips the Redis or browser tests: without either it
// stops and says how to get one. Before any test it runs `pnpm typecheck` and `pnpm lint`, and
// stops at the first that fails.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { installDependencies, pnpm, run } from './toolchain.mjs';
import { runCalendarDates } from './test-calendar.mjs';

function pingRedis(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (answer) => { socket.destroy(); resolve(answer); };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function ensureRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(url)) return { url, stop: () => {} };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(`\nNo Redis answers at ${url}, and redis-server is not installed.\n` +
      'The tests need a real Redis 7. Either start one (for example `docker run -p 6379:6379 redis:7`),\n' +
      'install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`),\n' +
      'or point REDIS_URL at one.');
    process.exit(1);
  }
  const port = await freePort();
  console.log(`No Redis at ${url}: starting a private redis-server on 127.0.0.1:${port} (persistence off).`);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && !(await pingRedis(privateUrl)); attempt += 1) await new Promise((r) => setTimeout(r, 100));
  return { url: privateUrl, stop: () => child.kill() };
}

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

async function ensureChromium() {
  const found = [process.env.CHROMIUM_PATH, ...chromiumCandidates].find((candidate) => candidate && fs.existsSync(candidate));
  if (found) return found;
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    console.log('No Chromium found: installing Debian\'s chromium package.');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'chromium']);
    if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.log('No Chromium found: asking Playwright to download one.');
  const { code, output } = await pnpm(['--filter', '@respite/hub', 'exec', 'playwright-core', 'install', 'chromium'], { capture: true });
  const downloaded = code === 0 ? spawnSync('node', ['-e', "console.log(require('playwright-core').chromium.executablePath())"], { cwd: 'apps/hub', encoding: 'utf8' }).stdout.trim() : '';
  if (downloaded && fs.existsSync(downloaded)) return downloaded;
  console.error(`\nThe browser tests need Chromium and none could be found or installed.${output ? '' : ''}\n` +
    'Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chrome or Chromium binary.');
  process.exit(1);
}

/** Adds up jest's "Tests:" lines from everything that ran. */
function countTests(output) {
  let passed = 0;
  let failed = 0;
  for (const match of output.matchAll(/Tests:\s+(.*?)\d+ total/g)) {
    passed += Number(/(\d+) passed/.exec(match[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(match[1])?.[1] ?? 0);
  }
  return { passed, failed };
}

await installDependencies();
// The gate before any test: a type error (which tsx and swc would run anyway) or a lint finding
// fails the run here, with the step named.
for (const step of ['typecheck', 'lint']) {
  const { code } = await pnpm(['run', step], { env: { ...process.env, FORCE_COLOR: '0' } });
  if (code !== 0) {
    console.error(`\nFailed: \`pnpm ${step}\` found errors (above), so no test ran.`);
    process.exit(code);
  }
}
const redis = await ensureRedis();
const chromium = await ensureChromium();
const env = { ...process.env, REDIS_URL: redis.url, CHROMIUM_PATH: chromium, FORCE_COLOR: '0' };
const started = Date.now();
const suites = await pnpm(['exec', 'turbo', 'run', 'test', '--output-logs=full', '--log-order=grouped'], { env, capture: true });
const browser = await pnpm(['--filter', '@respite/hub', 'test:browser'], { env, capture: true });
// The Redis-backed tests once more as if it were a year from now (`pnpm test:calendar` runs more dates).
const movedDate = await runCalendarDates(['year-ahead'], env);
redis.stop();
const counts = countTests(suites.output + browser.output);
counts.passed += movedDate.total.passed;
counts.failed += movedDate.total.failed;
const ok = suites.code === 0 && browser.code === 0 && movedDate.ok;
console.log(`\nAll tests ran in ${Math.round((Date.now() - started) / 1000)} s against ${redis.url} with ${chromium}.`);
console.log(`${ok ? 'Passed' : 'Failed'}: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(ok ? 0 : 1);
