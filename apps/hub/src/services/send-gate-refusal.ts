/** What a member is told when the room's send gate refuses a message: paused, muted, or slowed by slow mode. */
import { waitInWords } from '@respite/protocol';
import type { SendGate } from '../stores/room-moderation.store';
import { ServiceError } from './service-error';

export function sendGateRefusal(gate: Exclude<SendGate, { verdict: 'allowed' }>): ServiceError {
  switch (gate.verdict) {
    case 'paused': return new ServiceError('chat_paused', 'The facilitator has paused the chat for a moment.');
    case 'muted': return new ServiceError('muted', 'A facilitator has muted you for a while.', { retryAfterMs: gate.retryAfterMs });
    case 'slowed': return new ServiceError('rate_limited', `Slow mode is on: you can send your next message in ${waitInWords(gate.retryAfterMs)}.`, { retryAfterMs: gate.retryAfterMs });
  }
}
