/**
 * Each member's private calendar feed (durable): the digest of its secret (never the secret), when
 * it was made, and whether event titles name the group. Rotating replaces the secret atomically, so
 * the old URL stops at once; revoking removes both the record and the lookup.
 */
export interface MemberCalendarFeedRecord {
  secretDigest: string;
  createdAt: number;
  showGroupNames: boolean;
}

export interface MemberCalendarFeedStore {
  /** Creates or replaces the account's feed; the previous secret stops opening anything. */
  replace(accountId: string, feed: MemberCalendarFeedRecord): Promise<void>;
  feedOf(accountId: string): Promise<MemberCalendarFeedRecord | null>;
  /** The account a feed secret's digest opens, or null. */
  accountFor(secretDigest: string): Promise<string | null>;
  revoke(accountId: string): Promise<void>;
}
