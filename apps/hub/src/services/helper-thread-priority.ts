/**
 * Keeps the event loop first in line for the CPU while passphrases are hashed. argon2 runs on
 * libuv's worker threads; during a sign-in storm they take every core, and a loop thread of the
 * same priority then waits its turn behind them, and every room on the node waits with it.
 * Lowering the priority of every other thread of the process (a higher nice value: libuv's
 * workers, V8's helper threads) lets the loop run as soon as it has work, while the others still
 * get every cycle it leaves. Hashing throughput barely changes, because the loop needs little CPU;
 * what changes is that it gets it at once.
 *
 * Linux only, best effort (raising a nice value needs no privilege). libuv's pool is started here
 * first, so that its threads exist when they are lowered; threads started later keep the normal
 * priority.
 */
import { pbkdf2 } from 'node:crypto';
import { readdirSync } from 'node:fs';
import os from 'node:os';

export const HELPER_THREAD_NICENESS = 10;

export interface ThreadPriorityOutcome {
  /** How many threads other than the event loop's were lowered. */
  lowered: number;
  reason: 'lowered' | 'not_linux' | 'refused';
}

/** The ids of this process's threads (Linux). */
export function threadIds(): number[] {
  return readdirSync('/proc/self/task').map(Number);
}

export async function lowerHelperThreadPriority(niceness = HELPER_THREAD_NICENESS): Promise<ThreadPriorityOutcome> {
  if (process.platform !== 'linux') return { lowered: 0, reason: 'not_linux' };
  // The smallest piece of work that goes through libuv's pool: it makes the pool start its threads.
  await new Promise<void>((resolve, reject) => pbkdf2('', '', 1, 8, 'sha256', (error) => (error ? reject(error) : resolve())));
  const helpers = threadIds().filter((id) => id !== process.pid);
  try {
    for (const id of helpers) os.setPriority(id, niceness);
  } catch {
    return { lowered: 0, reason: 'refused' };
  }
  return { lowered: helpers.length, reason: 'lowered' };
}
