/** Accounts and sign-in sessions in the durable Redis. */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { AccountChanges, AccountRecord, AccountStore, LoginSessionStore } from '../account.store';
import { LuaScript } from './lua-script';
import { type RedisKeys, keyAroundId } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

const createAccount = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 2))
return 1`);

function toHash(changes: AccountChanges | AccountRecord): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined || field === 'id') continue;
    fields.push(field, field === 'roles' ? JSON.stringify(value) : value === null ? '' : String(value));
  }
  return fields;
}

/** An account hash as its record; null when the hash is empty (no such account). */
export function parseAccount(accountId: string, hash: Record<string, string>): AccountRecord | null {
  if (!hash.handleDigest) return null;
  return {
    id: accountId,
    handleDigest: hash.handleDigest,
    passphraseHash: hash.passphraseHash ?? '',
    recoveryHash: hash.recoveryHash ?? '',
    roles: JSON.parse(hash.roles ?? '[]') as AccountRecord['roles'],
    timeZone: hash.timeZone ? hash.timeZone : null,
    createdAt: Number(hash.createdAt),
  };
}

export class RedisAccountStore implements AccountStore {
  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {}

  async create(account: AccountRecord): Promise<'created' | 'handle_taken'> {
    const created = await createAccount.run<number>(this.redis, [this.keys.handle(account.handleDigest), this.keys.account(account.id)], [account.id, ...toHash(account)]);
    return created === 1 ? 'created' : 'handle_taken';
  }

  async get(accountId: string): Promise<AccountRecord | null> {
    return parseAccount(accountId, await this.redis.hgetall(this.keys.account(accountId)));
  }

  async findIdByHandle(handleDigest: string): Promise<string | null> {
    return this.redis.get(this.keys.handle(handleDigest));
  }

  async update(accountId: string, changes: AccountChanges): Promise<void> {
    const fields = toHash(changes);
    if (fields.length > 0 && (await this.redis.exists(this.keys.account(accountId)))) {
      await this.redis.hset(this.keys.account(accountId), ...fields);
    }
  }

  async delete(accountId: string): Promise<void> {
    const handleDigest = await this.redis.hget(this.keys.account(accountId), 'handleDigest');
    const keys = [this.keys.account(accountId)];
    if (handleDigest) keys.push(this.keys.handle(handleDigest));
    await this.redis.del(...keys);
  }
}

// KEYS: login, accountLogins. ARGV: accountId, tokenDigest, ttlMs, login key head and tail. One command per sign-in, where MULTI took five.
// Digests of lapsed sign-ins leave the set here, or an account signing in daily would grow it for ever.
// (It reads login keys it is not given: a standalone Redis only, as the durable Redis is.)
const createLogin = new LuaScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
for _, digest in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[4] .. digest .. ARGV[5]) == 0 then redis.call('SREM', KEYS[2], digest) end
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`);

export class RedisLoginSessionStore implements LoginSessionStore {
  private readonly loginKey: [head: string, tail: string];

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {
    this.loginKey = keyAroundId((tokenDigest) => keys.login(tokenDigest));
  }

  async create(tokenDigest: string, accountId: string, expiresAt: number): Promise<void> {
    await createLogin.run(this.redis, [this.keys.login(tokenDigest), this.keys.accountLogins(accountId)], [accountId, tokenDigest, millisecondsUntil(this.clock, expiresAt), ...this.loginKey]);
  }

  async findAccountId(tokenDigest: string): Promise<string | null> {
    return this.redis.get(this.keys.login(tokenDigest));
  }

  async find(tokenDigest: string): Promise<{ accountId: string; expiresAt: number } | null> {
    const key = this.keys.login(tokenDigest);
    // The expiry on the hub's clock: now plus what Redis says is left (Redis keeps its own time,
    // which the hub's clock need not match; see relative-expiry.ts).
    const [[, accountId], [, millisecondsLeft]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[null, string | null], [null, number]];
    return accountId && millisecondsLeft > 0 ? { accountId, expiresAt: this.clock.now() + millisecondsLeft } : null;
  }

  async delete(tokenDigest: string): Promise<void> {
    const accountId = await this.redis.get(this.keys.login(tokenDigest));
    const pipeline = this.redis.multi().del(this.keys.login(tokenDigest));
    if (accountId) pipeline.srem(this.keys.accountLogins(accountId), tokenDigest);
    await pipeline.exec();
  }

  async listFor(accountId: string): Promise<string[]> {
    const digests = await this.redis.smembers(this.keys.accountLogins(accountId));
    if (digests.length === 0) return [];
    // The set keeps a lapsed sign-in's digest until the account's next sign-in prunes it.
    const alive = await Promise.all(digests.map((digest) => this.redis.exists(this.keys.login(digest))));
    return digests.filter((_, index) => alive[index] === 1);
  }

  async deleteAllFor(accountId: string): Promise<void> {
    const digests = await this.redis.smembers(this.keys.accountLogins(accountId));
    await this.redis.del(this.keys.accountLogins(accountId), ...digests.map((digest) => this.keys.login(digest)));
  }
}
