/** In-memory moderation record: nothing survives a restart. */
import type { ModerationRecordEntry, ModerationRecordStore } from '../moderation-record.store';

export class MemoryModerationRecordStore implements ModerationRecordStore {
  private readonly entries = new Map<string, ModerationRecordEntry[]>();

  async append(groupId: string, entry: ModerationRecordEntry, retentionMs: number): Promise<void> {
    const kept = (this.entries.get(groupId) ?? []).filter((existing) => existing.at > entry.at - retentionMs);
    kept.push({ ...entry });
    this.entries.set(groupId, kept);
  }

  async list(groupId: string, now: number, retentionMs: number): Promise<ModerationRecordEntry[]> {
    return (this.entries.get(groupId) ?? []).filter((entry) => entry.at > now - retentionMs).map((entry) => ({ ...entry }));
  }
}
