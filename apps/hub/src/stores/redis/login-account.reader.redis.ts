/**
 * A sign-in's account in one script on the durable Redis: the login record, then the account it
 * names (two round trips of every handshake and authenticated request became one). The account's
 * key follows from the login record, so the script needs a standalone Redis, not a Redis Cluster.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { AccountRecord } from '../account.store';
import type { LoginAccount, LoginAccountReader } from '../login-account.reader';
import { parseAccount } from './account.store.redis';
import { hashOf } from './flat-reply';
import { LuaScript } from './lua-script';
import { type RedisKeys, keyAroundId } from './redis-keys';

// KEYS: login. ARGV: account key head and tail.
// Answers nil, or { accountId, account hash as a flat list, the login's time left (PTTL, ms) }.
const readLoginAccount = new LuaScript(`
local accountId = redis.call('GET', KEYS[1])
if not accountId then return false end
return { accountId, redis.call('HGETALL', ARGV[1] .. accountId .. ARGV[2]), redis.call('PTTL', KEYS[1]) }`);

export class RedisLoginAccountReader implements LoginAccountReader {
  private readonly accountKey: [string, string];

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {
    this.accountKey = keyAroundId((accountId) => keys.account(accountId));
  }

  async read(tokenDigest: string): Promise<AccountRecord | null> {
    return (await this.readWithExpiry(tokenDigest))?.account ?? null;
  }

  async readWithExpiry(tokenDigest: string): Promise<LoginAccount | null> {
    const answer = await readLoginAccount.run<[string, string[], number] | null>(this.redis, [this.keys.login(tokenDigest)], this.accountKey);
    if (!answer) return null;
    const [accountId, flat, millisecondsLeft] = answer;
    const account = parseAccount(accountId, hashOf(flat));
    // The expiry on the hub's clock: Redis keeps its own time, which the hub's clock need not match
    // (relative-expiry.ts), so the instant is now plus what Redis says is left, not PEXPIRETIME.
    return account && millisecondsLeft > 0 ? { account, expiresAt: this.clock.now() + millisecondsLeft } : null;
  }
}
