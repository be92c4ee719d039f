/**
 * Test helpers for moderation: accounts with a given role, a second group, a member in the live
 * room, all created through the stores and signed in over HTTP, the way the hub sees real people.
 */
import { aliasKey, timesForOccurrence } from '@respite/domain';
import type { AccountRole } from '@respite/protocol';
import { newEntityId } from '../random-ids';
import type { Clock } from '../clock';
import { type ClientSocket, type HubAddress, type TestHub, callApi, connectClient, connected, request, signInFacilitator, signUpMember, startTestHub } from './hub-harness';

const PASSPHRASE = 'amber meadow under slow rain';
let counter = 0;

/** An account with exactly these roles, made through the stores, signed in: answers its id and cookie. */
export async function accountWithRoles(hub: TestHub, roles: AccountRole[]): Promise<{ accountId: string; cookie: string }> {
  counter += 1;
  const handle = `role-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const accountId = newEntityId();
  await hub.stores.accounts.create({
    id: accountId, handleDigest: hub.app.services.accounts.handleDigest(handle), passphraseHash: await hub.app.services.hasher.hash(PASSPHRASE),
    recoveryHash: await hub.app.services.hasher.hash('recovery-code-unused-here'), roles, timeZone: null, createdAt: Date.now(),
  });
  const signIn = await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase: PASSPHRASE });
  if (!signIn.cookie) throw new Error(`sign-in failed: ${JSON.stringify(signIn.body)}`);
  return { accountId, cookie: signIn.cookie };
}

/** A second group with its own live session, facilitated by `facilitatorAccountId`. */
export async function secondGroupWithFacilitator(hub: TestHub, facilitatorAccountId: string): Promise<{ groupId: string; sessionId: string }> {
  const now = Date.now();
  const groupId = newEntityId();
  await hub.stores.groups.saveGroup({
    id: groupId, name: 'Other Circle', description: 'Another group', norms: ['Be kind'], capacity: 10,
    schedule: { weekdays: [1], everyWeeks: 1, localStartTime: '19:00', timeZone: 'America/Chicago', durationMinutes: 90, anchorDate: '2026-01-05' },
    sponsorIds: [], createdAt: now,
  });
  await hub.stores.groups.addMembership({
    groupId, accountId: facilitatorAccountId, memberRef: newEntityId(), alias: 'Other Guide', aliasKey: aliasKey('Other Guide'),
    role: 'facilitator', normsAcceptedAt: now, joinedAt: now, status: 'active',
  });
  const sessionId = newEntityId();
  await hub.stores.sessions.create({ id: sessionId, groupId, ...timesForOccurrence(now - 5 * 60_000, 120), state: 'scheduled', openedAt: null, closedAt: null });
  await hub.app.services.lifecycle.advance(sessionId);
  return { groupId, sessionId };
}

/**
 * These tests bring many members into the demo session; they are not about seats, so the demo
 * group gets room for all of them (the seat tests cover capacity).
 */
export async function roomForEveryone(hub: TestHub): Promise<void> {
  const group = await hub.stores.groups.getGroup(hub.demo.groupId);
  if (group) await hub.stores.groups.saveGroup({ ...group, capacity: 1000 });
}

export interface InRoom {
  socket: ClientSocket;
  memberRef: string;
  alias: string;
  cookie: string;
}

/** Connects with `cookie` and joins the demo session; answers the socket and who it is there. */
export async function joinDemoSession(hub: HubAddress, cookie: string, lastSeenId: string | null = null): Promise<InRoom> {
  const socket = connectClient(hub, cookie);
  await connected(socket);
  const joined = await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId, lastSeenId });
  if (!joined.ok) throw new Error(`join failed: ${JSON.stringify(joined)}`);
  return { socket, memberRef: joined.data.self.memberRef, alias: joined.data.self.alias, cookie };
}

export async function newMemberInRoom(hub: HubAddress, alias?: string): Promise<InRoom> {
  const member = await signUpMember(hub, { alias: alias ?? null });
  return joinDemoSession(hub, member.cookie);
}

/** What `useModerationRoom` hands a describe block; filled in by its beforeAll. */
export interface ModerationRoom {
  hub: TestHub;
  sessionId: string;
  /** The demo facilitator, in the room for the whole block. */
  facilitator: InRoom;
  /** Registers a member put in the room by a test: disconnected after that test. */
  track: (inRoom: InRoom) => InRoom;
}

/**
 * For one describe block: a hub on the real Redis, its demo live session open to everyone, the demo
 * facilitator in the room; members a test tracks leave after it, and everything stops after the block.
 */
export function useModerationRoom(options: { clock?: Clock } = {}): ModerationRoom {
  const tracked: InRoom[] = [];
  const room = {
    track: (inRoom: InRoom) => {
      tracked.push(inRoom);
      return inRoom;
    },
  } as ModerationRoom;
  beforeAll(async () => {
    room.hub = await startTestHub({ stores: 'redis', clock: options.clock });
    room.sessionId = room.hub.demo.liveSessionId;
    await roomForEveryone(room.hub);
    room.facilitator = await joinDemoSession(room.hub, await signInFacilitator(room.hub));
  });
  afterEach(() => {
    for (const inRoom of tracked.splice(0)) inRoom.socket.disconnect();
  });
  afterAll(async () => {
    room.facilitator?.socket.disconnect();
    await room.hub?.stop();
  });
  return room;
}
