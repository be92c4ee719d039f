/**
 * Sponsors, their invite codes, and seats (durable). A seat records only "this account holds a
 * seat of this sponsor, opening these groups": never which code, never when. Also: which sponsor
 * an administrator account administers, the sponsor's calendar-feed secret (as a digest only), a
 * per-sponsor count of seats in use, and attendance as per (sponsor, group, month) distinct-count
 * sketches that hold no list of people or sessions. Must never link a member to a code or a session.
 */
export interface SponsorRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface InviteRecord {
  code: string;
  sponsorId: string;
  seats: number;
  seatsUsed: number;
  expiresAt: number;
  groupIds: string[];
  status: 'active' | 'paused' | 'revoked';
  createdAt: number;
}

export interface SeatRecord {
  sponsorId: string;
  groupIds: string[];
}

export type RedeemOutcome = 'redeemed' | 'already_holds' | 'invalid';

export interface CalendarFeedRecord {
  /** SHA-256 of the feed secret; the secret itself is never stored. */
  secretDigest: string;
  createdAt: number;
}

export interface SponsorStore {
  saveSponsor(sponsor: SponsorRecord): Promise<void>;
  getSponsor(sponsorId: string): Promise<SponsorRecord | null>;
  saveInvite(invite: InviteRecord): Promise<void>;
  getInvite(code: string): Promise<InviteRecord | null>;
  /**
   * Atomic: takes a seat of an active, unexpired code with seats left. An account that already
   * holds a seat of the same sponsor gains the code's groups without taking another seat.
   */
  redeem(code: string, accountId: string, now: number): Promise<RedeemOutcome>;
  seatsOf(accountId: string): Promise<SeatRecord[]>;
  /** Erases every seat the account holds (account deletion), freeing each sponsor's seat in use. */
  releaseSeats(accountId: string): Promise<void>;
  /** Atomic: gives up the account's seat of one sponsor. False when it held none. */
  releaseSeat(accountId: string, sponsorId: string): Promise<boolean>;
  /** How many accounts hold a seat of the sponsor right now. */
  seatsInUse(sponsorId: string): Promise<number>;
  /** Every code the sponsor ever issued. */
  listInviteCodes(sponsorId: string): Promise<string[]>;
  /** Changes only the status (never the seat count, which redemption changes concurrently). False when no such code. */
  setInviteStatus(code: string, status: InviteRecord['status']): Promise<boolean>;
  /** Deletes a code (retention, long after it expired): it then answers as an unknown code. */
  deleteInvite(code: string): Promise<void>;
  /** Links an administrator account to the one sponsor it administers. */
  setAdmin(accountId: string, sponsorId: string): Promise<void>;
  adminSponsorOf(accountId: string): Promise<string | null>;
  removeAdmin(accountId: string): Promise<void>;
  /** Replaces the sponsor's calendar feed: the old secret stops working at once. */
  setCalendarFeed(sponsorId: string, feed: CalendarFeedRecord): Promise<void>;
  calendarFeedOf(sponsorId: string): Promise<CalendarFeedRecord | null>;
  sponsorForCalendarFeed(secretDigest: string): Promise<string | null>;
  /** Adds a member digest to the (sponsor, group, month) distinct count; the count forgets at expiresAt. */
  recordAttendance(sponsorId: string, groupId: string, month: string, memberDigest: string, expiresAt: number): Promise<void>;
  /** The distinct count of one (sponsor, group, month); 0 when nothing was recorded. */
  attendanceCount(sponsorId: string, groupId: string, month: string): Promise<number>;
}
