/**
 * The account, the session, its group and the account's membership in one script on the durable
 * Redis: four round trips of a join's authorization became one (docs/performance.md). The group's
 * keys follow from the session's group id, so the script names keys it was not given: it needs a
 * standalone Redis (as the project runs), not a Redis Cluster.
 */
import type { Redis } from 'ioredis';
import type { GroupRecord } from '../group.store';
import type { SessionAccessRead, SessionAccessReader } from '../session-access.reader';
import { parseAccount } from './account.store.redis';
import { hashOf } from './flat-reply';
import { parseMembership } from './group.store.redis';
import { LuaScript } from './lua-script';
import { type RedisKeys, keyAroundId } from './redis-keys';
import { parseSession, sessionFields } from './session.store.redis';

// KEYS: account, session, and the login when one is named. ARGV: accountId, group key head and tail, members key head and tail.
// Answers { account hash (flat), session values (sessionFields, groupId first), group JSON or nil,
// membership JSON or nil, the login's account id or nil }.
const readSessionAccess = new LuaScript(`
local account = redis.call('HGETALL', KEYS[1])
local session = redis.call('HMGET', KEYS[2], ${sessionFields.map((field) => `'${field}'`).join(', ')})
local login = false
if KEYS[3] then login = redis.call('GET', KEYS[3]) end
local groupId = session[1]
if not groupId then return { account, session, false, false, login } end
return { account, session, redis.call('GET', ARGV[2] .. groupId .. ARGV[3]), redis.call('HGET', ARGV[4] .. groupId .. ARGV[5], ARGV[1]), login }`);

export class RedisSessionAccessReader implements SessionAccessReader {
  private readonly groupKey: [string, string];
  private readonly membersKey: [string, string];

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys) {
    this.groupKey = keyAroundId((groupId) => keys.group(groupId));
    this.membersKey = keyAroundId((groupId) => keys.groupMembers(groupId));
  }

  async read(sessionId: string, accountId: string, loginDigest?: string): Promise<SessionAccessRead> {
    const keys = [this.keys.account(accountId), this.keys.session(sessionId)];
    if (loginDigest !== undefined) keys.push(this.keys.login(loginDigest));
    const [accountFields, values, group, membership, loginAccountId] = await readSessionAccess.run<[string[], (string | null)[], string | null, string | null, string | null]>(
      this.redis, keys, [accountId, ...this.groupKey, ...this.membersKey],
    );
    const account = parseAccount(accountId, hashOf(accountFields));
    const login = loginDigest === undefined ? {} : { loginAccountId: loginAccountId ?? null };
    if (!values[0]) return { account, session: null, group: null, membership: null, ...login };
    return { account, session: parseSession(sessionId, values), group: group ? (JSON.parse(group) as GroupRecord) : null, membership: parseMembership(membership), ...login };
  }
}
