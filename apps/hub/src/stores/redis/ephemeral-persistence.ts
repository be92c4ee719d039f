/**
 * Message text must never reach a disk. In production the hub checks, before it serves anyone,
 * that the ephemeral Redis neither snapshots (`save`) nor keeps an append-only file.
 */
import type { Redis } from 'ioredis';

export async function ephemeralPersistenceProblems(redis: Redis): Promise<string[]> {
  const [, save] = (await redis.config('GET', 'save')) as [string, string];
  const [, appendonly] = (await redis.config('GET', 'appendonly')) as [string, string];
  const problems: string[] = [];
  if (save && save.trim() !== '') problems.push(`snapshots are on (save "${save}"); set save ""`);
  if (appendonly === 'yes') problems.push('the append-only file is on; set appendonly no');
  return problems;
}
