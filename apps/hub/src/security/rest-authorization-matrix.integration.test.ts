/**
 * The authorization matrix for every REST route, generated from the one policy table
 * (`routePolicy`): ten kinds of person (signed out and eligible included) times four session states, over real
 * HTTP on the real Redis. Expected answers come from `decideAccess`. A denied cell must answer the
 * policy's typed error with its HTTP status, leave every Redis key of the hub byte-for-byte as it was
 * (every field of every key) and broadcast nothing to an observer socket in the session's room. An allowed
 * cell must pass the access check: 2xx, or a domain answer only a granted request can reach
 * (a wrong passphrase, an unknown invite code).
 */
import { type GroupRelation, aliasKey, decideAccess, routePolicy, timesForOccurrence } from '@respite/domain';
import {
  type AccountRole, type RouteName, type SessionState, errorCodes, httpStatusByCode, restRoutes, routeNames, routePath, serverEventNames,
} from '@respite/protocol';
import { sessionCookieName } from '../http/session-cookie';
import { AccountService } from '../services/account.service';
import { newEntityId, newToken } from '../random-ids';
import {
  type ClientSocket, type TestHub, callApi, collect, connectClient, connected, pause, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { scanAllKeys, valuesOfKey } from '../testing/redis-test-env';
import { accountWithRoles, roomForEveryone, secondGroupWithFacilitator } from '../testing/moderation-fixtures';
import { recordTally } from './security-tally';

const actorNames = [
  'signed out', 'signed in, not a member', 'member of this group', 'member of another group', 'banned member',
  'facilitator of this group', 'facilitator of another group', 'sponsor admin', 'platform admin', 'eligible, not joined',
] as const;
type ActorName = (typeof actorNames)[number];
const states = ['scheduled', 'lobby', 'live', 'closed'] as const satisfies readonly SessionState[];

const rolesOf: Record<ActorName, AccountRole[] | null> = {
  'signed out': null, 'signed in, not a member': ['member'], 'member of this group': ['member'], 'member of another group': ['member'],
  'banned member': ['member'], 'facilitator of this group': ['facilitator'], 'facilitator of another group': ['facilitator'],
  'sponsor admin': ['sponsor_admin'], 'platform admin': ['platform_admin'], 'eligible, not joined': ['member'],
};
const relationOf: Record<ActorName, GroupRelation | undefined> = {
  'signed out': undefined, 'signed in, not a member': 'outsider', 'member of this group': 'member', 'member of another group': 'outsider',
  'banned member': 'banned', 'facilitator of this group': 'facilitator', 'facilitator of another group': 'outsider', 'sponsor admin': 'outsider', 'platform admin': 'outsider',
  // Signed up with the group's invite code (a seat that opens the group), has not joined it. "Removed
  // from this session" is not a person here: it is a flag of the room, which no REST route reads.
  'eligible, not joined': 'eligible',
};

interface Stage { groupId: string; sessionId: string; sponsorId: string; inviteCode: string }

/** A body that parses for every route: typed by the contract's names, so a new route without one does not compile. */
const bodies: Record<RouteName, (stage: Stage) => Record<string, unknown> | undefined> = {
  signUp: () => ({ inviteCode: 'no-such-invite-1', handle: `matrix-${newEntityId()}`.slice(0, 30), passphrase: 'a passphrase long enough to pass' }),
  signIn: () => ({ handle: 'no-such-handle', passphrase: 'a passphrase long enough to pass' }),
  recover: () => ({ handle: 'no-such-handle', recoveryCode: 'AAAA-BBBB-CCCC-DDDD', newPassphrase: 'a passphrase long enough to pass' }),
  signOut: () => ({}),
  getAccount: () => undefined,
  updateAccount: () => ({ timeZone: null }),
  deleteAccount: () => ({ passphrase: 'not the passphrase of anyone here' }),
  redeemInvite: () => ({ inviteCode: 'no-such-invite-1' }),
  changePassphrase: () => ({ currentPassphrase: 'not the passphrase of anyone here', newPassphrase: 'a passphrase long enough to pass' }),
  renewRecoveryCode: () => ({ passphrase: 'not the passphrase of anyone here' }),
  signOutEverywhere: () => ({}),
  listGroups: () => undefined,
  getGroup: () => undefined,
  joinGroup: () => ({ alias: null, acceptNorms: true }),
  changeAlias: () => ({ alias: null }),
  leaveGroup: () => ({}),
  suggestAlias: () => undefined,
  getSession: () => undefined,
  getModerationRecord: () => undefined,
  listSponsorInvites: () => undefined,
  createSponsorInvite: (s) => ({ seats: 1, validDays: 1, groupIds: [s.groupId] }),
  setSponsorInviteStatus: () => ({ status: 'active' }),
  listSponsorGroups: () => undefined,
  getSponsorReport: () => undefined,
  exportSponsorReport: () => undefined,
  getSponsorCalendarFeed: () => undefined,
  rotateSponsorCalendarFeed: () => ({}),
  getSponsorSettings: () => undefined,
  updateSponsorSettings: () => ({ signUpsPerHour: 150 }),
  releaseSeat: () => ({}),
  adminListGroups: () => undefined,
  adminCreateGroup: (s) => ({
    name: 'Matrix Circle', description: 'made by the matrix', norms: [], capacity: 10, sponsorId: s.sponsorId,
    schedule: { weekdays: [2], everyWeeks: 1, localStartTime: '19:00', timeZone: 'Europe/Paris', durationMinutes: 60 },
  }),
  adminUpdateGroup: () => ({ description: 'updated by the matrix' }),
  adminAssignFacilitator: () => ({ handle: 'no-such-handle' }),
  listOccurrences: () => undefined,
  cancelOccurrence: () => ({ localDate: '2031-01-07' }),
  moveOccurrence: () => ({ localDate: '2031-01-07', startsAt: '2031-01-08T18:00:00Z' }),
  restoreOccurrence: () => ({ localDate: '2031-01-07' }),
  openLobbyEarly: () => ({}),
  extendSession: () => ({ minutes: 5 }),
  getSeat: () => undefined,
  reserveSeat: () => ({}),
  releaseSessionSeat: () => ({}),
  getMyCalendarFeed: () => undefined,
  rotateMyCalendarFeed: () => ({ showGroupNames: false }),
  revokeMyCalendarFeed: () => ({}),
};

/** Allowed cells that take the actor's place or sign-in away run last, in this order. */
const lastRoutes: RouteName[] = ['releaseSessionSeat', 'releaseSeat', 'leaveGroup', 'deleteAccount', 'signOut', 'signOutEverywhere'];
/** Allowed cells of these routes are called with a second sign-in of the actor: signOut has ended the first one by then. */
const onSecondSignIn = new Set<RouteName>(['signOutEverywhere']);
const accessCodes = new Set(['unauthenticated', 'forbidden', 'session_not_open', 'session_closed']);

function expectedDenial(route: RouteName, actor: ActorName, state: SessionState): string | null {
  const decision = decideAccess(routePolicy[route], {
    roles: rolesOf[actor], relation: relationOf[actor], sessionState: state, sponsorId: actor === 'sponsor admin' ? 'linked' : null,
  });
  return decision.allowed ? null : decision.reason;
}

describe('the REST authorization matrix, generated from routePolicy (real HTTP, real Redis)', () => {
  let hub: TestHub;
  let sponsorId: string;
  let demoFacilitatorId: string;
  const sockets: ClientSocket[] = [];
  const tally = { covered: 0, allowedOk: 0, allowedDomainRefusal: 0 };
  const total = routeNames.length * actorNames.length * states.length;

  async function actorsForOneState(): Promise<Map<ActorName, string | null>> {
    const cookies = new Map<ActorName, string | null>([['signed out', null]]);
    cookies.set('signed in, not a member', (await accountWithRoles(hub, ['member'])).cookie);
    const member = await accountWithRoles(hub, ['member']);
    await membership(hub.demo.groupId, member.accountId, 'active');
    cookies.set('member of this group', member.cookie);
    const otherFacilitator = await accountWithRoles(hub, ['facilitator']);
    const other = await secondGroupWithFacilitator(hub, otherFacilitator.accountId);
    cookies.set('facilitator of another group', otherFacilitator.cookie);
    const otherMember = await accountWithRoles(hub, ['member']);
    await membership(other.groupId, otherMember.accountId, 'active');
    cookies.set('member of another group', otherMember.cookie);
    const banned = await accountWithRoles(hub, ['member']);
    await membership(hub.demo.groupId, banned.accountId, 'banned');
    cookies.set('banned member', banned.cookie);
    // The demo facilitator is one handle for all four states: signed in through the route once (its
    // per-handle limit also counts the routes that ask for the passphrase again), then by the store.
    cookies.set('facilitator of this group', await signInAs(demoFacilitatorId));
    const sponsorAdmin = await accountWithRoles(hub, ['sponsor_admin']);
    await hub.stores.sponsors.setAdmin(sponsorAdmin.accountId, sponsorId);
    cookies.set('sponsor admin', sponsorAdmin.cookie);
    cookies.set('platform admin', (await accountWithRoles(hub, ['platform_admin'])).cookie);
    cookies.set('eligible, not joined', (await signUpMember(hub, { join: false })).cookie);
    return cookies;
  }

  async function accountIdOf(cookie: string): Promise<string> {
    const accountId = await hub.stores.logins.findAccountId(AccountService.tokenDigest(cookie.split('=')[1]!));
    if (!accountId) throw new Error('no sign-in behind this cookie');
    return accountId;
  }

  /** A new sign-in of the account, written to the store as the sign-in route would (the same account, as another device would hold it). */
  async function signInAs(accountId: string): Promise<string> {
    const token = newToken();
    await hub.stores.logins.create(AccountService.tokenDigest(token), accountId, Date.now() + 3_600_000);
    return `${sessionCookieName(false)}=${token}`;
  }

  async function membership(groupId: string, accountId: string, status: 'active' | 'banned') {
    const alias = `Matrix ${newEntityId().slice(0, 6).replace(/[^A-Za-z]/g, 'x')}`;
    await hub.stores.groups.addMembership({
      groupId, accountId, memberRef: newEntityId(), alias, aliasKey: aliasKey(alias), role: 'member', normsAcceptedAt: Date.now(), joinedAt: Date.now(), status,
    });
  }

  /** Every key of this hub with its whole content (order-free): any write a denied cell made shows up here. */
  async function snapshotRedis(): Promise<Record<string, string[]>> {
    const redis = hub.redis!.durable;
    const keys = (await scanAllKeys(redis, `${hub.keyPrefix}*`)).sort();
    const read = async (key: string): Promise<string[]> => {
      const type = await redis.type(key);
      if (type === 'hash') return Object.entries(await redis.hgetall(key)).map(([field, value]) => `${field}=${value}`).sort();
      if (type === 'zset') return redis.zrange(key, 0, -1, 'WITHSCORES');
      if (type === 'set') return (await redis.smembers(key)).sort();
      return valuesOfKey(redis, key);
    };
    const values = await Promise.all(keys.map(read));
    return Object.fromEntries(keys.map((key, index) => [key, values[index]!]));
  }

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    await roomForEveryone(hub);
    sponsorId = (await hub.stores.groups.getGroup(hub.demo.groupId))!.sponsorIds[0]!;
    demoFacilitatorId = await accountIdOf(await signInFacilitator(hub));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    recordTally({ area: 'REST routes', cellsCovered: tally.covered, cellsTotal: total });
    console.log(`REST authorization matrix: ${tally.covered}/${total} cells (${tally.allowedOk} allowed and 2xx, ${tally.allowedDomainRefusal} allowed then refused by a domain rule)`);
  });

  it('has a policy row and a body for every route of the contract, and every body parses', () => {
    expect(Object.keys(routePolicy).sort()).toEqual([...routeNames].sort());
    expect(Object.keys(bodies).sort()).toEqual([...routeNames].sort());
    const stage: Stage = { groupId: newEntityId(), sessionId: newEntityId(), sponsorId: newEntityId(), inviteCode: 'some-invite-1' };
    for (const route of routeNames) expect({ route, parses: restRoutes[route].body.safeParse(bodies[route](stage) ?? {}).success }).toEqual({ route, parses: true });
  });

  it.each(states)('every route x every kind of person with a %s session', async (state) => {
    const cookies = await actorsForOneState();
    const now = Date.now();
    const sessionId = newEntityId();
    await hub.stores.sessions.create({ id: sessionId, groupId: hub.demo.groupId, ...timesForOccurrence(now + 2 * 86_400_000, 90), state: 'live', openedAt: now, closedAt: null });
    const observer = connectClient(hub, cookies.get('facilitator of this group')!);
    sockets.push(observer);
    await connected(observer);
    expect(await request(observer, 'session:join', { sessionId })).toMatchObject({ ok: true });
    if (state === 'closed') expect(await hub.stores.sessions.markClosed(sessionId, Date.now())).toBe(true);
    else if (state !== 'live') expect(await hub.stores.sessions.transition(sessionId, 'live', state, Date.now())).toBe(true);
    const stage: Stage = { groupId: hub.demo.groupId, sessionId, sponsorId, inviteCode: hub.demo.inviteCode };
    const params = { groupId: stage.groupId, sessionId, sponsorId, code: stage.inviteCode };
    const call = (route: RouteName, actor: ActorName) =>
      callApi(hub, restRoutes[route].method, routePath(route, params), bodies[route](stage), cookies.get(actor));

    const cells = routeNames.flatMap((route) => actorNames.map((actor) => ({ route, actor, denial: expectedDenial(route, actor, state) })));
    const denied = cells.filter((cell) => cell.denial !== null);
    const before = await snapshotRedis();
    const heard = serverEventNames.map((name) => collect(observer, name));
    const answers = await Promise.all(denied.map((cell) => call(cell.route, cell.actor)));
    await pause(150);
    denied.forEach((cell, index) => {
      const answer = answers[index]!;
      expect({ cell: `${cell.route} by ${cell.actor}`, status: answer.status, body: answer.body }).toMatchObject({
        cell: `${cell.route} by ${cell.actor}`, status: httpStatusByCode[cell.denial as keyof typeof httpStatusByCode],
        body: { ok: false, error: { code: cell.denial, message: expect.any(String) } },
      });
    });
    expect(await snapshotRedis()).toEqual(before);
    expect(heard.flat()).toEqual([]);
    for (const name of serverEventNames) (observer as any).off(name);
    tally.covered += denied.length;

    const allowed = cells.filter((cell) => cell.denial === null).sort((a, b) => lastRoutes.indexOf(a.route) - lastRoutes.indexOf(b.route));
    const secondCookies = new Map<string, string>();
    for (const cell of allowed.filter((one) => onSecondSignIn.has(one.route))) {
      secondCookies.set(`${cell.route} ${cell.actor}`, await signInAs(await accountIdOf(cookies.get(cell.actor)!)));
    }
    for (const cell of allowed) {
      const second = secondCookies.get(`${cell.route} ${cell.actor}`);
      const answer = second
        ? await callApi(hub, restRoutes[cell.route].method, routePath(cell.route, params), bodies[cell.route](stage), second)
        : await call(cell.route, cell.actor);
      if (answer.body.ok) {
        expect(answer.status).toBe(200);
        tally.allowedOk += 1;
      } else {
        const code = answer.body.error.code;
        expect({ cell: `${cell.route} by ${cell.actor}`, code, access: accessCodes.has(code) || code === 'internal' })
          .toEqual({ cell: `${cell.route} by ${cell.actor}`, code, access: false });
        expect(errorCodes).toContain(code);
        tally.allowedDomainRefusal += 1;
      }
      tally.covered += 1;
    }
    for (const socket of sockets.splice(0)) socket.disconnect();
  }, 60_000);
});
