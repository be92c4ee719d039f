/** Socket event payloads, client to server. Every object is strict: unknown fields are refused. */
import { z } from 'zod';
import { clientMessageId, entityId, messageId, messageText } from './primitives.schemas';

export const sessionJoinPayload = z.strictObject({
  sessionId: entityId,
  /** The last message id this client saw; the answer holds only what came after it. */
  lastSeenId: messageId.nullable().optional(),
});

export const sessionRefPayload = z.strictObject({ sessionId: entityId });

export const messageSendPayload = z.strictObject({
  sessionId: entityId,
  clientId: clientMessageId,
  text: messageText,
});

export const typingSetPayload = z.strictObject({ sessionId: entityId, typing: z.boolean() });
