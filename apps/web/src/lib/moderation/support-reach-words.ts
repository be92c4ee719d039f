/** What a member is told, in words, of who heard "I need support now" (the hub's SupportReach). One wording for the room and the waiting room. */
import type { SupportReach } from '@respite/protocol';

export const supportReachWords: Record<SupportReach, string> = {
  room_facilitator: 'A facilitator in this room has been told and will check in with you privately.',
  group_facilitator: 'No facilitator is in the room right now, but a facilitator of this group has been told and is on the way here.',
  on_call: 'No facilitator is in the room right now. The on-call team has been told and is finding one for you.',
  nobody: 'No facilitator is in the room right now. The support lines can help you at once, any time.',
};
