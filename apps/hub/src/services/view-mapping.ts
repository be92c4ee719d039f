/** Turns store records into the protocol's views. The only place that decides what leaves the hub. */
import type { AccountView, GroupSummaryView, MembershipView, MessageView, ScheduleChangeView, SessionView } from '@respite/protocol';
import type { AccountRecord } from '../stores/account.store';
import type { GroupRecord, MembershipRecord } from '../stores/group.store';
import type { StoredMessage } from '../stores/message.store';
import type { SessionRecord } from '../stores/session.store';

const iso = (instant: number) => new Date(instant).toISOString();

export function toAccountView(account: AccountRecord): AccountView {
  return { roles: [...account.roles], timeZone: account.timeZone, createdAt: iso(account.createdAt) };
}

export function toMembershipView(membership: MembershipRecord): MembershipView {
  return { alias: membership.alias, role: membership.role, normsAcceptedAt: membership.normsAcceptedAt === null ? null : iso(membership.normsAcceptedAt) };
}

export function toSessionView(session: SessionRecord): SessionView {
  return {
    id: session.id, groupId: session.groupId, state: session.state, lobbyOpensAt: iso(session.lobbyOpensAt),
    startsAt: iso(session.startsAt), closingAt: iso(session.closingAt), endsAt: iso(session.endsAt),
  };
}

export function toGroupSummaryView(
  group: GroupRecord, membership: MembershipRecord | null, nextSession: SessionRecord | null, upcomingChanges: ScheduleChangeView[] = [],
): GroupSummaryView {
  const { weekdays, everyWeeks, localStartTime, timeZone, durationMinutes } = group.schedule;
  return {
    id: group.id, name: group.name, description: group.description, capacity: group.capacity,
    schedule: { weekdays: [...weekdays], everyWeeks, localStartTime, timeZone, durationMinutes },
    membership: membership && membership.status === 'active' ? toMembershipView(membership) : null,
    nextSession: nextSession ? toSessionView(nextSession) : null,
    upcomingChanges,
  };
}

export function toMessageView(sessionId: string, message: StoredMessage): MessageView {
  return {
    id: message.id, sessionId, authorRef: message.authorRef, alias: message.alias, role: message.role,
    text: message.text, sentAt: iso(message.sentAt), clientId: message.clientId,
  };
}
