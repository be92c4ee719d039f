/**
 * Sponsors, their invite codes, and seats (durable). A seat records only "this account holds a
 * seat of this sponsor, opening these groups": never which code, never when.
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
  /** Erases every seat the account holds (account deletion). */
  releaseSeats(accountId: string): Promise<void>;
}
