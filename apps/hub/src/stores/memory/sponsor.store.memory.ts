/** In-memory sponsors, invite codes and seats. Attendance keeps only a set of salted digests per month. */
import type { CalendarFeedRecord, InviteRecord, RedeemOutcome, SeatRecord, SponsorRecord, SponsorStore } from '../sponsor.store';

export class MemorySponsorStore implements SponsorStore {
  private readonly sponsors = new Map<string, SponsorRecord>();
  private readonly invites = new Map<string, InviteRecord>();
  /** accountId → sponsorId → groupIds */
  private readonly seats = new Map<string, Map<string, string[]>>();
  private readonly seatsInUseBySponsor = new Map<string, number>();
  private readonly admins = new Map<string, string>();
  private readonly feeds = new Map<string, CalendarFeedRecord>();
  private readonly feedIndex = new Map<string, string>();
  private readonly attendance = new Map<string, { digests: Set<string>; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async saveSponsor(sponsor: SponsorRecord): Promise<void> {
    this.sponsors.set(sponsor.id, structuredClone(sponsor));
  }

  async getSponsor(sponsorId: string): Promise<SponsorRecord | null> {
    const sponsor = this.sponsors.get(sponsorId);
    return sponsor ? structuredClone(sponsor) : null;
  }

  async saveInvite(invite: InviteRecord): Promise<void> {
    this.invites.set(invite.code, structuredClone(invite));
  }

  async getInvite(code: string): Promise<InviteRecord | null> {
    const invite = this.invites.get(code);
    return invite ? structuredClone(invite) : null;
  }

  async redeem(code: string, accountId: string, now: number): Promise<RedeemOutcome> {
    const invite = this.invites.get(code);
    if (!invite || invite.status !== 'active' || invite.expiresAt <= now) return 'invalid';
    // A full code admits nobody, not even a holder of another of the sponsor's seats.
    if (invite.seatsUsed >= invite.seats) return 'invalid';
    let held = this.seats.get(accountId);
    const existing = held?.get(invite.sponsorId);
    if (existing) {
      held!.set(invite.sponsorId, [...new Set([...existing, ...invite.groupIds])]);
      return 'already_holds';
    }
    invite.seatsUsed += 1;
    this.seatsInUseBySponsor.set(invite.sponsorId, (this.seatsInUseBySponsor.get(invite.sponsorId) ?? 0) + 1);
    if (!held) {
      held = new Map();
      this.seats.set(accountId, held);
    }
    held.set(invite.sponsorId, [...invite.groupIds]);
    return 'redeemed';
  }

  async seatsOf(accountId: string): Promise<SeatRecord[]> {
    return [...(this.seats.get(accountId) ?? new Map<string, string[]>())].map(([sponsorId, groupIds]) => ({ sponsorId, groupIds: [...groupIds] }));
  }

  async releaseSeats(accountId: string): Promise<void> {
    for (const sponsorId of [...(this.seats.get(accountId)?.keys() ?? [])]) await this.releaseSeat(accountId, sponsorId);
    this.seats.delete(accountId);
  }

  async releaseSeat(accountId: string, sponsorId: string): Promise<boolean> {
    if (!this.seats.get(accountId)?.delete(sponsorId)) return false;
    this.seatsInUseBySponsor.set(sponsorId, Math.max(0, (this.seatsInUseBySponsor.get(sponsorId) ?? 0) - 1));
    return true;
  }

  async seatsInUse(sponsorId: string): Promise<number> {
    return this.seatsInUseBySponsor.get(sponsorId) ?? 0;
  }

  async listInviteCodes(sponsorId: string): Promise<string[]> {
    return [...this.invites.values()].filter((invite) => invite.sponsorId === sponsorId).map((invite) => invite.code).sort();
  }

  async deleteInvite(code: string): Promise<void> {
    this.invites.delete(code);
  }

  async setInviteStatus(code: string, status: InviteRecord['status']): Promise<boolean> {
    const invite = this.invites.get(code);
    if (!invite) return false;
    invite.status = status;
    return true;
  }

  async setAdmin(accountId: string, sponsorId: string): Promise<void> {
    this.admins.set(accountId, sponsorId);
  }

  async adminSponsorOf(accountId: string): Promise<string | null> {
    return this.admins.get(accountId) ?? null;
  }

  async removeAdmin(accountId: string): Promise<void> {
    this.admins.delete(accountId);
  }

  async setCalendarFeed(sponsorId: string, feed: CalendarFeedRecord): Promise<void> {
    const old = this.feeds.get(sponsorId);
    if (old) this.feedIndex.delete(old.secretDigest);
    this.feeds.set(sponsorId, { ...feed });
    this.feedIndex.set(feed.secretDigest, sponsorId);
  }

  async calendarFeedOf(sponsorId: string): Promise<CalendarFeedRecord | null> {
    const feed = this.feeds.get(sponsorId);
    return feed ? { ...feed } : null;
  }

  async sponsorForCalendarFeed(secretDigest: string): Promise<string | null> {
    return this.feedIndex.get(secretDigest) ?? null;
  }

  async recordAttendance(sponsorId: string, groupId: string, month: string, memberDigest: string, expiresAt: number): Promise<void> {
    const key = `${sponsorId}:${groupId}:${month}`;
    const entry = this.attendance.get(key) ?? { digests: new Set<string>(), expiresAt };
    entry.digests.add(memberDigest);
    entry.expiresAt = expiresAt;
    this.attendance.set(key, entry);
  }

  async attendanceCount(sponsorId: string, groupId: string, month: string): Promise<number> {
    const entry = this.attendance.get(`${sponsorId}:${groupId}:${month}`);
    return entry && entry.expiresAt > this.now() ? entry.digests.size : 0;
  }
}
