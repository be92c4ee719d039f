#!/usr/bin/env node
// `npm test` (or `pnpm test`): installs dependencies, makes sure a Redis, a Chromium and an nginx are there,
// runs every test (unit, integration on the real Redis, browser journeys in a real Chromium),
// and ends with one summary line. It never skips the Redis or browser tests: without either it
// stops and says how to get one. Before any test it runs `pnpm typecheck` and `pnpm lint`, and
// stops at the first that fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ensureRedis, installDependencies, pnpm, run } from './toolchain.mjs';
import { runCalendarDates } from './test-calendar.mjs';

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

const nginxCandidates = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx', '/opt/homebrew/bin/nginx'];

/** The load balancer's access-log test runs infra/nginx/nginx.conf on a real nginx. */
async function ensureNginx() {
  const found = [process.env.NGINX_PATH, ...nginxCandidates].find((candidate) => candidate && fs.existsSync(candidate));
  if (found) return found;
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    console.log('No nginx found: installing Debian\'s nginx package.');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'nginx']);
    if (fs.existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  }
  console.error('\nThe access-log test needs nginx and none could be found or installed.\n' +
    'Install one (Debian/Ubuntu: `sudo apt-get install nginx`, macOS: `brew install nginx`) or set NGINX_PATH to an nginx binary.');
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
const nginx = await ensureNginx();
const env = { ...process.env, REDIS_URL: redis.url, CHROMIUM_PATH: chromium, NGINX_PATH: nginx, FORCE_COLOR: '0' };
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
