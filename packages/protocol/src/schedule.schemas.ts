/**
 * Payloads of schedule management: a group and its weekly rule (platform admins), a cancelled or
 * moved occurrence (and undoing a cancellation), opening a lobby early and extending a session (the group's facilitators).
 */
import { z } from 'zod';
import { entityId, lineText, timeZone } from './primitives.schemas';

/** The most minutes a facilitator may add to a session's end, in total. */
export const SESSION_EXTENSION_MAX_MINUTES = 30;

export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time, HH:MM');
const isoInstant = z.iso.datetime({ offset: true });

export const weeklyRuleBody = z.strictObject({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  everyWeeks: z.number().int().min(1).max(4),
  localStartTime: localTime,
  timeZone,
  durationMinutes: z.number().int().min(15).max(240),
});

export const createGroupBody = z.strictObject({
  name: lineText(80).refine((value) => value.trim().length > 0, 'must not be empty'),
  description: lineText(500),
  norms: z.array(lineText(300)).max(20),
  capacity: z.number().int().min(2).max(50),
  sponsorId: entityId,
  schedule: weeklyRuleBody,
});

export const updateGroupBody = z.strictObject({
  name: lineText(80).refine((value) => value.trim().length > 0, 'must not be empty').optional(),
  description: lineText(500).optional(),
  norms: z.array(lineText(300)).max(20).optional(),
  capacity: z.number().int().min(2).max(50).optional(),
  schedule: weeklyRuleBody.optional(),
});

/** The facilitator is named by handle, as on the admin command line; the answer never echoes it. */
export const assignFacilitatorBody = z.strictObject({ handle: lineText(64).refine((value) => value.length >= 3, 'is too short') });

export const cancelOccurrenceBody = z.strictObject({ localDate });

/** Undoes a cancellation: the occurrence of `localDate` takes place again at its usual time. */
export const restoreOccurrenceBody = z.strictObject({ localDate });

export const moveOccurrenceBody = z.strictObject({
  localDate,
  startsAt: isoInstant,
  durationMinutes: z.number().int().min(15).max(240).optional(),
});

export const extendSessionBody = z.strictObject({ minutes: z.number().int().min(5).max(SESSION_EXTENSION_MAX_MINUTES) });
