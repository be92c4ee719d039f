/**
 * The hub's stores as one bundle, built either in memory (one node, nothing kept) or on Redis
 * (durable and ephemeral connections, which may point at one server).
 */
import { Redis } from 'ioredis';
import type { Clock } from '../clock';
import type { AccountStore, LoginSessionStore } from './account.store';
import type { GroupStore } from './group.store';
import type { MessageStore } from './message.store';
import type { PresenceStore } from './presence.store';
import { ComposedRoomEntryStore, type RoomEntryStore } from './room-entry.store';
import { ComposedRoomPostStore, type RoomPostStore } from './room-post.store';
import { ComposedSessionAccessReader, type SessionAccessReader } from './session-access.reader';
import { ComposedLoginAccountReader, type LoginAccountReader } from './login-account.reader';
import { RedisLoginAccountReader } from './redis/login-account.reader.redis';
import { RedisSessionAccessReader } from './redis/session-access.reader.redis';
import { RedisRoomEntryStore } from './redis/room-entry.store.redis';
import { RedisRoomPostStore } from './redis/room-post.store.redis';
import type { RateLimitStore } from './rate-limit.store';
import type { SessionStore } from './session.store';
import type { SponsorStore } from './sponsor.store';
import type { SessionSeatStore } from './session-seat.store';
import { MemorySessionSeatStore } from './memory/session-seat.store.memory';
import { RedisSessionSeatStore } from './redis/session-seat.store.redis';
import type { MemberCalendarFeedStore } from './member-calendar-feed.store';
import { MemoryMemberCalendarFeedStore } from './memory/member-calendar-feed.store.memory';
import { RedisMemberCalendarFeedStore } from './redis/member-calendar-feed.store.redis';
import type { RoomModerationStore } from './room-moderation.store';
import type { ModerationRecordStore } from './moderation-record.store';
import { MemoryRoomModerationStore } from './memory/room-moderation.store.memory';
import { MemoryModerationRecordStore } from './memory/moderation-record.store.memory';
import { RedisRoomModerationStore } from './redis/room-moderation.store.redis';
import { RedisModerationRecordStore } from './redis/moderation-record.store.redis';
import { MemoryAccountStore, MemoryLoginSessionStore } from './memory/account.store.memory';
import { MemoryGroupStore } from './memory/group.store.memory';
import { MemoryMessageStore } from './memory/message.store.memory';
import { MemoryPresenceStore } from './memory/presence.store.memory';
import { MemoryRateLimitStore } from './memory/rate-limit.store.memory';
import { MemorySessionStore } from './memory/session.store.memory';
import { MemorySponsorStore } from './memory/sponsor.store.memory';
import { RedisAccountStore, RedisLoginSessionStore } from './redis/account.store.redis';
import { RedisGroupStore } from './redis/group.store.redis';
import { RedisKeys } from './redis/redis-keys';
import { RedisMessageStore } from './redis/message.store.redis';
import { RedisPresenceStore } from './redis/presence.store.redis';
import { RedisRateLimitStore } from './redis/rate-limit.store.redis';
import { RedisSessionStore } from './redis/session.store.redis';
import { RedisSponsorStore } from './redis/sponsor.store.redis';

export interface Stores {
  kind: 'memory' | 'redis';
  accounts: AccountStore;
  logins: LoginSessionStore;
  /** Durable: the account behind a sign-in, read with it. */
  loginAccounts: LoginAccountReader;
  groups: GroupStore;
  sponsors: SponsorStore;
  /** Durable, expiring with each session: seats and waitlists by member ref. */
  sessionSeats: SessionSeatStore;
  /** Durable: each member's private calendar feed (secret digest only). */
  memberCalendarFeeds: MemberCalendarFeedStore;
  sessions: SessionStore;
  /** Durable: a session, its group and one account's membership, read together for authorization. */
  sessionAccess: SessionAccessReader;
  messages: MessageStore;
  presence: PresenceStore;
  /** Ephemeral: a join's entry into the room (presence, "entered", missed messages) in one step. */
  roomEntry: RoomEntryStore;
  /** Ephemeral: a send's gate, limit and append in one step. */
  roomPost: RoomPostStore;
  rateLimits: RateLimitStore;
  /** Ephemeral: a live room's mutes, hands, settings, reactions, reports, check-ins. */
  roomModeration: RoomModerationStore;
  /** Durable: who did what to whom, when; never message text. */
  moderationRecord: ModerationRecordStore;
  /** Answers whether every backing connection is usable right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createMemoryStores(clock: Clock): Stores {
  const rateLimits = new MemoryRateLimitStore(clock);
  const [messages, presence, roomModeration] = [new MemoryMessageStore(clock), new MemoryPresenceStore(clock), new MemoryRoomModerationStore(clock)];
  const [sessions, groups] = [new MemorySessionStore(), new MemoryGroupStore()];
  const [accounts, logins] = [new MemoryAccountStore(), new MemoryLoginSessionStore(clock)];
  return {
    kind: 'memory',
    accounts,
    logins,
    loginAccounts: new ComposedLoginAccountReader({ logins, accounts }),
    groups,
    sponsors: new MemorySponsorStore(),
    sessionSeats: new MemorySessionSeatStore(() => clock.now()),
    memberCalendarFeeds: new MemoryMemberCalendarFeedStore(),
    sessions,
    sessionAccess: new ComposedSessionAccessReader({ accounts, sessions, groups, logins }),
    messages,
    presence,
    roomEntry: new ComposedRoomEntryStore({ messages, presence, roomModeration, rateLimits }),
    roomPost: new ComposedRoomPostStore({ messages, roomModeration, rateLimits }),
    rateLimits,
    roomModeration,
    moderationRecord: new MemoryModerationRecordStore(),
    ping: async () => true,
    close: async () => {},
  };
}

export interface RedisConnections {
  durable: Redis;
  ephemeral: Redis;
}

/** Opens the two connections. Commands fail fast while Redis is away rather than queueing forever. */
export function connectRedis(options: { durableUrl: string; ephemeralUrl: string }): RedisConnections {
  const settings = { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2000, lazyConnect: false } as const;
  const durable = new Redis(options.durableUrl, { ...settings, connectionName: 'respite-durable' });
  const ephemeral = options.ephemeralUrl === options.durableUrl ? durable : new Redis(options.ephemeralUrl, { ...settings, connectionName: 'respite-ephemeral' });
  return { durable, ephemeral };
}

/** `clock` is the hub's: deadlines are on it, and the stores hand Redis each expiry as a duration from its now (relative-expiry.ts). */
export function createRedisStores(connections: RedisConnections, keyPrefix: string, clock: Clock): Stores {
  const keys = new RedisKeys(keyPrefix);
  const { durable, ephemeral } = connections;
  const presence = new RedisPresenceStore(ephemeral, keys, clock);
  return {
    kind: 'redis',
    accounts: new RedisAccountStore(durable, keys),
    logins: new RedisLoginSessionStore(durable, keys, clock),
    loginAccounts: new RedisLoginAccountReader(durable, keys, clock),
    groups: new RedisGroupStore(durable, keys),
    sponsors: new RedisSponsorStore(durable, keys, clock),
    sessionSeats: new RedisSessionSeatStore(durable, keys, clock),
    memberCalendarFeeds: new RedisMemberCalendarFeedStore(durable, keys),
    sessions: new RedisSessionStore(durable, keys),
    sessionAccess: new RedisSessionAccessReader(durable, keys),
    messages: new RedisMessageStore(ephemeral, keys, clock),
    presence,
    roomEntry: new RedisRoomEntryStore(ephemeral, keys, presence, clock),
    roomPost: new RedisRoomPostStore(ephemeral, keys, clock),
    rateLimits: new RedisRateLimitStore(ephemeral, keys),
    roomModeration: new RedisRoomModerationStore(ephemeral, keys, clock),
    moderationRecord: new RedisModerationRecordStore(durable, keys, clock),
    ping: async () => {
      try {
        await Promise.all([durable.ping(), ephemeral.ping()]);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await Promise.all([...new Set([durable, ephemeral])].map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
