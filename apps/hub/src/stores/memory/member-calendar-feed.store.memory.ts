/** In-memory member calendar feeds (one node). */
import type { MemberCalendarFeedRecord, MemberCalendarFeedStore } from '../member-calendar-feed.store';

export class MemoryMemberCalendarFeedStore implements MemberCalendarFeedStore {
  private readonly feeds = new Map<string, MemberCalendarFeedRecord>();
  private readonly bySecret = new Map<string, string>();

  async replace(accountId: string, feed: MemberCalendarFeedRecord): Promise<void> {
    await this.revoke(accountId);
    this.feeds.set(accountId, { ...feed });
    this.bySecret.set(feed.secretDigest, accountId);
  }

  async feedOf(accountId: string): Promise<MemberCalendarFeedRecord | null> {
    const feed = this.feeds.get(accountId);
    return feed ? { ...feed } : null;
  }

  async accountFor(secretDigest: string): Promise<string | null> {
    return this.bySecret.get(secretDigest) ?? null;
  }

  async revoke(accountId: string): Promise<void> {
    const old = this.feeds.get(accountId);
    if (old) this.bySecret.delete(old.secretDigest);
    this.feeds.delete(accountId);
  }
}
