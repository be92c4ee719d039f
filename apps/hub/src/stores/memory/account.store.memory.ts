/** In-memory accounts and sign-in sessions, for the single-node embedded mode and tests. */
import type { Clock } from '../../clock';
import type { AccountChanges, AccountRecord, AccountStore, LoginSessionStore } from '../account.store';

export class MemoryAccountStore implements AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly idByHandle = new Map<string, string>();

  async create(account: AccountRecord): Promise<'created' | 'handle_taken'> {
    if (this.idByHandle.has(account.handleDigest)) return 'handle_taken';
    this.idByHandle.set(account.handleDigest, account.id);
    this.accounts.set(account.id, structuredClone(account));
    return 'created';
  }

  async get(accountId: string): Promise<AccountRecord | null> {
    const account = this.accounts.get(accountId);
    return account ? structuredClone(account) : null;
  }

  async findIdByHandle(handleDigest: string): Promise<string | null> {
    return this.idByHandle.get(handleDigest) ?? null;
  }

  async update(accountId: string, changes: AccountChanges): Promise<void> {
    const account = this.accounts.get(accountId);
    if (account) this.accounts.set(accountId, { ...account, ...structuredClone(changes) });
  }

  async delete(accountId: string): Promise<void> {
    const account = this.accounts.get(accountId);
    if (!account) return;
    this.idByHandle.delete(account.handleDigest);
    this.accounts.delete(accountId);
  }
}

export class MemoryLoginSessionStore implements LoginSessionStore {
  private readonly sessions = new Map<string, { accountId: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async create(tokenDigest: string, accountId: string, expiresAt: number): Promise<void> {
    this.sessions.set(tokenDigest, { accountId, expiresAt });
  }

  async findAccountId(tokenDigest: string): Promise<string | null> {
    return (await this.find(tokenDigest))?.accountId ?? null;
  }

  async find(tokenDigest: string): Promise<{ accountId: string; expiresAt: number } | null> {
    const session = this.sessions.get(tokenDigest);
    if (!session) return null;
    if (session.expiresAt <= this.clock.now()) {
      this.sessions.delete(tokenDigest);
      return null;
    }
    return { ...session };
  }

  async delete(tokenDigest: string): Promise<void> {
    this.sessions.delete(tokenDigest);
  }

  async listFor(accountId: string): Promise<string[]> {
    const now = this.clock.now();
    return [...this.sessions].filter(([, session]) => session.accountId === accountId && session.expiresAt > now).map(([digest]) => digest);
  }

  async deleteAllFor(accountId: string): Promise<void> {
    for (const [digest, session] of this.sessions) if (session.accountId === accountId) this.sessions.delete(digest);
  }
}
