/**
 * Seeds one benchmark run through the hub's own stores (so the data has exactly the hub's shape):
 * groups, one live session per group with its room open, members with memberships and sign-in
 * tokens written straight into the login store (the storm then measures the join, not argon2),
 * and accounts for the login scenario sharing one real argon2id hash. Also the session records of
 * the bare+redis baseline. Everything lives under the run's key prefix and is deleted afterwards.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Redis } from 'ioredis';
import { aliasKey, handleKey, timesForOccurrence } from '@respite/domain';
import { systemClock } from '../../apps/hub/src/clock';
import { createRedisStores } from '../../apps/hub/src/stores/stores';
import { bareKeys, SESSION_FIELDS } from './bare-keys';

export const BENCH_SECRET = 'bench-secret-for-loopback-runs-only-0123456789';
export const LOGIN_PASSPHRASE = 'violet tide under quiet hills at dusk';
const ARGON2_PRODUCTION = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Every FACILITATED_GROUP_EVERY-th group has a facilitator in seat 0 (the crisis-alert probe's listeners); the rest are all members. */
export const FACILITATED_GROUP_EVERY = 10;

export interface SeededMember { cookie: string; sessionId: string; group: number; role: 'member' | 'facilitator' }
export interface SeededRun { members: SeededMember[]; loginHandles: string[] }

const id = () => randomBytes(12).toString('base64url');

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(work));
}

export async function seedRun(options: { redis: Redis; keyPrefix: string; groups: number; membersPerGroup: number; loginAccounts: number }): Promise<SeededRun> {
  const { redis, keyPrefix } = options;
  const stores = createRedisStores({ durable: redis, ephemeral: redis }, keyPrefix, systemClock);
  const now = Date.now();
  const times = timesForOccurrence(now - 5 * 60_000, 180);
  const members: SeededMember[] = [];
  const groupIndexes = Array.from({ length: options.groups }, (_, index) => index);
  const bare = bareKeys(keyPrefix);
  await inBatches(groupIndexes, 50, async (group) => {
    const groupId = id();
    const sessionId = id();
    await stores.groups.saveGroup({
      id: groupId, name: `Bench Circle ${group}`, description: 'A benchmark group.', norms: ['What is said here stays here.'], capacity: options.membersPerGroup,
      // A schedule whose sessions the planner need not create during the run (far in the future).
      schedule: { weekdays: [7], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2030-01-06' },
      sponsorIds: [], createdAt: now,
    });
    await stores.sessions.create({ id: sessionId, groupId, ...times, state: 'live', openedAt: now, closedAt: null });
    await stores.messages.openRoom(sessionId, times.endsAt + 5 * 60_000);
    const record = { groupId, ...times, state: 'live', openedAt: now, closedAt: '' } as Record<string, string | number>;
    await redis.hset(bare.session(sessionId), ...SESSION_FIELDS.flatMap((field) => [field, String(record[field] ?? '')]));
    await redis.set(bare.open(sessionId), '1', 'PX', times.endsAt + 5 * 60_000 - now);
    for (let seat = 0; seat < options.membersPerGroup; seat += 1) {
      const accountId = id();
      const token = randomBytes(32).toString('base64url');
      const alias = `Bench Heron ${seat}`;
      const role = group % FACILITATED_GROUP_EVERY === 0 && seat === 0 ? 'facilitator' : 'member';
      await stores.accounts.create({ id: accountId, handleDigest: id(), passphraseHash: '', recoveryHash: '', roles: [role], timeZone: null, createdAt: now });
      await stores.groups.addMembership({
        groupId, accountId, memberRef: id(), alias, aliasKey: aliasKey(alias), role, normsAcceptedAt: now, joinedAt: now, status: 'active',
      });
      await stores.logins.create(createHash('sha256').update(token).digest('base64url'), accountId, now + 6 * 60 * 60_000);
      members.push({ cookie: `respite_session=${token}`, sessionId, group, role });
    }
  });

  // One real hash at production parameters, shared by every login account: verifying costs the same.
  const passphraseHash = options.loginAccounts > 0 ? await argon2.hash(LOGIN_PASSPHRASE, ARGON2_PRODUCTION) : '';
  const loginHandles = Array.from({ length: options.loginAccounts }, (_, index) => `bench-login-${index}-${randomBytes(3).toString('hex')}`);
  await inBatches(loginHandles, 100, async (handle) => {
    const handleDigest = createHmac('sha256', BENCH_SECRET).update(`handle:${handleKey(handle)}`).digest('base64url');
    await stores.accounts.create({ id: id(), handleDigest, passphraseHash, recoveryHash: passphraseHash, roles: ['member'], timeZone: null, createdAt: now });
  });
  members.sort((a, b) => a.group - b.group);
  return { members, loginHandles };
}

/** Unlinks every key matching a pattern; answers how many. */
async function unlinkMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (batch.length > 0) deleted += await redis.unlink(...batch);
  } while (cursor !== '0');
  return deleted;
}

/** Removes every key of the run. */
export function deleteRunKeys(redis: Redis, keyPrefix: string): Promise<number> {
  return unlinkMatching(redis, `${keyPrefix}*`);
}

/**
 * Erases every room's messages and client-id index of the run (the hub's and bare+redis's), so that
 * each server's storm joins rooms as empty as bare's in-memory ones: without it, a later pair's hub
 * would send every joiner the earlier runs' messages (up to 500) while bare sends none.
 */
export async function clearRoomHistory(redis: Redis, keyPrefix: string): Promise<number> {
  return (await unlinkMatching(redis, `${keyPrefix}*:messages`)) + (await unlinkMatching(redis, `${keyPrefix}*:client-ids`));
}
