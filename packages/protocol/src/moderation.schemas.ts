/**
 * Payloads of the moderation and safety events (facilitator actions, member tools, the crisis
 * pathway, private check-ins). Every object is strict: unknown fields are refused.
 */
import { z } from 'zod';
import { entityId, lineText, messageId, messageText } from './primitives.schemas';

/** The fixed set of supportive reactions; nothing else can be sent. */
export const supportiveReactions = ['heart', 'hug', 'same', 'strength', 'thanks'] as const;
export type SupportiveReaction = (typeof supportiveReactions)[number];

export const MUTE_MAX_MINUTES = 120;
export const SLOW_MODE_MAX_SECONDS = 600;
export const NOTICE_MAX_CHARS = 500;
export const REPORT_REASON_MAX_CHARS = 300;

const sessionId = entityId;
const memberRef = entityId;

export const memberTargetPayload = z.strictObject({ sessionId, memberRef });
export const memberMutePayload = z.strictObject({ sessionId, memberRef, minutes: z.number().int().min(1).max(MUTE_MAX_MINUTES) });
export const messageTargetPayload = z.strictObject({ sessionId, messageId });
export const noticePinPayload = z.strictObject({ sessionId, text: lineText(NOTICE_MAX_CHARS).nullable() });
export const slowModeSetPayload = z.strictObject({ sessionId, intervalSeconds: z.number().int().min(0).max(SLOW_MODE_MAX_SECONDS) });
export const flagSetPayload = z.strictObject({ sessionId, on: z.boolean() });
export const admissionSetPayload = z.strictObject({ sessionId, mode: z.enum(['automatic', 'manual']) });
export const floorGivePayload = z.strictObject({ sessionId, memberRef: memberRef.nullable() });
export const sessionOnlyPayload = z.strictObject({ sessionId });
export const alertAcknowledgePayload = z.strictObject({ sessionId, alertId: entityId });
export const reactionAddPayload = z.strictObject({ sessionId, messageId, reaction: z.enum(supportiveReactions) });
export const messageReportPayload = z.strictObject({ sessionId, messageId, reason: lineText(REPORT_REASON_MAX_CHARS).optional() });
export const awaySetPayload = z.strictObject({ sessionId, away: z.boolean() });
export const checkInSendPayload = z.strictObject({ sessionId, memberRef, text: messageText });
