/**
 * The authorization matrix for every socket event, generated from the one policy table
 * (`eventPolicy`): eleven kinds of person (signed out; nine relations and roles; eligible, holding a
 * seat for the group but not joined; removed from this session by a facilitator) times four session
 * states (scheduled, lobby, live, closed),
 * over real sockets on the real Redis. Expected answers come from `decideAccess`, never from a list
 * written by hand. A denied cell must answer the policy's typed error, change nothing in the stores
 * and broadcast nothing to an observer in the room; an allowed cell must pass the access check
 * (answer ok, or a domain answer such as `muted` that only a granted request can reach).
 *
 * How states are made: each state gets its own session in the demo group, created through the store
 * as `live` (far from its due times, so the lifecycle leaves it alone), joined by everyone the policy
 * lets in, then moved to the state under test. In-room events are checked per event against the
 * session's state at that moment, which is exactly what this exercises.
 */
import { type GroupRelation, aliasKey, decideAccess, eventPolicy, timesForOccurrence } from '@respite/domain';
import { type AccountRole, type ClientEventName, type SessionState, clientEventNames, clientEventSchemas, errorCodes, serverEventNames } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import {
  type ClientSocket, type TestHub, callApi, collect, connectClient, connected, nextEvent, pause, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { readSessionToken } from '../http/session-cookie';
import { AccountService } from '../services/account.service';
import { accountWithRoles, roomForEveryone, secondGroupWithFacilitator } from '../testing/moderation-fixtures';
import { recordTally } from './security-tally';
import { type Stage, validPayloads as payloads } from './valid-event-payloads';

const actorNames = [
  'signed in, not a member', 'member of this group', 'member of another group', 'banned member',
  'facilitator of this group', 'facilitator of another group', 'sponsor admin', 'platform admin',
  'eligible, not joined', 'removed from this session',
] as const;
type ActorName = (typeof actorNames)[number];
const states = ['scheduled', 'lobby', 'live', 'closed'] as const satisfies readonly SessionState[];

const rolesOf: Record<ActorName, AccountRole[]> = {
  'signed in, not a member': ['member'], 'member of this group': ['member'], 'member of another group': ['member'], 'banned member': ['member'],
  'facilitator of this group': ['facilitator'], 'facilitator of another group': ['facilitator'], 'sponsor admin': ['sponsor_admin'], 'platform admin': ['platform_admin'],
  'eligible, not joined': ['member'], 'removed from this session': ['member'],
};
const relationOf: Record<ActorName, GroupRelation> = {
  'signed in, not a member': 'outsider', 'member of this group': 'member', 'member of another group': 'outsider', 'banned member': 'banned',
  'facilitator of this group': 'facilitator', 'facilitator of another group': 'outsider', 'sponsor admin': 'outsider', 'platform admin': 'outsider',
  // Holds a seat that opens the group (signed up with its invite code) and has not joined it.
  'eligible, not joined': 'eligible',
  // Still a member of the group: removal is a flag of one session, not a relation (see expectedDenial).
  'removed from this session': 'member',
};
const REMOVED: ActorName = 'removed from this session';

/** Allowed cells that end the room or the actor's place in it run last, in this order. */
const lastEvents: ClientEventName[] = ['member:remove', 'member:ban', 'session:leave', 'session:end'];
const accessCodes = new Set(['unauthenticated', 'forbidden', 'session_not_open', 'session_closed']);
/** Everything the hub can broadcast: an observer in the room must hear none of it from a denied cell. */
const broadcastEvents: string[] = serverEventNames;

/** What an event answers for this actor in this state, according to the table and the router's join-first rule. */
function expectedDenial(event: ClientEventName, actor: ActorName, state: SessionState, joined: boolean): string | null {
  // A join, and a support request from outside the room (the waiting room), are decided by the table afresh.
  if (event === 'session:join' || event === 'support:request' || joined) {
    const decision = decideAccess(eventPolicy[event], { roles: rolesOf[actor], relation: relationOf[actor], sessionState: state });
    // The one rule not in the policy table: a member a facilitator removed from this session
    // (moderation.service checkJoin) is refused with `forbidden` wherever the table would let them
    // join. Its other cells follow from the join-first rule below: never joined, so `forbidden`.
    if (decision.allowed && actor === REMOVED && (event === 'session:join' || event === 'support:request')) return 'forbidden';
    return decision.allowed ? null : decision.reason;
  }
  return 'forbidden';
}

describe('the socket authorization matrix, generated from eventPolicy (real sockets, real Redis)', () => {
  let hub: TestHub;
  const cookies = new Map<ActorName, string>();
  const sockets: ClientSocket[] = [];
  const tally = { covered: 0, allowedOk: 0, allowedDomainRefusal: 0 };
  const total = clientEventNames.length * (actorNames.length + 1) * states.length;

  const open = async (cookie: string) => {
    const socket = connectClient(hub, cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    await roomForEveryone(hub);
    cookies.set('signed in, not a member', (await accountWithRoles(hub, ['member'])).cookie);
    cookies.set('member of this group', (await signUpMember(hub)).cookie);
    const otherFacilitator = await accountWithRoles(hub, ['facilitator']);
    const other = await secondGroupWithFacilitator(hub, otherFacilitator.accountId);
    cookies.set('facilitator of another group', otherFacilitator.cookie);
    const otherMember = await accountWithRoles(hub, ['member']);
    await hub.stores.groups.addMembership({
      groupId: other.groupId, accountId: otherMember.accountId, memberRef: newEntityId(), alias: 'Elsewhere', aliasKey: aliasKey('Elsewhere'),
      role: 'member', normsAcceptedAt: Date.now(), joinedAt: Date.now(), status: 'active',
    });
    cookies.set('member of another group', otherMember.cookie);
    const banned = await accountWithRoles(hub, ['member']);
    await hub.stores.groups.addMembership({
      groupId: hub.demo.groupId, accountId: banned.accountId, memberRef: newEntityId(), alias: 'Was Here', aliasKey: aliasKey('Was Here'),
      role: 'member', normsAcceptedAt: Date.now(), joinedAt: Date.now(), status: 'banned',
    });
    cookies.set('banned member', banned.cookie);
    cookies.set('facilitator of this group', await signInFacilitator(hub));
    cookies.set('sponsor admin', (await accountWithRoles(hub, ['sponsor_admin'])).cookie);
    cookies.set('platform admin', (await accountWithRoles(hub, ['platform_admin'])).cookie);
    cookies.set('eligible, not joined', (await signUpMember(hub, { join: false })).cookie);
    cookies.set(REMOVED, (await signUpMember(hub)).cookie);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
    recordTally({ area: 'socket events', cellsCovered: tally.covered, cellsTotal: total });
    console.log(`socket authorization matrix: ${tally.covered}/${total} cells (${tally.allowedOk} allowed and ok, ${tally.allowedDomainRefusal} allowed then refused by a room rule)`);
  });

  it('has a policy row and a payload for every event of the contract, and none is public', () => {
    expect(Object.keys(eventPolicy).sort()).toEqual([...clientEventNames].sort());
    expect(Object.keys(payloads).sort()).toEqual([...clientEventNames].sort());
    for (const event of clientEventNames) {
      expect(eventPolicy[event].scope).not.toBe('public');
      expect(clientEventSchemas[event].safeParse(payloads[event]({ sessionId: newEntityId(), messageId: '1700000000000-0', targetRef: 'ref-aaaaaaaa', selfRef: 'ref-bbbbbbbb' })).success).toBe(true);
    }
  });

  it.each(states)('signed out: the handshake is refused, so no event reaches the %s session', async () => {
    const socket = connectClient(hub, null);
    sockets.push(socket);
    await expect(connected(socket)).rejects.toThrow('unauthenticated');
    tally.covered += clientEventNames.length;
  });

  it.each(states)('every event x every signed-in person in a %s session', async (state) => {
    const now = Date.now();
    const sessionId = newEntityId();
    // Two days ahead: the lifecycle has nothing due for it while the test runs.
    await hub.stores.sessions.create({ id: sessionId, groupId: hub.demo.groupId, ...timesForOccurrence(now + 2 * 86_400_000, 90), state: 'live', openedAt: now, closedAt: null });
    const observer = await open(cookies.get('facilitator of this group')!);
    expect(await request(observer, 'session:join', { sessionId })).toMatchObject({ ok: true });
    const target = await open((await signUpMember(hub)).cookie);
    const targetJoin = await request(target, 'session:join', { sessionId });
    if (!targetJoin.ok) throw new Error(`target could not join: ${JSON.stringify(targetJoin)}`);
    const posted = await request(target, 'message:send', { sessionId, clientId: newEntityId(), text: 'a message to act on' });
    if (!posted.ok) throw new Error('could not post');
    const stage: Stage = { sessionId, messageId: posted.data.id, targetRef: targetJoin.data.self.memberRef, selfRef: targetJoin.data.self.memberRef };

    // Everyone the policy lets in joins while live (one socket for the join cell itself, one for the room).
    const roomSockets = new Map<ActorName, { socket: ClientSocket; joined: boolean; selfRef: string }>();
    // The removed person was in the room while live and a facilitator removed them (their socket is closed by it).
    const removedOnce = await open(cookies.get(REMOVED)!);
    const removedJoin = await request(removedOnce, 'session:join', { sessionId });
    if (!removedJoin.ok) throw new Error(`the member to remove could not join: ${JSON.stringify(removedJoin)}`);
    const revoked = nextEvent(removedOnce, 'access:revoked');
    expect(await request(observer, 'member:remove', { sessionId, memberRef: removedJoin.data.self.memberRef })).toMatchObject({ ok: true });
    expect(await revoked).toEqual({ reason: 'removed' });
    for (const actor of actorNames) {
      const socket = await open(cookies.get(actor)!);
      const joined = await request(socket, 'session:join', { sessionId });
      const selfRef = joined.ok ? joined.data.self.memberRef as string : stage.targetRef;
      if (joined.ok) await hub.stores.roomModeration.openCheckIn(sessionId, selfRef, Date.now() + 3_600_000);
      roomSockets.set(actor, { socket, joined: joined.ok, selfRef });
      expect(joined.ok).toBe(expectedDenial('session:join', actor, 'live', false) === null);
    }
    if (state === 'closed') expect(await hub.stores.sessions.markClosed(sessionId, Date.now())).toBe(true);
    else if (state !== 'live') expect(await hub.stores.sessions.transition(sessionId, 'live', state, Date.now())).toBe(true);
    expect((await hub.stores.sessions.get(sessionId))?.state).toBe(state);

    const cells = clientEventNames.flatMap((event) => actorNames.map((actor) => ({ event, actor })));
    const withExpectation = await Promise.all(cells.map(async ({ event, actor }) => {
      const joinCell = event === 'session:join';
      const socket = joinCell ? await open(cookies.get(actor)!) : roomSockets.get(actor)!.socket;
      return { event, actor, socket, denial: expectedDenial(event, actor, state, !joinCell && roomSockets.get(actor)!.joined) };
    }));

    // Denied cells, all at once: nothing changes in the stores and the observer hears nothing.
    const snapshot = async () => JSON.stringify({
      session: await hub.stores.sessions.get(sessionId),
      moderation: await hub.stores.roomModeration.read(sessionId, 0),
      reports: await hub.stores.roomModeration.listReports(sessionId),
      checkIns: await hub.stores.roomModeration.listCheckInMessages(sessionId),
      messages: await hub.stores.messages.readAfter(sessionId, null, 1000),
      target: await hub.stores.groups.membershipByRef(hub.demo.groupId, stage.targetRef),
      members: (await hub.stores.groups.memberAccountIds(hub.demo.groupId)).sort(),
      record: (await hub.app.services.moderation.readRecord(hub.demo.groupId)).length,
    }, (_key, value) => (value instanceof Map ? [...value].sort() : value instanceof Set ? [...value].sort() : value));
    const denied = withExpectation.filter((cell) => cell.denial !== null);
    const before = await snapshot();
    const heard = broadcastEvents.map((name) => collect(observer, name));
    const answers = await Promise.all(denied.map((cell) => request(cell.socket, cell.event, payloads[cell.event]({ ...stage, selfRef: roomSockets.get(cell.actor)!.selfRef }))));
    await pause(150);
    denied.forEach((cell, index) => {
      expect({ cell: `${cell.event} by ${cell.actor}`, answer: answers[index] })
        .toMatchObject({ cell: `${cell.event} by ${cell.actor}`, answer: { ok: false, error: { code: cell.denial, message: expect.any(String) } } });
    });
    expect(await snapshot()).toEqual(before);
    expect(heard.flat()).toEqual([]);
    for (const name of broadcastEvents) (observer as any).off(name);
    tally.covered += denied.length;

    // Allowed cells, one by one, the ones that end a place in the room last.
    const allowed = withExpectation.filter((cell) => cell.denial === null)
      .sort((a, b) => lastEvents.indexOf(a.event) - lastEvents.indexOf(b.event));
    for (const cell of allowed) {
      const socket = cell.event === 'session:end' ? observer : cell.socket;
      const answer = await request(socket, cell.event, payloads[cell.event]({ ...stage, selfRef: roomSockets.get(cell.actor)!.selfRef }));
      if (answer.ok) tally.allowedOk += 1;
      else {
        // A granted request may still meet a room rule (nothing to advance, already muted...), never an access refusal.
        expect({ cell: `${cell.event} by ${cell.actor}`, code: answer.error.code, access: accessCodes.has(answer.error.code) })
          .toEqual({ cell: `${cell.event} by ${cell.actor}`, code: answer.error.code, access: false });
        expect(answer.error.code).not.toBe('bad_request');
        expect(errorCodes).toContain(answer.error.code);
        tally.allowedDomainRefusal += 1;
      }
      tally.covered += 1;
    }
    for (const socket of sockets.splice(0)) socket.disconnect();
  }, 60_000);
});

/**
 * Rights changed while in the room, on this node and on another. Expectations are written by hand
 * here, not taken from the policy table: once a person is banned, removed from the session, has left
 * the group or has signed out, EVERY event they send into the room is refused, the join again too,
 * whatever the policy would let their old role do. A facilitator who leaves or signs out is refused
 * the facilitator's events too.
 *
 * Two hub nodes on the same stores and NO adapter between them: hub A's broadcasts never reach hub
 * B, as if every one were lost; the rights sweep is off on hub B, so its sockets stay open to be
 * probed. The victims sit in the room on hub B, one socket per event. The change is made either
 * through the stores under hub B (this node: the records change, nobody tells it) or through hub A's
 * own handlers (another node: a facilitator's `member:ban` / `member:remove` on hub A, the victim's
 * REST leave or sign-out on hub A). Every refused event changes nothing and is heard by nobody, and
 * hub B ends the socket that sent it.
 */
describe('rights changed while in the room, on this node and on another (expectations by hand)', () => {
  type Change = 'banned' | 'removed from the session' | 'left the group' | 'signed out';
  type Via = 'the stores under hub B' | 'hub A';
  /** The answer every event of the victim gets after the change. */
  const refusedWith: Record<Change, 'forbidden' | 'unauthenticated'> = {
    banned: 'forbidden', 'removed from the session': 'forbidden', 'left the group': 'forbidden', 'signed out': 'unauthenticated',
  };
  const victims: { role: 'member' | 'facilitator'; change: Change }[] = [
    { role: 'member', change: 'banned' }, { role: 'member', change: 'removed from the session' },
    { role: 'member', change: 'left the group' }, { role: 'member', change: 'signed out' },
    // Facilitators cannot be banned or removed; they can leave and sign out.
    { role: 'facilitator', change: 'left the group' }, { role: 'facilitator', change: 'signed out' },
  ];
  let hubA: TestHub;
  let hubB: TestHub;
  const opened: ClientSocket[] = [];
  const openOn = async (hub: Pick<TestHub, 'url' | 'origin'>, cookie: string) => {
    const socket = connectClient(hub, cookie);
    opened.push(socket);
    await connected(socket);
    return socket;
  };

  beforeAll(async () => {
    hubA = await startTestHub({ stores: 'redis' });
    hubB = await startTestHub({ stores: 'redis', keyPrefix: hubA.keyPrefix, seed: false, rightsSweepMs: 0 });
    await roomForEveryone(hubA);
  }, 60_000);
  afterAll(async () => {
    for (const socket of opened) socket.disconnect();
    await hubB?.stop();
    await hubA?.stop();
  });

  it.each(['the stores under hub B', 'hub A'] as const)('changed through %s: every in-room event on hub B is refused', async (via: Via) => {
    const sessionId = hubA.demo.liveSessionId;
    const groupId = hubA.demo.groupId;
    const facilitatorOnA = await openOn(hubA, await signInFacilitator(hubA));
    expect(await request(facilitatorOnA, 'session:join', { sessionId })).toMatchObject({ ok: true });
    const observerCookie = (await signUpMember(hubA)).cookie;
    const observer = await openOn(hubB, observerCookie);
    const observed = await request(observer, 'session:join', { sessionId });
    if (!observed.ok) throw new Error('observer could not join');
    const posted = await request(observer, 'message:send', { sessionId, clientId: newEntityId(), text: 'a message to act on' });
    if (!posted.ok) throw new Error('could not post');

    // Each victim: an account in the room on hub B with one socket per event of the contract.
    const people = await Promise.all(victims.map(async (victim) => {
      let cookie: string;
      let accountId: string;
      if (victim.role === 'facilitator') {
        ({ cookie, accountId } = await accountWithRoles(hubA, ['facilitator']));
        const alias = `Co Guide ${newEntityId().slice(0, 8)}`;
        await hubA.stores.groups.addMembership({
          groupId, accountId, memberRef: newEntityId(), alias, aliasKey: aliasKey(alias),
          role: 'facilitator', normsAcceptedAt: Date.now(), joinedAt: Date.now(), status: 'active',
        });
      } else {
        cookie = (await signUpMember(hubA)).cookie;
        accountId = (await hubA.stores.logins.findAccountId(tokenDigestOf(cookie)))!;
      }
      const sockets = new Map<ClientEventName, ClientSocket>();
      let selfRef = '';
      for (const event of clientEventNames) {
        const socket = await openOn(hubB, cookie);
        const joined = await request(socket, 'session:join', { sessionId });
        if (!joined.ok) throw new Error(`victim could not join: ${JSON.stringify(joined)}`);
        selfRef = joined.data.self.memberRef;
        sockets.set(event, socket);
      }
      await hubA.stores.roomModeration.openCheckIn(sessionId, selfRef, Date.now() + 3_600_000);
      // Before the change the person is in: a read of the room is answered.
      expect(await request(sockets.get('room:get-moderation')!, 'room:get-moderation', { sessionId })).toMatchObject({ ok: true });
      return { ...victim, cookie, accountId, selfRef, sockets };
    }));

    for (const person of people) {
      if (via === 'the stores under hub B') {
        const { stores } = hubB;
        if (person.change === 'banned') await stores.groups.setMembershipStatus(groupId, person.accountId, 'banned');
        if (person.change === 'removed from the session') await stores.roomModeration.setFlag(sessionId, 'removed', person.selfRef, true, Date.now() + 3_600_000);
        if (person.change === 'left the group') await stores.groups.removeMembership(groupId, person.accountId);
        if (person.change === 'signed out') await stores.logins.delete(tokenDigestOf(person.cookie));
      } else {
        if (person.change === 'banned') expect(await request(facilitatorOnA, 'member:ban', { sessionId, memberRef: person.selfRef })).toMatchObject({ ok: true });
        if (person.change === 'removed from the session') expect(await request(facilitatorOnA, 'member:remove', { sessionId, memberRef: person.selfRef })).toMatchObject({ ok: true });
        // A member leaves over REST; a facilitator may not (the route is members' only), so hub A's
        // group service takes them out, as an operator would.
        if (person.change === 'left the group' && person.role === 'member') expect((await callApi(hubA, 'DELETE', `/api/groups/${groupId}/membership`, {}, person.cookie)).status).toBe(200);
        if (person.change === 'left the group' && person.role === 'facilitator') await hubA.app.services.groups.leave(person.accountId, groupId);
        if (person.change === 'signed out') expect((await callApi(hubA, 'POST', '/api/auth/sign-out', {}, person.cookie)).status).toBe(200);
      }
    }

    const snapshot = async () => JSON.stringify({
      moderation: await hubB.stores.roomModeration.read(sessionId, 0),
      reports: await hubB.stores.roomModeration.listReports(sessionId),
      checkIns: await hubB.stores.roomModeration.listCheckInMessages(sessionId),
      messages: await hubB.stores.messages.readAfter(sessionId, null, 1000),
      observer: await hubB.stores.groups.membershipByRef(groupId, observed.data.self.memberRef),
      session: await hubB.stores.sessions.get(sessionId),
    }, (_key, value) => (value instanceof Map ? [...value].sort() : value instanceof Set ? [...value].sort() : value));
    const before = await snapshot();
    const heard = broadcastEvents.map((name) => collect(observer, name));
    const stage = (selfRef: string): Stage => ({ sessionId, messageId: posted.data.id, targetRef: observed.data.self.memberRef, selfRef });
    const cells = people.flatMap((person) => clientEventNames.map((event) => ({ person, event })));
    const answers = await Promise.all(cells.map(({ person, event }) => request(person.sockets.get(event)!, event, payloads[event](stage(person.selfRef)))));
    await pause(150);
    cells.forEach(({ person, event }, index) => {
      expect({ cell: `${event} by a ${person.role} who ${person.change} (${via})`, answer: answers[index] })
        .toMatchObject({ cell: `${event} by a ${person.role} who ${person.change} (${via})`, answer: { ok: false, error: { code: refusedWith[person.change] } } });
    });
    expect(await snapshot()).toEqual(before);
    // The observer hears nothing of the refused events; only the presence list, as hub B ends the
    // refused sockets (below) and they leave the room.
    expect(broadcastEvents.filter((name, index) => name !== 'presence:updated' && heard[index]!.length > 0)).toEqual([]);
    for (const name of broadcastEvents) (observer as any).off(name);
    // Each refused socket was then ended by hub B itself.
    expect(cells.filter(({ person, event }) => person.sockets.get(event)!.connected).map(({ person, event }) => `${event} by ${person.change}`)).toEqual([]);
    recordTally({ area: 'socket events, rights changed in the room', cellsCovered: cells.length, cellsTotal: cells.length });
  }, 90_000);
});

/** The digest of the sign-in cookie's token, as the hub keys logins. */
function tokenDigestOf(cookie: string): string {
  return AccountService.tokenDigest(readSessionToken(cookie, false)!);
}
