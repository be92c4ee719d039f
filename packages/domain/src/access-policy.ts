/**
 * The one declarative access policy: for every REST route and every socket event, who may do it,
 * and in which session states. The hub consults it on every request and every event; a route or
 * event without a row does not compile (the tables are typed by the contract's names), and a test
 * also checks the tables against the contract at run time.
 */
import type { AccountRole, ClientEventName, MemberCalendarRouteName, RouteName, ScheduleRouteName, SeatRouteName, SessionState, SponsorRouteName } from '@respite/protocol';

/**
 * How the asking person relates to the group a request is about. Computed by the hub from stores;
 * the order matters only for reading: a person has exactly one relation to a group.
 */
export const groupRelations = [
  'outsider', // signed in, no seat for this group (includes members and facilitators of other groups)
  'eligible', // holds a seat that opens this group, has not joined
  'member',
  'facilitator',
  'banned', // was banned from this group: no rule allows this relation
] as const;
export type GroupRelation = (typeof groupRelations)[number];

export type AccessRule =
  /** Anyone, signed in or not. */
  | { scope: 'public' }
  /** Any signed-in account holding one of these roles. */
  | { scope: 'account'; roles: readonly AccountRole[] }
  /** About a group (from `groupId`): the relation must be listed. */
  | { scope: 'group'; relations: readonly GroupRelation[] }
  /** About a session (from `sessionId`): the relation to its group and the session's state must be listed. */
  | { scope: 'session'; relations: readonly GroupRelation[]; states: readonly SessionState[] }
  /** About the sponsor the account administers: the account holds `sponsor_admin` and is linked to one sponsor. */
  | { scope: 'sponsor' };

const anyRole = ['member', 'facilitator', 'sponsor_admin', 'platform_admin', 'on_call'] as const;
const participants = ['member', 'facilitator'] as const;
const facilitatorOnly = ['facilitator'] as const;
const roomOpen = ['lobby', 'live', 'closing'] as const;
const talking = ['live', 'closing'] as const;
const allStates = ['scheduled', 'lobby', 'live', 'closing', 'closed'] as const;

/** Sponsor administrators act only on their own sponsor, which the hub derives from the account. */
const sponsorRoutePolicy: Record<SponsorRouteName, AccessRule> = {
  listSponsorInvites: { scope: 'sponsor' },
  createSponsorInvite: { scope: 'sponsor' },
  setSponsorInviteStatus: { scope: 'sponsor' },
  listSponsorGroups: { scope: 'sponsor' },
  getSponsorReport: { scope: 'sponsor' },
  exportSponsorReport: { scope: 'sponsor' },
  getSponsorCalendarFeed: { scope: 'sponsor' },
  rotateSponsorCalendarFeed: { scope: 'sponsor' },
  getSponsorSettings: { scope: 'sponsor' },
  updateSponsorSettings: { scope: 'sponsor' },
  // A member gives up a seat; the sponsor is named in the path, and only the member's own seat goes.
  releaseSeat: { scope: 'account', roles: ['member'] },
};

/**
 * Schedule management: platform admins shape groups and schedules; a group's own facilitators change
 * its occurrences. Opening early only from `scheduled`; extending only while the room is open.
 */
const scheduleRoutePolicy: Record<ScheduleRouteName, AccessRule> = {
  adminListGroups: { scope: 'account', roles: ['platform_admin'] },
  adminCreateGroup: { scope: 'account', roles: ['platform_admin'] },
  adminUpdateGroup: { scope: 'account', roles: ['platform_admin'] },
  adminAssignFacilitator: { scope: 'account', roles: ['platform_admin'] },
  listOccurrences: { scope: 'group', relations: ['member', 'facilitator'] },
  cancelOccurrence: { scope: 'group', relations: ['facilitator'] },
  moveOccurrence: { scope: 'group', relations: ['facilitator'] },
  // Undoing a cancellation is a change of the schedule like cancelling: the group's facilitators only.
  restoreOccurrence: { scope: 'group', relations: ['facilitator'] },
  openLobbyEarly: { scope: 'session', relations: ['facilitator'], states: ['scheduled'] },
  extendSession: { scope: 'session', relations: ['facilitator'], states: ['lobby', 'live', 'closing'] },
};

/** Seats: members of the group, before the session ends. Facilitators always have a place. */
const seatRoutePolicy: Record<SeatRouteName, AccessRule> = {
  getSeat: { scope: 'session', relations: ['member'], states: allStates },
  reserveSeat: { scope: 'session', relations: ['member'], states: ['scheduled', 'lobby', 'live', 'closing'] },
  releaseSessionSeat: { scope: 'session', relations: ['member'], states: ['scheduled', 'lobby', 'live', 'closing'] },
};

/** A member's own calendar feed: only ever the signed-in account's. */
const memberCalendarRoutePolicy: Record<MemberCalendarRouteName, AccessRule> = {
  getMyCalendarFeed: { scope: 'account', roles: ['member', 'facilitator'] },
  rotateMyCalendarFeed: { scope: 'account', roles: ['member', 'facilitator'] },
  revokeMyCalendarFeed: { scope: 'account', roles: ['member', 'facilitator'] },
};

export const routePolicy: Record<RouteName, AccessRule> = {
  signUp: { scope: 'public' },
  signIn: { scope: 'public' },
  recover: { scope: 'public' },
  signOut: { scope: 'account', roles: anyRole },
  getAccount: { scope: 'account', roles: anyRole },
  updateAccount: { scope: 'account', roles: anyRole },
  deleteAccount: { scope: 'account', roles: anyRole },
  redeemInvite: { scope: 'account', roles: ['member'] },
  changePassphrase: { scope: 'account', roles: anyRole },
  renewRecoveryCode: { scope: 'account', roles: anyRole },
  signOutEverywhere: { scope: 'account', roles: anyRole },
  // The on-call role's home is "My groups" (no groups of its own), where escalated crisis alerts appear.
  listGroups: { scope: 'account', roles: ['member', 'facilitator', 'on_call'] },
  getGroup: { scope: 'group', relations: ['eligible', 'member', 'facilitator'] },
  joinGroup: { scope: 'group', relations: ['eligible'] },
  changeAlias: { scope: 'group', relations: participants },
  leaveGroup: { scope: 'group', relations: ['member'] },
  suggestAlias: { scope: 'group', relations: ['eligible', 'member', 'facilitator'] },
  getSession: { scope: 'session', relations: participants, states: allStates },
  getModerationRecord: { scope: 'group', relations: ['facilitator'] },
  ...sponsorRoutePolicy,
  ...scheduleRoutePolicy,
  ...seatRoutePolicy,
  ...memberCalendarRoutePolicy,
};

export const eventPolicy: Record<ClientEventName, AccessRule> = {
  'session:join': { scope: 'session', relations: participants, states: roomOpen },
  'session:leave': { scope: 'session', relations: participants, states: allStates },
  'message:send': { scope: 'session', relations: participants, states: talking },
  'typing:set': { scope: 'session', relations: participants, states: talking },
  'session:end': { scope: 'session', relations: ['facilitator'], states: roomOpen },
  // Moderation: facilitator actions while the room is open; member tools for every participant.
  'member:admit': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'room:set-admission': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'member:mute': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'member:unmute': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'member:remove': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'member:ban': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'message:delete': { scope: 'session', relations: facilitatorOnly, states: talking },
  'notice:pin': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'room:set-slow-mode': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'room:set-lock': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'chat:set-pause': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'floor:give': { scope: 'session', relations: facilitatorOnly, states: talking },
  'go-round:start': { scope: 'session', relations: facilitatorOnly, states: talking },
  'go-round:advance': { scope: 'session', relations: facilitatorOnly, states: talking },
  'go-round:stop': { scope: 'session', relations: facilitatorOnly, states: talking },
  'check-in:open': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'crisis:acknowledge': { scope: 'session', relations: facilitatorOnly, states: roomOpen },
  'room:get-moderation': { scope: 'session', relations: participants, states: roomOpen },
  'hand:raise': { scope: 'session', relations: participants, states: talking },
  'hand:lower': { scope: 'session', relations: participants, states: talking },
  'reaction:add': { scope: 'session', relations: participants, states: talking },
  'message:report': { scope: 'session', relations: participants, states: talking },
  'presence:set-away': { scope: 'session', relations: participants, states: roomOpen },
  'go-round:pass': { scope: 'session', relations: participants, states: talking },
  // The support button works in every open state, lobby included, and from the manual-admission
  // waiting room: the router lets it through for a member of the group who has not joined.
  'support:request': { scope: 'session', relations: participants, states: roomOpen },
  'check-in:send': { scope: 'session', relations: participants, states: roomOpen },
};

export interface AccessSubject {
  /** null when signed out. */
  roles: readonly AccountRole[] | null;
  /** Required for group and session rules. */
  relation?: GroupRelation;
  /** Required for session rules. */
  sessionState?: SessionState;
  /** Required for sponsor rules: the sponsor the account administers, or null. */
  sponsorId?: string | null;
}

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'unauthenticated' | 'forbidden' | 'session_not_open' | 'session_closed' };

/** Decides one request. Pure: the caller resolves the subject's relation and the session state. */
export function decideAccess(rule: AccessRule, subject: AccessSubject): AccessDecision {
  if (rule.scope === 'public') return { allowed: true };
  if (subject.roles === null) return { allowed: false, reason: 'unauthenticated' };
  if (rule.scope === 'sponsor') {
    return subject.roles.includes('sponsor_admin') && subject.sponsorId ? { allowed: true } : { allowed: false, reason: 'forbidden' };
  }
  if (rule.scope === 'account') {
    return subject.roles.some((role) => rule.roles.includes(role)) ? { allowed: true } : { allowed: false, reason: 'forbidden' };
  }
  if (!subject.relation || !rule.relations.includes(subject.relation)) return { allowed: false, reason: 'forbidden' };
  if (rule.scope === 'group') return { allowed: true };
  if (!subject.sessionState || !rule.states.includes(subject.sessionState)) {
    return { allowed: false, reason: subject.sessionState === 'closed' ? 'session_closed' : 'session_not_open' };
  }
  return { allowed: true };
}
