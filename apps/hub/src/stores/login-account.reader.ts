/**
 * The account behind a sign-in (durable): the login record's account, read with it. Every REST
 * request and socket handshake that presents a sign-in cookie reads it; the Redis reader does it
 * in one script.
 */
import type { AccountRecord, AccountStore, LoginSessionStore } from './account.store';

/** A sign-in's account, with when the sign-in ends (epoch ms): a socket is ended at that instant. */
export interface LoginAccount {
  account: AccountRecord;
  expiresAt: number;
}

export interface LoginAccountReader {
  /** Null when the sign-in is unknown or expired, or its account is gone. */
  read(tokenDigest: string): Promise<AccountRecord | null>;
  /** The same read, with the sign-in's expiry. */
  readWithExpiry(tokenDigest: string): Promise<LoginAccount | null>;
}

/** The same read as two calls on the stores: for the memory stores. */
export class ComposedLoginAccountReader implements LoginAccountReader {
  constructor(private readonly stores: { logins: LoginSessionStore; accounts: AccountStore }) {}

  async read(tokenDigest: string): Promise<AccountRecord | null> {
    return (await this.readWithExpiry(tokenDigest))?.account ?? null;
  }

  async readWithExpiry(tokenDigest: string): Promise<LoginAccount | null> {
    const login = await this.stores.logins.find(tokenDigest);
    const account = login ? await this.stores.accounts.get(login.accountId) : null;
    return login && account ? { account, expiresAt: login.expiresAt } : null;
  }
}
