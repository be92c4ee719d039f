/** Sponsor REST bodies and path parameters. Every object is strict: unknown fields are refused. */
import { z } from 'zod';
import { entityId, inviteCode } from './primitives.schemas';

/** The most seats one code may carry: a pooled code for a whole hospital. */
export const INVITE_SEATS_MAX = 5000;
/** The longest a code may stay valid, in days. */
export const INVITE_VALID_DAYS_MAX = 366;

export const createSponsorInviteBody = z.strictObject({
  seats: z.number().int().min(1).max(INVITE_SEATS_MAX),
  /** How many days the code stays valid, from now. */
  validDays: z.number().int().min(1).max(INVITE_VALID_DAYS_MAX),
  /** Groups the code opens: only groups this sponsor sponsors. */
  groupIds: z.array(entityId).min(1).max(50),
});

export const sponsorInviteParams = z.strictObject({ code: inviteCode });

export const setSponsorInviteStatusBody = z.strictObject({ status: z.enum(['active', 'paused', 'revoked']) });

export const sponsorParams = z.strictObject({ sponsorId: entityId });
