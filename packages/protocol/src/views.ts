/** What the server sends: the shapes of accounts, groups, sessions, messages and presence. */
import type { ScheduleChangeView } from './schedule.views';
import type { AccountRole, GroupRole, SessionState } from './session-states';

/** Never carries the handle: the handle is shown to nobody, not even its owner after sign-up. */
export interface AccountView {
  roles: AccountRole[];
  timeZone: string | null;
  createdAt: string;
}

export interface MembershipView {
  alias: string;
  role: GroupRole;
  normsAcceptedAt: string | null;
}

export interface ScheduleView {
  /** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  everyWeeks: number;
  /** Local start time in the group's time zone, HH:MM. */
  localStartTime: string;
  timeZone: string;
  durationMinutes: number;
}

export interface SessionView {
  id: string;
  groupId: string;
  state: SessionState;
  lobbyOpensAt: string;
  startsAt: string;
  closingAt: string;
  endsAt: string;
}

export interface GroupSummaryView {
  id: string;
  name: string;
  description: string;
  capacity: number;
  schedule: ScheduleView;
  membership: MembershipView | null;
  /** The current session if one is open, otherwise the next scheduled one. */
  nextSession: SessionView | null;
  /**
   * Cancelled or moved occurrences from now up to the next session that takes place (that one
   * included), by usual start; empty when nothing changed (and in platform admins' answers).
   */
  upcomingChanges: ScheduleChangeView[];
}

export interface GroupDetailView extends GroupSummaryView {
  norms: string[];
}

/** One person present in a room, as this group knows them. `memberRef` is per group and links nothing else. */
export interface PresenceMemberView {
  memberRef: string;
  alias: string;
  role: GroupRole;
}

export interface MessageView {
  id: string;
  sessionId: string;
  authorRef: string;
  alias: string;
  role: GroupRole;
  text: string;
  sentAt: string;
  clientId: string;
  /**
   * On broadcasts: the id of the message before this one in the session (null for the first).
   * A client whose last message is not this one missed something (a broadcast lost with a dying
   * node): it re-joins from its last complete id. Absent in join histories, which are complete.
   */
  previousId?: string | null;
}

export interface JoinedSessionView {
  session: SessionView;
  groupName: string;
  self: PresenceMemberView;
  /** Messages after `lastSeenId` (or the session's history when none was given), oldest first. */
  messages: MessageView[];
  presence: PresenceMemberView[];
  /** True when the ephemeral store lost this session's history (for example a restart); shown to the room. */
  historyReset: boolean;
}

export interface SentMessageView {
  id: string;
  clientId: string;
  sentAt: string;
  /** True when this client id had already been stored: the retry changed nothing. */
  duplicate: boolean;
}
