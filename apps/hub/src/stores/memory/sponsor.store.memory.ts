/** In-memory sponsors, invite codes and seats. */
import type { InviteRecord, RedeemOutcome, SeatRecord, SponsorRecord, SponsorStore } from '../sponsor.store';

export class MemorySponsorStore implements SponsorStore {
  private readonly sponsors = new Map<string, SponsorRecord>();
  private readonly invites = new Map<string, InviteRecord>();
  /** accountId → sponsorId → groupIds */
  private readonly seats = new Map<string, Map<string, string[]>>();

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
    let held = this.seats.get(accountId);
    const existing = held?.get(invite.sponsorId);
    if (existing) {
      held!.set(invite.sponsorId, [...new Set([...existing, ...invite.groupIds])]);
      return 'already_holds';
    }
    if (invite.seatsUsed >= invite.seats) return 'invalid';
    invite.seatsUsed += 1;
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
    this.seats.delete(accountId);
  }
}
