/**
 * Messages of live sessions (ephemeral). Text lives only here, only while the session is open:
 * every key expires no later than the session's end plus a grace, and closing erases them.
 * Implementations never log, count or copy the text.
 */
import type { GroupRole } from '@respite/protocol';

export interface StoredMessage {
  id: string;
  authorRef: string;
  alias: string;
  role: GroupRole;
  text: string;
  clientId: string;
  sentAt: number;
}

export interface NewMessage {
  /** Deduplicates retries: the author's ref and the client's message id. */
  clientKey: string;
  authorRef: string;
  alias: string;
  role: GroupRole;
  text: string;
  clientId: string;
}

export type AppendOutcome =
  /** `previousId`: the message before this one in the session (null for the first), so clients can detect a gap. */
  | { status: 'stored'; id: string; sentAt: number; previousId: string | null }
  | { status: 'duplicate'; id: string; sentAt: number }
  | { status: 'closed' };

export interface MessageStore {
  /**
   * Marks the session's room open until `expiresAt`. Idempotent; extends the expiry. True only for the
   * call that found it not open: of several nodes reopening a lost room at once, one is told it did.
   */
  openRoom(sessionId: string, expiresAt: number): Promise<boolean>;
  isRoomOpen(sessionId: string): Promise<boolean>;
  /** Ids of this session's messages deleted for everyone, in the order they were deleted (kept with the room, erased with it). */
  deletedIds(sessionId: string): Promise<string[]>;
  /** Atomic: refuses when the room is not open; stores a client key once. */
  append(sessionId: string, message: NewMessage, expiresAt: number): Promise<AppendOutcome>;
  /** Messages after `afterId` (all of them), or the latest `limit` when `afterId` is null; oldest first. */
  readAfter(sessionId: string, afterId: string | null, limit: number): Promise<StoredMessage[]>;
  /** Deletes every key of the session. */
  eraseSession(sessionId: string): Promise<void>;
  /**
   * Removes one message for everyone (a facilitator's delete) and keeps its id among the deleted, in
   * one step, so a client that was away when it happened drops it on its next join. Answers its
   * author, or null when it is not there.
   */
  deleteMessage(sessionId: string, messageId: string): Promise<{ authorRef: string; alias: string } | null>;
}

/** Message ids are `<ms>-<seq>`: the time part is when the store accepted it. */
export function sentAtOfId(id: string): number {
  return Number(id.split('-')[0]);
}
