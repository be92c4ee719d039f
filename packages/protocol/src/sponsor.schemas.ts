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

/** Sign-ups one invite code admits per hour unless its sponsor sets otherwise: a class of residents onboarding together. */
export const SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT = 120;
export const SPONSOR_SIGN_UPS_PER_HOUR_MIN = 10;
/** The most a sponsor may allow: a whole hospital's intake in one hour, still far from a flood. */
export const SPONSOR_SIGN_UPS_PER_HOUR_MAX = 2000;
/** A sponsor's codes together admit this many times its per-code figure per hour: a few sites may onboard in one hour. */
export const SPONSOR_SIGN_UPS_ALL_CODES_FACTOR = 3;

export const updateSponsorSettingsBody = z.strictObject({
  /** Sign-ups per hour per invite code of this sponsor (the sponsor's codes together admit three times this). */
  signUpsPerHour: z.number().int().min(SPONSOR_SIGN_UPS_PER_HOUR_MIN).max(SPONSOR_SIGN_UPS_PER_HOUR_MAX),
});
