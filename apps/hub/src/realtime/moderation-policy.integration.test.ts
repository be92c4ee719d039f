/**
 * Generated from the one policy table: every moderation event, tried by every kind of person
 * (member, facilitator of this group, facilitator of another group, removed member, banned member,
 * sponsor admin, non-member) in a live session, over real sockets on the real Redis. An allowed
 * cell must take effect; a denied cell must change nothing, broadcast nothing, and get a typed error.
 */
import { type GroupRelation, decideAccess, eventPolicy } from '@respite/domain';
import { type AccountRole, type ModerationEventName, type ModerationServerEvents, moderationEventSchemas } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import {
  type ClientSocket, type TestHub, collect, connectClient, connected, pause, request, signInFacilitator, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { type InRoom, accountWithRoles, joinDemoSession, newMemberInRoom, secondGroupWithFacilitator, roomForEveryone } from '../testing/moderation-fixtures';

type ActorName = 'member' | 'facilitator of this group' | 'facilitator of another group' | 'removed member' | 'banned member' | 'sponsor admin' | 'non-member';
const actorNames: ActorName[] = ['member', 'facilitator of this group', 'facilitator of another group', 'removed member', 'banned member', 'sponsor admin', 'non-member'];

/** How each actor relates to the demo group, as the hub would compute it. */
const relationOf: Record<ActorName, GroupRelation> = {
  'member': 'member', 'facilitator of this group': 'facilitator', 'facilitator of another group': 'outsider', 'removed member': 'member',
  'banned member': 'banned', 'sponsor admin': 'outsider', 'non-member': 'eligible',
};
const rolesOf: Record<ActorName, AccountRole[]> = {
  'member': ['member'], 'facilitator of this group': ['facilitator'], 'facilitator of another group': ['facilitator'], 'removed member': ['member'],
  'banned member': ['member'], 'sponsor admin': ['sponsor_admin'], 'non-member': ['member'],
};

interface Actor {
  socket: ClientSocket;
  memberRef: string | null;
  /** Whether this actor is in the session's room (a removed member is not, whatever the policy says of members). */
  inRoom: boolean;
}

interface Cell {
  hub: TestHub;
  sessionId: string;
  actor: Actor;
  target: InRoom;
  messageId: string;
}

interface Case {
  needsTarget?: boolean;
  prepare?: (cell: Cell) => Promise<void>;
  payload: (cell: Cell) => Record<string, unknown>;
  effect: (cell: Cell, answer: { ok: boolean; data?: any }) => Promise<void>;
}

const now = () => Date.now();
const expiry = () => Date.now() + 60 * 60_000;
const state = (cell: Cell) => cell.hub.stores.roomModeration.read(cell.sessionId, now());
const settle = (cell: Cell, change: Parameters<TestHub['stores']['roomModeration']['updateSettings']>[1]) => cell.hub.stores.roomModeration.updateSettings(cell.sessionId, change, expiry());
const recordLength = async (cell: Cell) => (await cell.hub.app.services.moderation.readRecord(cell.hub.demo.groupId)).length;

const cases: Record<ModerationEventName, Case> = {
  'member:admit': { needsTarget: true, payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }), effect: async (c) => expect((await state(c)).admitted.has(c.target.memberRef)).toBe(true) },
  'room:set-admission': {
    payload: (c) => ({ sessionId: c.sessionId, mode: 'manual' }),
    effect: async (c) => {
      expect((await state(c)).admission).toBe('manual');
      await settle(c, { admission: 'automatic' });
    },
  },
  'member:mute': { needsTarget: true, payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef, minutes: 5 }), effect: async (c) => expect((await state(c)).mutes.has(c.target.memberRef)).toBe(true) },
  'member:unmute': {
    needsTarget: true,
    prepare: (c) => c.hub.stores.roomModeration.mute(c.sessionId, c.target.memberRef, now() + 60_000, expiry()),
    payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }),
    effect: async (c) => expect((await state(c)).mutes.has(c.target.memberRef)).toBe(false),
  },
  'member:remove': { needsTarget: true, payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }), effect: async (c) => expect((await state(c)).removed.has(c.target.memberRef)).toBe(true) },
  'member:ban': {
    needsTarget: true,
    payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }),
    effect: async (c) => expect((await c.hub.stores.groups.membershipByRef(c.hub.demo.groupId, c.target.memberRef))?.status).toBe('banned'),
  },
  'message:delete': {
    payload: (c) => ({ sessionId: c.sessionId, messageId: c.messageId }),
    effect: async (c) => expect((await c.hub.stores.messages.readAfter(c.sessionId, null, 1000)).some((message) => message.id === c.messageId)).toBe(false),
  },
  'notice:pin': {
    payload: (c) => ({ sessionId: c.sessionId, text: 'What is said here stays here.' }),
    effect: async (c) => {
      expect((await state(c)).pinnedNotice).toBe('What is said here stays here.');
      await settle(c, { pinnedNotice: null });
    },
  },
  'room:set-slow-mode': {
    payload: (c) => ({ sessionId: c.sessionId, intervalSeconds: 5 }),
    effect: async (c) => {
      expect((await state(c)).slowModeSeconds).toBe(5);
      await settle(c, { slowModeSeconds: 0 });
    },
  },
  'room:set-lock': {
    payload: (c) => ({ sessionId: c.sessionId, on: true }),
    effect: async (c) => {
      expect((await state(c)).locked).toBe(true);
      await settle(c, { locked: false });
    },
  },
  'chat:set-pause': {
    payload: (c) => ({ sessionId: c.sessionId, on: true }),
    effect: async (c) => {
      expect((await state(c)).paused).toBe(true);
      await settle(c, { paused: false });
    },
  },
  'floor:give': {
    needsTarget: true,
    payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }),
    effect: async (c) => {
      expect((await state(c)).floorRef).toBe(c.target.memberRef);
      await settle(c, { floorRef: null });
    },
  },
  'go-round:start': {
    needsTarget: true,
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c) => {
      expect((await state(c)).goRound?.order).toContain(c.target.memberRef);
      await settle(c, { goRound: null, floorRef: null });
    },
  },
  'go-round:advance': {
    prepare: (c) => settle(c, { goRound: { order: ['ref-aaaaaaaa', 'ref-bbbbbbbb', 'ref-cccccccc'], index: 0 }, floorRef: 'ref-aaaaaaaa' }),
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c) => {
      expect((await state(c)).floorRef).toBe('ref-bbbbbbbb');
      await settle(c, { goRound: null, floorRef: null });
    },
  },
  'go-round:stop': {
    prepare: (c) => settle(c, { goRound: { order: ['ref-aaaaaaaa'], index: 0 }, floorRef: 'ref-aaaaaaaa' }),
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c) => expect((await state(c)).goRound).toBeNull(),
  },
  'go-round:pass': {
    prepare: (c) => settle(c, { goRound: { order: [c.actor.memberRef ?? 'ref-aaaaaaaa', 'ref-bbbbbbbb'], index: 0 }, floorRef: c.actor.memberRef ?? 'ref-aaaaaaaa' }),
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c) => {
      expect((await state(c)).floorRef).toBe('ref-bbbbbbbb');
      await settle(c, { goRound: null, floorRef: null });
    },
  },
  'check-in:open': { needsTarget: true, payload: (c) => ({ sessionId: c.sessionId, memberRef: c.target.memberRef }), effect: async (c) => expect(await c.hub.stores.roomModeration.isCheckInOpen(c.sessionId, c.target.memberRef)).toBe(true) },
  'check-in:send': {
    needsTarget: true,
    // A member writes in their own check-in; a facilitator in the target's.
    prepare: async (c) => c.hub.stores.roomModeration.openCheckIn(c.sessionId, c.actor.memberRef ?? c.target.memberRef, expiry()),
    payload: (c) => ({ sessionId: c.sessionId, memberRef: c.actor.memberRef ?? c.target.memberRef, text: 'checking in' }),
    effect: async (c) => expect((await c.hub.stores.roomModeration.listCheckInMessages(c.sessionId)).some((message) => message.memberRef === c.actor.memberRef)).toBe(true),
  },
  'room:get-moderation': { payload: (c) => ({ sessionId: c.sessionId }), effect: async (c, answer) => expect(answer.data.moderation.sessionId).toBe(c.sessionId) },
  'hand:raise': { payload: (c) => ({ sessionId: c.sessionId }), effect: async (c) => expect((await state(c)).hands.has(c.actor.memberRef!)).toBe(true) },
  'hand:lower': {
    prepare: (c) => c.hub.stores.roomModeration.raiseHand(c.sessionId, c.actor.memberRef ?? 'ref-aaaaaaaa', now(), expiry()),
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c) => expect((await state(c)).hands.has(c.actor.memberRef!)).toBe(false),
  },
  'reaction:add': { payload: (c) => ({ sessionId: c.sessionId, messageId: c.messageId, reaction: 'heart' }), effect: async (_c, answer) => expect(answer.data.count).toBe(1) },
  'message:report': {
    payload: (c) => ({ sessionId: c.sessionId, messageId: c.messageId, reason: 'shares a name' }),
    effect: async (c) => expect((await c.hub.stores.roomModeration.listReports(c.sessionId)).some((report) => report.messageId === c.messageId)).toBe(true),
  },
  'presence:set-away': {
    payload: (c) => ({ sessionId: c.sessionId, away: true }),
    effect: async (c) => {
      expect((await state(c)).away.has(c.actor.memberRef!)).toBe(true);
      await c.hub.stores.roomModeration.setFlag(c.sessionId, 'away', c.actor.memberRef!, false, expiry());
    },
  },
  'support:request': {
    payload: (c) => ({ sessionId: c.sessionId }),
    effect: async (c, answer) => {
      expect(answer.data.resources.length).toBeGreaterThanOrEqual(3);
      expect((await c.hub.stores.roomModeration.listAlerts(c.sessionId)).some((alert) => alert.source === 'support_button')).toBe(true);
    },
  },
  'crisis:acknowledge': {
    prepare: (c) => c.hub.stores.roomModeration.addAlert(c.sessionId, { alertId: 'policy-alert-01', memberRef: c.target.memberRef, alias: c.target.alias, source: 'message', at: now() }, expiry()),
    needsTarget: true,
    payload: (c) => ({ sessionId: c.sessionId, alertId: 'policy-alert-01' }),
    effect: async (c) => expect((await c.hub.stores.roomModeration.listAlerts(c.sessionId)).map((alert) => alert.alertId)).not.toContain('policy-alert-01'),
  },
};

const broadcastEvents: (keyof ModerationServerEvents | 'message:posted' | 'presence:updated')[] = [
  'room:moderation-changed', 'message:deleted', 'member:removed', 'reaction:added', 'report:filed', 'crisis:alerted', 'crisis:resources',
  'check-in:opened', 'check-in:posted', 'moderation:acted', 'message:posted',
];

describe('the moderation policy, generated from the table (real sockets, real Redis)', () => {
  let hub: TestHub;
  let sessionId: string;
  let observer: InRoom;
  const actors = new Map<ActorName, Actor>();
  const sockets: ClientSocket[] = [];

  async function outsideActor(cookie: string): Promise<Actor> {
    const socket = connectClient(hub, cookie);
    sockets.push(socket);
    await connected(socket);
    const join = await request(socket, 'session:join', { sessionId });
    expect(join).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    return { socket, memberRef: null, inRoom: false };
  }

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
    sessionId = hub.demo.liveSessionId;
    await roomForEveryone(hub);
    observer = await joinDemoSession(hub, await signInFacilitator(hub));
    sockets.push(observer.socket);
    const member = await newMemberInRoom(hub);
    sockets.push(member.socket);
    actors.set('member', { socket: member.socket, memberRef: member.memberRef, inRoom: true });
    const facilitator = await joinDemoSession(hub, await signInFacilitator(hub));
    sockets.push(facilitator.socket);
    actors.set('facilitator of this group', { socket: facilitator.socket, memberRef: facilitator.memberRef, inRoom: true });

    const otherFacilitator = await accountWithRoles(hub, ['facilitator']);
    await secondGroupWithFacilitator(hub, otherFacilitator.accountId);
    actors.set('facilitator of another group', await outsideActor(otherFacilitator.cookie));

    const removed = await newMemberInRoom(hub);
    expect(await request(observer.socket, 'member:remove', { sessionId, memberRef: removed.memberRef })).toMatchObject({ ok: true });
    actors.set('removed member', await outsideActor(removed.cookie));

    const banned = await newMemberInRoom(hub);
    expect(await request(observer.socket, 'member:ban', { sessionId, memberRef: banned.memberRef })).toMatchObject({ ok: true });
    actors.set('banned member', await outsideActor(banned.cookie));

    actors.set('sponsor admin', await outsideActor((await accountWithRoles(hub, ['sponsor_admin'])).cookie));
    actors.set('non-member', await outsideActor((await signUpMember(hub, { join: false })).cookie));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub.stop();
  });

  const cells = (Object.keys(moderationEventSchemas) as ModerationEventName[]).flatMap((event) => actorNames.map((actor) => [event, actor] as const));

  it('has a case for every moderation event of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(moderationEventSchemas).sort());
  });

  it.each(cells)('%s by a %s', async (event, actorName) => {
    const actor = actors.get(actorName)!;
    const definition = cases[event];
    const target = definition.needsTarget ? await newMemberInRoom(hub) : null;
    if (target) sockets.push(target.socket);
    const posted = await request(observer.socket, 'message:send', { sessionId, clientId: newEntityId(), text: 'a message to act on' });
    if (!posted.ok) throw new Error('could not post');
    const cell: Cell = { hub, sessionId, actor, target: target ?? observer, messageId: posted.data.id };
    await definition.prepare?.(cell);

    const policyAllows = decideAccess(eventPolicy[event], { roles: rolesOf[actorName], relation: relationOf[actorName], sessionState: 'live' }).allowed;
    const allowed = policyAllows && actor.inRoom;
    const snapshot = async () => JSON.stringify({
      state: await state(cell), records: await recordLength(cell), reports: await hub.stores.roomModeration.listReports(sessionId),
      checkIns: await hub.stores.roomModeration.listCheckInMessages(sessionId), messages: await hub.stores.messages.readAfter(sessionId, null, 1000),
      target: target ? await hub.stores.groups.membershipByRef(hub.demo.groupId, target.memberRef) : null,
    }, (_key, value) => (value instanceof Map ? [...value] : value instanceof Set ? [...value] : value));
    const before = allowed ? '' : await snapshot();
    const heard = broadcastEvents.map((name) => collect(observer.socket, name));

    const answer = await request(actor.socket, event, definition.payload(cell));
    if (allowed) {
      expect(answer.ok).toBe(true);
      await definition.effect(cell, answer as { ok: boolean; data?: unknown });
    } else {
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      await pause(60);
      expect(await snapshot()).toEqual(before);
      expect(heard.flat()).toEqual([]);
    }
    for (const listener of broadcastEvents) (observer.socket as any).off(listener);
    target?.socket.disconnect();
  });
});
