/**
 * The retention run on the memory stores, with a clock moved by hand (anchored to now): what it
 * deletes and when, what it keeps, and that it counts a held session before deleting its record.
 * The Redis side of each store call is in stores/retention-stores.contract.test.ts, and the whole
 * run on the real Redis in soak/calendar-soak.integration.test.ts.
 */
import { Writable } from 'node:stream';
import { timesForOccurrence } from '@respite/domain';
import { ManualClock } from '../clock';
import { createLogger } from '../logger';
import { CLOSED_SESSION_RETENTION_MS, EXPIRED_INVITE_RETENTION_MS, MODERATION_RECORD_DEFAULT_RETENTION_MS } from '../stores/redis/redis-keys';
import { createMemoryStores } from '../stores/stores';
import { RetentionService, firstKeptHeldMonth } from './retention.service';
import { reportMonth } from './sponsor-attendance';

const day = 24 * 60 * 60_000;

function setUp() {
  const clock = new ManualClock(Date.now());
  const stores = createMemoryStores(clock);
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', nodeId: 'test', destination: new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done(); } }) });
  const retention = new RetentionService({ stores, clock, logger, moderationRetentionMs: MODERATION_RECORD_DEFAULT_RETENTION_MS });
  return { clock, stores, logs, retention };
}

async function groupWithSponsor(stores: ReturnType<typeof createMemoryStores>, clock: ManualClock) {
  await stores.groups.saveGroup({
    id: 'group-kept', name: 'Kept', description: '', norms: [], capacity: 10, sponsorIds: ['sponsor-kept'], createdAt: clock.now(),
    schedule: { weekdays: [1], everyWeeks: 1, localStartTime: '19:00', timeZone: 'Europe/Berlin', durationMinutes: 60, anchorDate: '2026-01-05' },
  });
}

describe('the retention run', () => {
  it('counts a held session, then deletes its record and seats once it ended 42 days ago, and not a day sooner', async () => {
    const { clock, stores, retention } = setUp();
    await groupWithSponsor(stores, clock);
    const times = timesForOccurrence(clock.now() + 60 * 60_000, 60);
    await stores.sessions.create({ id: 'held', groupId: 'group-kept', ...times, state: 'scheduled', openedAt: null, closedAt: null });
    await stores.sessionSeats.reserve('held', 'ref-1', 10, times.endsAt);
    await stores.sessions.markClosed('held', times.endsAt); // closed here without the lifecycle's own count

    clock.set(times.endsAt + CLOSED_SESSION_RETENTION_MS - day);
    expect(await retention.sweep()).toMatchObject({ sessionsCounted: 1, sessionsDeleted: 0 });
    expect(await stores.sessions.get('held')).not.toBeNull();
    clock.set(times.endsAt + CLOSED_SESSION_RETENTION_MS);
    expect(await retention.sweep()).toMatchObject({ sessionsCounted: 0, sessionsDeleted: 1 });
    expect(await stores.sessions.get('held')).toBeNull();
    expect(await stores.sessionSeats.counts('held')).toEqual({ seated: 0, waiting: 0 });
    // The figure the sponsor report reads outlives the record, counted once.
    expect(await stores.sessions.heldCounts('group-kept', [reportMonth(times.startsAt)])).toEqual([1]);
  });

  it('never deletes a session that did not close: it queues it for the lifecycle and says so', async () => {
    const { clock, stores, logs, retention } = setUp();
    await groupWithSponsor(stores, clock);
    const times = timesForOccurrence(clock.now() + 60 * 60_000, 60);
    await stores.sessions.create({ id: 'stuck', groupId: 'group-kept', ...times, state: 'scheduled', openedAt: null, closedAt: null });
    await stores.sessions.claimDueChecks(times.lobbyOpensAt, 10); // its check lost, as after a crash mid-claim
    clock.set(times.endsAt + CLOSED_SESSION_RETENTION_MS + day);
    expect(await retention.sweep()).toMatchObject({ sessionsRequeued: 1, sessionsDeleted: 0 });
    expect(await stores.sessions.get('stuck')).toMatchObject({ state: 'scheduled' });
    expect(await stores.sessions.claimDueChecks(clock.now(), 10)).toEqual(['stuck']);
    expect(logs.join('')).toContain('"retention.stale_sessions"');
  });

  it('drops moderation entries past the retention, and deletes codes 400 days after they expired', async () => {
    const { clock, stores, retention } = setUp();
    await groupWithSponsor(stores, clock);
    const start = clock.now();
    const entry = { action: 'member_muted' as const, actorAlias: 'Facilitator Sam', actorRole: 'facilitator' as const, targetAlias: 'Quiet Heron', amount: 5 };
    await stores.moderationRecord.append('group-kept', { ...entry, at: start }, MODERATION_RECORD_DEFAULT_RETENTION_MS);
    await stores.moderationRecord.append('group-kept', { ...entry, at: start + 30 * day }, MODERATION_RECORD_DEFAULT_RETENTION_MS);
    await stores.sponsors.saveInvite({ code: 'OLD-CODE1', sponsorId: 'sponsor-kept', seats: 5, seatsUsed: 1, expiresAt: start + day, groupIds: ['group-kept'], status: 'active', createdAt: start });
    await stores.sponsors.saveInvite({ code: 'NEW-CODE1', sponsorId: 'sponsor-kept', seats: 5, seatsUsed: 0, expiresAt: start + 300 * day, groupIds: ['group-kept'], status: 'active', createdAt: start });

    clock.set(start + MODERATION_RECORD_DEFAULT_RETENTION_MS + day);
    await retention.sweep();
    const kept = await stores.moderationRecord.list('group-kept', start + 31 * day, MODERATION_RECORD_DEFAULT_RETENTION_MS);
    expect(kept.map((item) => item.at)).toEqual([start + 30 * day]); // read as of before the cutoff: only the older one is gone

    clock.set(start + day + EXPIRED_INVITE_RETENTION_MS - 1);
    expect(await retention.sweep()).toMatchObject({ invitesDeleted: 0 });
    clock.set(start + day + EXPIRED_INVITE_RETENTION_MS);
    expect(await retention.sweep()).toMatchObject({ invitesDeleted: 1 });
    expect(await stores.sponsors.listInviteCodes('sponsor-kept')).toEqual(['NEW-CODE1']);
  });

  it('keeps 13 months of held-session counts', () => {
    expect(firstKeptHeldMonth(Date.UTC(2031, 0, 15))).toBe('2030-01');
    expect(firstKeptHeldMonth(Date.UTC(2031, 11, 31, 23))).toBe('2030-12');
  });
});
