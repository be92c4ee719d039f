/**
 * Accounts and their sign-in sessions (durable). An account holds no real identity: the handle is
 * kept only as a keyed digest, passphrase and recovery code only as argon2id hashes.
 */
import type { AccountRole } from '@respite/protocol';

export interface AccountRecord {
  id: string;
  /** HMAC of the normalised handle; the handle itself is never stored. */
  handleDigest: string;
  passphraseHash: string;
  recoveryHash: string;
  roles: AccountRole[];
  timeZone: string | null;
  createdAt: number;
}

export type AccountChanges = Partial<Pick<AccountRecord, 'passphraseHash' | 'recoveryHash' | 'timeZone' | 'roles'>>;

export interface AccountStore {
  /** Fails with 'handle_taken' when another account has the same handle digest. */
  create(account: AccountRecord): Promise<'created' | 'handle_taken'>;
  get(accountId: string): Promise<AccountRecord | null>;
  findIdByHandle(handleDigest: string): Promise<string | null>;
  update(accountId: string, changes: AccountChanges): Promise<void>;
  /** Removes the account and its handle index entry. Other stores erase their own parts. */
  delete(accountId: string): Promise<void>;
}

export interface LoginSessionStore {
  /** `tokenDigest` is the SHA-256 of the cookie token: a store dump holds no usable token. */
  create(tokenDigest: string, accountId: string, expiresAt: number): Promise<void>;
  findAccountId(tokenDigest: string): Promise<string | null>;
  /** The sign-in's account and its expiry (epoch ms), or null when unknown or expired. */
  find(tokenDigest: string): Promise<{ accountId: string; expiresAt: number } | null>;
  delete(tokenDigest: string): Promise<void>;
  /** The token digests of the account's sign-ins that have not lapsed. */
  listFor(accountId: string): Promise<string[]>;
  deleteAllFor(accountId: string): Promise<void>;
}
