/**
 * Accounts without identity: sign up with an invite code, a private handle and a passphrase;
 * sign in and out; reset with the recovery code; delete everything at once.
 * Never logs or returns the handle, the passphrase or the recovery code (except the new code,
 * once, to its owner).
 */
import { createHash, createHmac } from 'node:crypto';
import { builtFromHandleReason, checkPassphrase, handleKey, handleShapedParts } from '@respite/domain';
import { type AccountView, SPONSOR_SIGN_UPS_ALL_CODES_FACTOR } from '@respite/protocol';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { newEntityId, newRecoveryCode, newToken, normalizeRecoveryCode } from '../random-ids';
import type { AccountRecord } from '../stores/account.store';
import { LOGIN_SESSION_TTL_MS } from '../stores/redis/redis-keys';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import type { PassphraseHasher } from './passphrase-hasher';
import type { RateLimiter } from './rate-limit-rules';
import { releaseSeatsOfMembership } from './seat-release';
import { signUpsPerHourOf } from './sponsor.service';
import { RoomRights } from './room-rights';
import { ServiceError } from './service-error';
import { toAccountView } from './view-mapping';

/** The digest under which a handle is stored: keyed, so a store dump cannot be reversed by guessing. */
export function handleDigestFor(secret: string, handle: string): string {
  return createHmac('sha256', secret).update(`handle:${handleKey(handle)}`).digest('base64url');
}

/** A new recovery code and its argon2id hash (through the hasher's bounded queue): the code goes to its owner once, the hash to the store. */
export async function issueRecoveryCode(hasher: PassphraseHasher): Promise<{ recoveryCode: string; recoveryHash: string }> {
  const recoveryCode = newRecoveryCode();
  return { recoveryCode, recoveryHash: await hasher.hash(normalizeRecoveryCode(recoveryCode)) };
}

export interface SignedIn {
  account: AccountView;
  token: string;
  expiresAt: number;
}

export interface AccountServiceDeps {
  stores: Stores;
  hasher: PassphraseHasher;
  rateLimiter: RateLimiter;
  live: LiveConnections;
  clock: Clock;
  logger: Logger;
  secret: string;
  /** How long a sign-in lasts. Default LOGIN_SESSION_TTL_MS; tests that watch the expiry shorten it. */
  loginTtlMs?: number;
}

const invalidCredentials = () => new ServiceError('invalid_credentials', 'That handle and passphrase do not match an account. Check both and try again.');
const invalidInvite = () => new ServiceError('invite_invalid', 'That invite code is not valid any more. Ask your programme contact for a new one.');

export class AccountService {
  private readonly rights: RoomRights;

  constructor(private readonly deps: AccountServiceDeps) {
    this.rights = new RoomRights(deps);
  }

  /** The digest under which a handle is stored: keyed, so a store dump cannot be reversed by guessing. */
  handleDigest(handle: string): string {
    return handleDigestFor(this.deps.secret, handle);
  }

  static tokenDigest(token: string): string {
    return createHash('sha256').update(token).digest('base64url');
  }

  async signUp(input: { inviteCode: string; handle: string; passphrase: string; timeZone?: string }, requester: string): Promise<SignedIn & { recoveryCode: string }> {
    const { stores, hasher, rateLimiter, clock } = this.deps;
    // A ceiling per address against a flood only: one hospital Wi-Fi is one address for a whole class.
    await rateLimiter.enforceLocally('signUpPerAddress', requester);
    const verdict = checkPassphrase(input.passphrase, input.handle);
    if (!verdict.ok) throw new ServiceError('passphrase_rejected', verdict.reason, { fields: ['passphrase'] });
    // A miss is counted before the code is looked up (and given back when the code is good), so an
    // address that spent its misses learns nothing more, however many attempts it has in flight.
    await rateLimiter.enforceLocally('signUpCodeMissesPerAddress', requester);
    const inviteCode = input.inviteCode.toUpperCase();
    const invite = await stores.sponsors.getInvite(inviteCode);
    if (!invite || invite.status !== 'active' || invite.expiresAt <= clock.now() || invite.seatsUsed >= invite.seats) throw invalidInvite();
    rateLimiter.refundLocally('signUpCodeMissesPerAddress', requester);
    // The real limits: per code and per sponsor, at the sponsor's own figure, before any hashing.
    const perCode = signUpsPerHourOf(await stores.sponsors.getSponsor(invite.sponsorId));
    await rateLimiter.enforce('signUpPerInvite', inviteCode, perCode);
    await rateLimiter.enforce('signUpPerSponsor', invite.sponsorId, perCode * SPONSOR_SIGN_UPS_ALL_CODES_FACTOR);

    const [passphraseHash, { recoveryCode, recoveryHash }] = await Promise.all([hasher.hash(input.passphrase), issueRecoveryCode(hasher)]);
    const account: AccountRecord = {
      id: newEntityId(), handleDigest: this.handleDigest(input.handle), passphraseHash, recoveryHash,
      roles: ['member'], timeZone: input.timeZone ?? null, createdAt: clock.now(),
    };
    if ((await stores.accounts.create(account)) === 'handle_taken') {
      throw new ServiceError('conflict', 'That handle is already in use. Please choose another.', { fields: ['handle'] });
    }
    if ((await stores.sponsors.redeem(inviteCode, account.id, clock.now())) === 'invalid') {
      await stores.accounts.delete(account.id);
      throw invalidInvite();
    }
    this.deps.logger.info({ event: 'account.created', accountId: account.id }, 'account created');
    return { ...(await this.startLogin(account)), recoveryCode };
  }

  async signIn(input: { handle: string; passphrase: string }, requester: string): Promise<SignedIn> {
    const { stores, hasher, rateLimiter } = this.deps;
    const digest = this.handleDigest(input.handle);
    await rateLimiter.enforceLocally('signInPerAddress', requester);
    await rateLimiter.enforce('signInPerHandle', digest);
    const accountId = await stores.accounts.findIdByHandle(digest);
    const account = accountId ? await stores.accounts.get(accountId) : null;
    const matches = account ? await hasher.verify(account.passphraseHash, input.passphrase) : await hasher.verifyNothing(input.passphrase);
    if (!account || !matches) throw invalidCredentials();
    return this.startLogin(account);
  }

  /** The rooms refuse the sign-in first, then the login goes, then its sockets end (room-rights.ts). */
  async signOut(tokenDigest: string): Promise<void> {
    const accountId = await this.deps.stores.logins.findAccountId(tokenDigest);
    if (accountId) await this.rights.refuseLogin(accountId, tokenDigest);
    try {
      await this.deps.stores.logins.delete(tokenDigest);
    } finally {
      this.deps.live.revokeLogin(tokenDigest, 'signed_out');
    }
  }

  /** Sets a new passphrase with the recovery code, issues a new recovery code, and signs out everywhere. */
  async recover(input: { handle: string; recoveryCode: string; newPassphrase: string }, requester: string): Promise<{ recoveryCode: string }> {
    const { stores, hasher, rateLimiter } = this.deps;
    const digest = this.handleDigest(input.handle);
    await rateLimiter.enforceLocally('signInPerAddress', requester);
    await rateLimiter.enforce('signInPerHandle', digest);
    const verdict = checkPassphrase(input.newPassphrase, input.handle);
    if (!verdict.ok) throw new ServiceError('passphrase_rejected', verdict.reason, { fields: ['newPassphrase'] });
    const accountId = await stores.accounts.findIdByHandle(digest);
    const account = accountId ? await stores.accounts.get(accountId) : null;
    const code = normalizeRecoveryCode(input.recoveryCode);
    const matches = account ? await hasher.verify(account.recoveryHash, code) : await hasher.verifyNothing(code);
    if (!account || !matches) throw new ServiceError('invalid_credentials', 'That handle and recovery code do not match. Check both and try again.');
    const [passphraseHash, { recoveryCode, recoveryHash }] = await Promise.all([hasher.hash(input.newPassphrase), issueRecoveryCode(hasher)]);
    await stores.accounts.update(account.id, { passphraseHash, recoveryHash });
    await this.endAllLogins(account.id);
    this.deps.logger.info({ event: 'account.recovered', accountId: account.id }, 'passphrase reset with recovery code');
    return { recoveryCode };
  }

  /**
   * A new passphrase, with the current one asked for again (rate-limited like a sign-in, verified and
   * hashed through the same bounded queue). The new one meets the sign-up rule, the part about the
   * handle included: the hub holds only the handle's digest, so each part of the new passphrase that
   * could be the handle is digested and compared. Every other sign-in of the account ends; `keepLogin`
   * (the one asking) stays.
   */
  async changePassphrase(accountId: string, keepLogin: string, input: { currentPassphrase: string; newPassphrase: string }): Promise<void> {
    const { stores, hasher } = this.deps;
    const account = await this.accountToReconfirm(accountId);
    const verdict = checkPassphrase(input.newPassphrase);
    if (!verdict.ok) throw new ServiceError('passphrase_rejected', verdict.reason, { fields: ['newPassphrase'] });
    if (handleShapedParts(input.newPassphrase).some((part) => this.handleDigest(part) === account.handleDigest)) {
      throw new ServiceError('passphrase_rejected', builtFromHandleReason, { fields: ['newPassphrase'] });
    }
    if (!(await hasher.verify(account.passphraseHash, input.currentPassphrase))) {
      throw new ServiceError('invalid_credentials', 'That is not your current passphrase. Nothing was changed.', { fields: ['currentPassphrase'] });
    }
    await stores.accounts.update(accountId, { passphraseHash: await hasher.hash(input.newPassphrase) });
    await this.endLogins(accountId, (await stores.logins.listFor(accountId)).filter((digest) => digest !== keepLogin));
    this.deps.logger.info({ event: 'account.passphrase_changed', accountId }, 'passphrase changed');
  }

  /** A new recovery code, shown once; the old one stops working. The passphrase is asked for again: the code can take the account over. */
  async renewRecoveryCode(accountId: string, passphrase: string): Promise<{ recoveryCode: string }> {
    const { stores, hasher } = this.deps;
    const account = await this.accountToReconfirm(accountId);
    if (!(await hasher.verify(account.passphraseHash, passphrase))) {
      throw new ServiceError('invalid_credentials', 'That passphrase is not right. Your recovery code was not changed.', { fields: ['passphrase'] });
    }
    const { recoveryCode, recoveryHash } = await issueRecoveryCode(hasher);
    await stores.accounts.update(accountId, { recoveryHash });
    this.deps.logger.info({ event: 'account.recovery_code_renewed', accountId }, 'recovery code renewed');
    return { recoveryCode };
  }

  /** Ends every sign-in of the account, the asking one too, and closes all its sockets (room-rights.ts). */
  async signOutEverywhere(accountId: string): Promise<void> {
    await this.endAllLogins(accountId);
    this.deps.logger.info({ event: 'account.signed_out_everywhere', accountId }, 'signed out on every device');
  }

  async getAccount(accountId: string): Promise<AccountView> {
    const account = await this.deps.stores.accounts.get(accountId);
    if (!account) throw new ServiceError('unauthenticated', 'Please sign in again.');
    return toAccountView(account);
  }

  async updateTimeZone(accountId: string, timeZone: string | null): Promise<AccountView> {
    await this.deps.stores.accounts.update(accountId, { timeZone });
    return this.getAccount(accountId);
  }

  async redeemInvite(accountId: string, inviteCode: string): Promise<void> {
    await this.deps.rateLimiter.enforce('redeemPerAccount', accountId);
    if ((await this.deps.stores.sponsors.redeem(inviteCode.toUpperCase(), accountId, this.deps.clock.now())) === 'invalid') throw invalidInvite();
  }

  /** Erases everything that belongs to the account, at once, and ends its live sockets. */
  async deleteAccount(accountId: string, passphrase: string): Promise<void> {
    const { stores, hasher } = this.deps;
    const account = await stores.accounts.get(accountId);
    if (!account) throw new ServiceError('unauthenticated', 'Please sign in again.');
    await this.deps.rateLimiter.enforce('signInPerHandle', account.handleDigest);
    if (!(await hasher.verify(account.passphraseHash, passphrase))) {
      throw new ServiceError('invalid_credentials', 'That passphrase is not right. Your account was not deleted.', { fields: ['passphrase'] });
    }
    // Every room of the account's groups refuses its memberships first; then the records go; the
    // sockets are ended whatever fails after the refusals (room-rights.ts).
    const memberships = (await Promise.all((await stores.groups.groupIdsOf(accountId)).map((groupId) => stores.groups.getMembership(groupId, accountId))))
      .filter((membership) => membership !== null);
    await Promise.all(memberships.map((membership) => this.rights.refuseMembership(membership, 'account_deleted')));
    try {
      for (const membership of memberships) {
        await releaseSeatsOfMembership(stores, this.deps.clock.now(), membership);
        await stores.groups.removeMembership(membership.groupId, accountId);
      }
      await stores.sponsors.releaseSeats(accountId);
      await stores.sponsors.removeAdmin(accountId);
      await stores.memberCalendarFeeds.revoke(accountId);
      await stores.logins.deleteAllFor(accountId);
      await stores.accounts.delete(accountId);
    } finally {
      this.deps.live.revokeAccount(accountId, 'account_deleted');
    }
    this.deps.logger.info({ event: 'account.deleted' }, 'account deleted');
  }

  /** The signed-in account, before a passphrase is asked for again: limited per handle like a sign-in. */
  private async accountToReconfirm(accountId: string): Promise<AccountRecord> {
    const account = await this.deps.stores.accounts.get(accountId);
    if (!account) throw new ServiceError('unauthenticated', 'Please sign in again.');
    await this.deps.rateLimiter.enforce('signInPerHandle', account.handleDigest);
    return account;
  }

  /** Ends every sign-in of the account: each refused in its rooms first, then all deleted, then every socket of the account closed. */
  private async endAllLogins(accountId: string): Promise<void> {
    const { stores, live } = this.deps;
    await this.rights.refuseLogins(accountId, await stores.logins.listFor(accountId));
    try {
      await stores.logins.deleteAllFor(accountId);
    } finally {
      live.revokeAccount(accountId, 'signed_out');
    }
  }

  /** Ends these sign-ins of the account: refused in its rooms first, then deleted, then their sockets closed. */
  private async endLogins(accountId: string, digests: readonly string[]): Promise<void> {
    await this.rights.refuseLogins(accountId, digests);
    try {
      await Promise.all(digests.map((digest) => this.deps.stores.logins.delete(digest)));
    } finally {
      for (const digest of digests) this.deps.live.revokeLogin(digest, 'signed_out');
    }
  }

  /** The account behind a sign-in cookie's token digest, or null. */
  async accountForLogin(tokenDigest: string): Promise<AccountRecord | null> {
    return this.deps.stores.loginAccounts.read(tokenDigest);
  }

  private async startLogin(account: AccountRecord): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = this.deps.clock.now() + (this.deps.loginTtlMs ?? LOGIN_SESSION_TTL_MS);
    await this.deps.stores.logins.create(AccountService.tokenDigest(token), account.id, expiresAt);
    return { account: toAccountView(account), token, expiresAt };
  }
}
