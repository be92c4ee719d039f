/**
 * Every Redis key the hub uses is built here, and every expiry is a named constant here.
 * Durable keys live in the durable Redis; ephemeral keys in the ephemeral one (persistence off).
 * A session's ephemeral keys share a hash tag `{sessionId}`, so they stay on one cluster slot.
 */

/** How long a session's ephemeral keys outlive its scheduled end, at most. */
export const EPHEMERAL_GRACE_MS = 5 * 60_000;
/** Each hub node renews its heartbeat this often… */
export const NODE_HEARTBEAT_MS = 5_000;
/** …and is taken for dead (its presence entries dropped) when it has not for this long. */
export const NODE_HEARTBEAT_TTL_MS = 15_000;
/** A sign-in lasts this long, then the member signs in again. */
export const LOGIN_SESSION_TTL_MS = 24 * 60 * 60_000;
/** How long the moderation record keeps an entry unless the deployment sets otherwise. */
export const MODERATION_RECORD_DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60_000;
/** A sponsor's monthly attendance count is forgotten this long after its month ends (the reporting window). */
export const SPONSOR_ATTENDANCE_RETENTION_MS = 400 * 24 * 60 * 60_000;
/**
 * A closed session's record (times, state; never content) and its seats are deleted this long after
 * its end: past every look-back that reads old sessions (the member's feed, "next session", seat
 * release). The sponsor report's held-session figure is counted at close and kept apart.
 */
export const CLOSED_SESSION_RETENTION_MS = 42 * 24 * 60 * 60_000;
/** A group's held-session count of a month is kept this many months (the sponsor report shows 6). */
export const SESSIONS_HELD_RETENTION_MONTHS = 13;
/** An invite code is deleted this long after it expired (it answers as unknown then, as expired before). */
export const EXPIRED_INVITE_RETENTION_MS = 400 * 24 * 60 * 60_000;

export class RedisKeys {
  constructor(private readonly prefix: string) {}

  // durable
  account(accountId: string) { return `${this.prefix}account:${accountId}`; }
  accountLogins(accountId: string) { return `${this.prefix}account:${accountId}:logins`; }
  accountGroups(accountId: string) { return `${this.prefix}account:${accountId}:groups`; }
  accountSeats(accountId: string) { return `${this.prefix}account:${accountId}:seats`; }
  handle(handleDigest: string) { return `${this.prefix}handle:${handleDigest}`; }
  login(tokenDigest: string) { return `${this.prefix}login:${tokenDigest}`; }
  group(groupId: string) { return `${this.prefix}group:${groupId}`; }
  /** Seated member refs of one session, and its waitlist; both expire with the session (end + grace). */
  sessionSeats(sessionId: string) { return `${this.prefix}session:{${sessionId}}:seats`; }
  sessionWaitlist(sessionId: string) { return `${this.prefix}session:{${sessionId}}:waitlist`; }
  /** A member's private calendar feed (secret digest, created at, show group names), and its digest → account lookup. */
  memberCalendarFeed(accountId: string) { return `${this.prefix}account:${accountId}:calendar-feed`; }
  memberCalendarFeedLookup(secretDigest: string) { return `${this.prefix}member-calendar-feed:${secretDigest}`; }
  groups() { return `${this.prefix}groups`; }
  groupMembers(groupId: string) { return `${this.prefix}group:${groupId}:members`; }
  groupAliases(groupId: string) { return `${this.prefix}group:${groupId}:aliases`; }
  groupSessions(groupId: string) { return `${this.prefix}group:${groupId}:sessions`; }
  /** Held sessions of a group per month ('YYYY-MM' → count): the sponsor report's figure, kept past the records. */
  groupSessionsHeld(groupId: string) { return `${this.prefix}group:${groupId}:sessions-held`; }
  sponsor(sponsorId: string) { return `${this.prefix}sponsor:${sponsorId}`; }
  invite(code: string) { return `${this.prefix}invite:${code}`; }
  sponsorInvites(sponsorId: string) { return `${this.prefix}sponsor:${sponsorId}:invites`; }
  sponsorSeatsInUse(sponsorId: string) { return `${this.prefix}sponsor:${sponsorId}:seats-in-use`; }
  sponsorCalendarFeed(sponsorId: string) { return `${this.prefix}sponsor:${sponsorId}:calendar-feed`; }
  /** A distinct-count sketch (HyperLogLog) of salted member digests: no list a sponsor could read. */
  sponsorAttendance(sponsorId: string, groupId: string, month: string) { return `${this.prefix}sponsor:${sponsorId}:attendance:${groupId}:${month}`; }
  calendarFeed(secretDigest: string) { return `${this.prefix}calendar-feed:${secretDigest}`; }
  accountSponsorAdmin(accountId: string) { return `${this.prefix}account:${accountId}:sponsor-admin`; }
  session(sessionId: string) { return `${this.prefix}session:${sessionId}`; }
  /** The moderation record of a group: who did what to whom, when; never message text. */
  moderationRecord(groupId: string) { return `${this.prefix}group:${groupId}:moderation-record`; }
  lifecycleDue() { return `${this.prefix}lifecycle:due`; }

  // ephemeral
  roomOpen(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:open`; }
  roomMessages(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:messages`; }
  roomClientIds(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:client-ids`; }
  roomPresence(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:presence`; }
  roomDeleted(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:deleted`; }
  // room moderation (ephemeral, erased with the room)
  roomModerationSettings(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:settings`; }
  roomMutes(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:mutes`; }
  roomHands(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:hands`; }
  roomMemberFlags(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:flags`; }
  roomLastSends(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:last-sends`; }
  roomReactions(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:reactions`; }
  roomReports(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:reports`; }
  roomCheckIns(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:check-ins`; }
  roomAlerts(sessionId: string) { return `${this.prefix}eph:session:{${sessionId}}:mod:alerts`; }
  roomModerationKeys(sessionId: string) {
    return [
      this.roomModerationSettings(sessionId), this.roomMutes(sessionId), this.roomHands(sessionId), this.roomMemberFlags(sessionId),
      this.roomLastSends(sessionId), this.roomReactions(sessionId), this.roomReports(sessionId), this.roomCheckIns(sessionId), this.roomAlerts(sessionId),
    ];
  }
  /** Every ephemeral key of one session: what closing a session deletes. */
  roomKeys(sessionId: string) {
    return [this.roomOpen(sessionId), this.roomMessages(sessionId), this.roomClientIds(sessionId), this.roomPresence(sessionId), this.roomDeleted(sessionId), ...this.roomModerationKeys(sessionId)];
  }
  /** Present while the hub node is alive (renewed every NODE_HEARTBEAT_MS, lapses after NODE_HEARTBEAT_TTL_MS). */
  nodeHeartbeat(nodeId: string) { return `${this.prefix}eph:node:${nodeId}`; }
  rateLimit(key: string) { return `${this.prefix}eph:rate:${key}`; }
}

/**
 * A key of RedisKeys around the id it is built from: the text before the id and after it. For a
 * script that reads an id and then the key named by it (a standalone Redis only: such a key is not
 * declared to the script).
 */
export function keyAroundId(keyOf: (id: string) => string): [head: string, tail: string] {
  const marker = '\u0000';
  const [head, tail] = keyOf(marker).split(marker);
  return [head!, tail!];
}
