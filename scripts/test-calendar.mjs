#!/usr/bin/env node
// `pnpm test:calendar`: the hub's Redis-backed tests (integration and store contracts, not the
// browser journeys) as if today were another day, one run per date, under libfaketime. Redis keeps
// real time (the shared one, and the private ones the tests start without libfaketime), so a run
// fails wherever the code mixes the Node clock with Redis's own expiry, and wherever a test holds
// a calendar date. `npm test` runs one date of it (a year ahead).
//
//   node scripts/test-calendar.mjs                    every date below, one after another
//   node scripts/test-calendar.mjs --date year-ahead  one of them by name (or: us-dst, eu-dst, leap-day, y2038)
//   node scripts/test-calendar.mjs --date 2031-07-04  any day (12:00 UTC), or an ISO instant
//   node scripts/test-calendar.mjs --date us-dst,eu-dst  several, comma-separated
//
// The clock is moved by a relative offset (faketime -f '+Ns'), so every process of a run (jest,
// the hub processes it spawns) shows the same moved time, and it runs on: timers fire as usual.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureRedis, installDependencies, pnpm, run } from './toolchain.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hubDir = path.join(root, 'apps/hub');
const day = 86_400_000;
/** The Redis-backed test files: every *.integration.test.ts, the store contracts, the persistence check. */
const REDIS_BACKED = '(\\.integration|\\.contract|/store-contract|/ephemeral-persistence)\\.test\\.ts$';
/** How long before a daylight-saving change its run starts: the change then happens during the run. */
const BEFORE_CHANGE_MS = 3 * 60_000;

/** A zone's UTC offset in minutes at an instant, from Intl alone. */
function offsetMinutes(zone, instant) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** The next instant after `from` at which `zone` changes its offset (to the millisecond), within a year. */
export function nextOffsetChange(zone, from = Date.now()) {
  const before = offsetMinutes(zone, from);
  for (let at = from + day; at <= from + 367 * day; at += day) {
    if (offsetMinutes(zone, at) === before) continue;
    let [low, high] = [at - day, at];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetMinutes(zone, middle) === before) low = middle;
      else high = middle;
    }
    return { at: high, from: before, to: offsetMinutes(zone, high) };
  }
  throw new Error(`${zone} changes no offset in the coming year`);
}

const utcOffset = (minutes) => `UTC${minutes < 0 ? '-' : '+'}${Math.floor(Math.abs(minutes) / 60)}${minutes % 60 ? `:${String(Math.abs(minutes) % 60).padStart(2, '0')}` : ''}`;

function dstDate(name, zone, label) {
  return {
    name,
    resolve(now) {
      const change = nextOffsetChange(zone, now);
      return { start: change.at - BEFORE_CHANGE_MS, note: `${label}: ${zone} goes from ${utcOffset(change.from)} to ${utcOffset(change.to)} at ${new Date(change.at).toISOString().replace(/\.\d{3}Z$/, 'Z')}, 3 min into the run` };
    },
  };
}

/** The dates, each resolved from the current date when the run starts (so "next" stays true). */
export const CALENDAR_DATES = [
  { name: 'year-ahead', resolve: (now) => ({ start: now + 365 * day, note: 'a year ahead' }) },
  dstDate('us-dst', 'America/New_York', 'the next United States daylight-saving change'),
  dstDate('eu-dst', 'Europe/Berlin', 'the next European daylight-saving change'),
  { name: 'leap-day', resolve: () => ({ start: Date.parse('2028-02-29T12:00:00Z'), note: 'a leap day' }) },
  { name: 'y2038', resolve: () => ({ start: Date.parse('2038-01-20T12:00:00Z'), note: 'the day after 32-bit Unix time ends' }) },
];

function dateByName(name) {
  const known = CALENDAR_DATES.find((date) => date.name === name);
  if (known) return known;
  const instant = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(name) ? `${name}T12:00:00Z` : name);
  if (Number.isNaN(instant)) {
    console.error(`Unknown date '${name}': use one of ${CALENDAR_DATES.map((date) => date.name).join(', ')}, a YYYY-MM-DD day or an ISO instant.`);
    process.exit(2);
  }
  return { name, resolve: () => ({ start: instant, note: 'the date asked for' }) };
}

/** `faketime` on PATH, installed with apt-get when running as root; null (and how to get it) otherwise. */
export async function ensureFaketime() {
  const present = () => spawnSync('faketime', ['-f', '+0', 'true'], { stdio: 'ignore' }).status === 0;
  if (present()) return 'faketime';
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    console.log('No faketime found: installing Debian\'s faketime package (libfaketime).');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'faketime']);
    if (present()) return 'faketime';
  }
  console.error('\nThe calendar tests need libfaketime\'s `faketime` command and none could be found or installed.\n' +
    'Install it (Debian/Ubuntu: `sudo apt-get install faketime`; macOS: `brew install libfaketime`).');
  return null;
}

/** Adds up jest's "Tests:" lines. */
function countTests(output) {
  let [passed, failed] = [0, 0];
  for (const match of output.matchAll(/Tests:\s+(.*?)\d+ total/g)) {
    passed += Number(/(\d+) passed/.exec(match[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(match[1])?.[1] ?? 0);
  }
  return { passed, failed };
}

/**
 * Runs the Redis-backed hub tests once per date (names from CALENDAR_DATES, or days), one after
 * another, with `env` (REDIS_URL set). Prints which date each run is on and a summary line per
 * date; answers the runs, their total, their output and whether all passed. A run that could not start (no
 * faketime) counts as failed.
 */
export async function runCalendarDates(names, env = process.env) {
  const faketime = await ensureFaketime();
  const runs = [];
  let output = '';
  for (const name of names) {
    const { start, note } = dateByName(name).resolve(Date.now());
    const label = `${name} (${new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z')}, ${note})`;
    console.log(`\n=== Calendar run: as if it were ${label} ===`);
    if (!faketime) {
      runs.push({ label, passed: 0, failed: 1, seconds: 0, code: 1 });
      continue;
    }
    const began = Date.now();
    // Whole seconds from now to the date, taken just before the spawn: libfaketime adds them to every clock read.
    const seconds = Math.round((start - Date.now()) / 1000);
    const offset = `${seconds >= 0 ? '+' : ''}${seconds}s`;
    const jest = path.join(hubDir, 'node_modules/.bin/jest');
    const result = await run(faketime, ['-f', offset, jest, '--runInBand', '--testPathPatterns', REDIS_BACKED], { env: { ...env, FORCE_COLOR: '0' }, capture: true, cwd: hubDir });
    const counts = countTests(result.output);
    output += result.output;
    runs.push({ label, ...counts, failed: counts.failed + (result.code !== 0 && counts.failed === 0 ? 1 : 0), seconds: Math.round((Date.now() - began) / 1000), code: result.code });
  }
  console.log('\nCalendar runs:');
  for (const one of runs) console.log(`  ${one.code === 0 ? 'passed' : 'FAILED'}  ${one.label}: ${one.passed} passed, ${one.failed} failed in ${one.seconds} s`);
  const total = runs.reduce((sum, one) => ({ passed: sum.passed + one.passed, failed: sum.failed + one.failed }), { passed: 0, failed: 0 });
  return { ok: runs.every((one) => one.code === 0), runs, total, output };
}

async function main() {
  const args = process.argv.slice(2);
  const dateAt = args.indexOf('--date');
  const names = dateAt >= 0 ? (args[dateAt + 1] ?? '').split(',') : CALENDAR_DATES.map((date) => date.name);
  names.forEach(dateByName); // an unknown name stops here, before any install or build
  await installDependencies();
  // Some of these tests read the built web app (no token in any URL; the hub serves it), as in `npm test`.
  if ((await pnpm(['--filter', '@respite/web', 'build'])).code !== 0) process.exit(1);
  const redis = await ensureRedis();
  const { ok, total } = await runCalendarDates(names, { ...process.env, REDIS_URL: redis.url });
  redis.stop();
  console.log(`${ok ? 'Passed' : 'Failed'}: ${total.passed} passed, ${total.failed} failed`);
  process.exit(ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
