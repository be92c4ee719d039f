/**
 * Which confirmed messages continue the one before them: the same author, within a few minutes,
 * so the list shows the alias and time once per run (screen readers still hear both on every one).
 */
import type { MessageView } from '@respite/protocol';

export const GROUP_WITHIN_MS = 5 * 60_000;

/** Answers, for each message in order, whether it continues the previous one. */
export function continuesPrevious(messages: readonly MessageView[]): boolean[] {
  return messages.map((message, index) => {
    const previous = messages[index - 1];
    if (!previous || previous.authorRef !== message.authorRef) return false;
    const gap = Date.parse(message.sentAt) - Date.parse(previous.sentAt);
    return gap >= 0 && gap <= GROUP_WITHIN_MS;
  });
}
