/** Turns store records into the protocol's views. The only place that decides what leaves the hub. */
import type {
  AccountView, CheckInMessageView, CrisisAlertView, GroupSummaryView, MembershipView, MessageReportView, MessageView, RoomModerationView, ScheduleChangeView, SessionView,
} from '@respite/protocol';
import type { RoomModerationState, StoredAlert, StoredCheckInMessage, StoredReport } from '../stores/room-moderation.store';
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

export function toRoomModerationView(sessionId: string, state: RoomModerationState): RoomModerationView {
  return {
    sessionId, slowModeSeconds: state.slowModeSeconds, locked: state.locked, paused: state.paused, admission: state.admission,
    pinnedNotice: state.pinnedNotice, floorRef: state.floorRef,
    hands: [...state.hands].sort((a, b) => a[1] - b[1]).map(([memberRef, at]) => ({ memberRef, raisedAt: iso(at) })),
    mutes: [...state.mutes].map(([memberRef, until]) => ({ memberRef, until: iso(until) })),
    away: [...state.away], admitted: [...state.admitted], goRound: state.goRound,
    waiting: [...state.waiting].map(([memberRef, alias]) => ({ memberRef, alias })),
  };
}

export function toReportView(sessionId: string, report: StoredReport): MessageReportView {
  return { sessionId, messageId: report.messageId, reportedRef: report.reportedRef, reportedAlias: report.reportedAlias, reason: report.reason, at: iso(report.at) };
}

export function toCheckInView(sessionId: string, message: StoredCheckInMessage): CheckInMessageView {
  return { sessionId, memberRef: message.memberRef, fromAlias: message.fromAlias, fromRole: message.fromRole, text: message.text, at: iso(message.at) };
}

export function toCrisisAlertView(sessionId: string, alert: StoredAlert): CrisisAlertView {
  return { sessionId, alertId: alert.alertId, memberRef: alert.memberRef, alias: alert.alias, source: alert.source, at: new Date(alert.at).toISOString() };
}

/** What one viewer may see of the moderation state: a member only their own mute, and no waiting list (muting is not shown to peers). */
export function moderationViewFor(view: RoomModerationView, viewer: { role: string; memberRef: string }): RoomModerationView {
  if (viewer.role === 'facilitator') return view;
  return { ...view, mutes: view.mutes.filter((mute) => mute.memberRef === viewer.memberRef), waiting: [] };
}
