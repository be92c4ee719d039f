/**
 * Runs the priority change in its own process (it changes the process it runs in) and reads each
 * thread's nice value back from /proc: the event loop's thread keeps 0, every other thread —
 * libuv's workers, where argon2 hashes, among them — gets the lower priority.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const script = `
const { readFileSync } = require('node:fs');
const { lowerHelperThreadPriority, threadIds } = require('./src/services/helper-thread-priority');
const niceOf = (id) => Number(readFileSync('/proc/self/task/' + id + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
lowerHelperThreadPriority().then((outcome) => {
  const threads = threadIds().map((id) => ({ main: id === process.pid, nice: niceOf(id) }));
  process.stdout.write(JSON.stringify({ outcome, threads }));
});`;

const linux = process.platform === 'linux';

(linux ? describe : describe.skip)('helper thread priority', () => {
  it('lowers every thread but the event loop, libuv workers included', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.resolve(__dirname, '../..'), encoding: 'utf8',
    });
    const { outcome, threads } = JSON.parse(output) as { outcome: { lowered: number; reason: string }; threads: { main: boolean; nice: number }[] };
    expect(outcome.reason).toBe('lowered');
    const helpers = threads.filter((thread) => !thread.main);
    // At least libuv's four pool threads (started by the call) besides V8's own.
    expect(helpers.length).toBeGreaterThanOrEqual(4);
    expect(outcome.lowered).toBe(helpers.length);
    expect(helpers.every((thread) => thread.nice === 10)).toBe(true);
    expect(threads.filter((thread) => thread.main).map((thread) => thread.nice)).toEqual([0]);
  });
});
