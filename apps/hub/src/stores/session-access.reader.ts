/**
 * What deciding a request about a session needs, read together: the asking account (its roles as
 * they are now), the session, its group, and the account's membership there (durable). The access
 * service reads it on every session route and socket event it authorizes; the Redis reader does it
 * in one script.
 */
import type { AccountRecord, AccountStore, LoginSessionStore } from './account.store';
import type { GroupRecord, GroupStore, MembershipRecord } from './group.store';
import type { SessionRecord, SessionStore } from './session.store';

export interface SessionAccessRead {
  account: AccountRecord | null;
  session: SessionRecord | null;
  /** Null when the session is missing, or its group is. */
  group: GroupRecord | null;
  membership: MembershipRecord | null;
  /** When a sign-in was named: the account its login record names now (null: signed out or expired). */
  loginAccountId?: string | null;
}

export interface SessionAccessReader {
  /** `loginDigest`: also read that sign-in, in the same step (the in-room events' per-event check). */
  read(sessionId: string, accountId: string, loginDigest?: string): Promise<SessionAccessRead>;
}

/** The same read as separate calls on the stores: for the memory stores. */
export class ComposedSessionAccessReader implements SessionAccessReader {
  constructor(private readonly stores: { accounts: AccountStore; sessions: SessionStore; groups: GroupStore; logins: LoginSessionStore }) {}

  async read(sessionId: string, accountId: string, loginDigest?: string): Promise<SessionAccessRead> {
    const [account, session, loginAccountId] = await Promise.all([
      this.stores.accounts.get(accountId), this.stores.sessions.get(sessionId),
      loginDigest === undefined ? Promise.resolve(undefined) : this.stores.logins.findAccountId(loginDigest),
    ]);
    const login = loginDigest === undefined ? {} : { loginAccountId: loginAccountId ?? null };
    if (!session) return { account, session: null, group: null, membership: null, ...login };
    const [group, membership] = await Promise.all([
      this.stores.groups.getGroup(session.groupId), this.stores.groups.getMembership(session.groupId, accountId),
    ]);
    return { account, session, group, membership, ...login };
  }
}
