/** What each entry of the moderation record says, in words for a facilitator (never text of a message). */
import type { ModerationAction, ModerationRecordEntryView } from '@respite/protocol';

export const moderationActionWords: Record<ModerationAction, string> = {
  member_admitted: 'admitted',
  admission_set: 'changed how members are admitted',
  member_muted: 'muted',
  member_unmuted: 'unmuted',
  member_removed: 'removed from the session',
  member_banned: 'banned from the group',
  message_deleted: 'deleted a message',
  notice_pinned: 'pinned a notice',
  slow_mode_set: 'set slow mode',
  room_locked: 'locked the room',
  room_unlocked: 'unlocked the room',
  chat_paused: 'paused the chat',
  chat_resumed: 'resumed the chat',
  floor_given: 'gave the floor to',
  go_round_started: 'started a go-round',
  go_round_advanced: 'moved the go-round on',
  go_round_stopped: 'stopped the go-round',
  session_ended: 'ended the session',
  message_reported: 'reported a message',
  check_in_opened: 'opened a private check-in with',
};

/** The entry as one sentence: "Facilitator Sam muted Quiet Heron (5 min)"; a report's author stays hidden. */
export function describeRecordEntry(entry: ModerationRecordEntryView): string {
  const actor = entry.actorAlias ?? (entry.action === 'message_reported' ? 'A member' : 'Respite');
  const aboutAMessage = entry.action === 'message_deleted' || entry.action === 'message_reported';
  const target = entry.targetAlias ? `${aboutAMessage ? ' by' : ''} ${entry.targetAlias}` : '';
  const amount = entry.amount === null ? ''
    : entry.action === 'member_muted' ? ` (${entry.amount} min)`
    : entry.action === 'slow_mode_set' ? (entry.amount === 0 ? ' (off)' : ` (${entry.amount} s)`)
    : '';
  return `${actor} ${moderationActionWords[entry.action]}${target}${amount}`;
}
