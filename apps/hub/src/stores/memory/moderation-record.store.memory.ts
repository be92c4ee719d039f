/** In-memory moderation record: nothing survives a restart. */
import type { ModerationRecordEntry, ModerationRecordStore } from '../moderation-record.store';

export class MemoryModerationRecordStore implements ModerationRecordStore {
  private readonly entries = new Map<string, ModerationRecordEntry[]>();

  async append(groupId: string, entry: ModerationRecordEntry, retentionMs: number): Promise<void> {
    const kept = (this.entries.get(groupId) ?? []).filter((existing) => existing.at > entry.at - retentionMs);
    kept.push({ ...entry });
    this.entries.set(groupId, kept);
  }

  async prune(groupId: string, before: number): Promise<void> {
    const kept = (this.entries.get(groupId) ?? []).filter((entry) => entry.at > before);
    if (kept.length > 0) this.entries.set(groupId, kept);
    else this.entries.delete(groupId);
  }

  async list(groupId: string, now: number, retentionMs: number): Promise<ModerationRecordEntry[]> {
    return (this.entries.get(groupId) ?? []).filter((entry) => entry.at > now - retentionMs).map((entry) => ({ ...entry }));
  }
}
