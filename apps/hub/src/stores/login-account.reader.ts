/**
 * The account behind a sign-in (durable): the login record's account, read with it. Every REST
 * request and socket handshake that presents a sign-in cookie reads it; the Redis reader does it
 * in one script.
 */
import type { AccountRecord, AccountStore, LoginSessionStore } from './account.store';

export interface LoginAccountReader {
  /** Null when the sign-in is unknown or expired, or its account is gone. */
  read(tokenDigest: string): Promise<AccountRecord | null>;
}

/** The same read as two calls on the stores: for the memory stores. */
export class ComposedLoginAccountReader implements LoginAccountReader {
  constructor(private readonly stores: { logins: LoginSessionStore; accounts: AccountStore }) {}

  async read(tokenDigest: string): Promise<AccountRecord | null> {
    const accountId = await this.stores.logins.findAccountId(tokenDigest);
    return accountId ? this.stores.accounts.get(accountId) : null;
  }
}
