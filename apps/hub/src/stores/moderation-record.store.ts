/**
 * The durable moderation record of each group: who acted (alias and role), what the action was,
 * its target alias, and when. Never message text, never an account id or handle. Each entry
 * expires after the deployment's retention.
 */
import type { GroupRole, ModerationAction } from '@respite/protocol';

export interface ModerationRecordEntry {
  at: number;
  action: ModerationAction;
  actorAlias: string | null;
  actorRole: GroupRole | null;
  targetAlias: string | null;
  amount: number | null;
}

export interface ModerationRecordStore {
  /** Adds an entry and drops entries older than `retentionMs` before its time. */
  append(groupId: string, entry: ModerationRecordEntry, retentionMs: number): Promise<void>;
  /** Entries newer than `now - retentionMs`, oldest first. */
  list(groupId: string, now: number, retentionMs: number): Promise<ModerationRecordEntry[]>;
  /** Drops entries at or before `before` (the daily retention run, for groups with no new entry). */
  prune(groupId: string, before: number): Promise<void>;
}
