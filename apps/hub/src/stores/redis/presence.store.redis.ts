/** Presence by connection in the ephemeral Redis: one hash per session, expiring with it. */
import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';
import type { PresenceMemberView } from '@respite/protocol';
import type { PresenceStore } from '../presence.store';
import { setHashFieldFor } from './hash-field-write';
import type { RedisKeys } from './redis-keys';
import { millisecondsUntil } from './relative-expiry';

/**
 * A node seen alive is taken as alive for this long without asking again: a join or leave then
 * reads the presence hash alone. Small beside the heartbeat's own 15 s, so a dead node's entries
 * still drop out within seconds.
 */
export const NODE_ALIVE_REUSE_MS = 1_000;

/** The order of the presence list: aliases as `localeCompare` orders them, with one collator made once. */
const byAlias = new Intl.Collator();

export class RedisPresenceStore implements PresenceStore {
  /** nodeId → when its heartbeat was last seen (this process's clock). */
  private readonly seenAlive = new Map<string, number>();

  constructor(private readonly redis: Redis, private readonly keys: RedisKeys, private readonly clock: Clock) {}

  async add(sessionId: string, connectionId: string, member: PresenceMemberView, expiresAt: number): Promise<void> {
    await setHashFieldFor(this.redis, this.keys.roomPresence(sessionId), connectionId, JSON.stringify(member), millisecondsUntil(this.clock, expiresAt));
  }

  async remove(sessionId: string, connectionId: string): Promise<void> {
    await this.redis.hdel(this.keys.roomPresence(sessionId), connectionId);
  }

  async list(sessionId: string): Promise<PresenceMemberView[]> {
    return this.membersOf(sessionId, Object.entries(await this.redis.hgetall(this.keys.roomPresence(sessionId))));
  }

  /** The distinct members of a session's presence entries (as read), dropping the entries of nodes that died. */
  async membersOf(sessionId: string, entries: [connectionId: string, member: string][]): Promise<PresenceMemberView[]> {
    const nodeIds = [...new Set(entries.map(([connectionId]) => nodeOf(connectionId)).filter((node): node is string => node !== null))];
    const alive = await this.aliveNodes(nodeIds);
    const byRef = new Map<string, PresenceMemberView>();
    const stale: string[] = [];
    for (const [connectionId, raw] of entries) {
      const node = nodeOf(connectionId);
      if (node !== null && !alive.has(node)) {
        stale.push(connectionId);
        continue;
      }
      const member = JSON.parse(raw) as PresenceMemberView;
      byRef.set(member.memberRef, member);
    }
    if (stale.length > 0) await this.redis.hdel(this.keys.roomPresence(sessionId), ...stale);
    return [...byRef.values()].sort((a, b) => byAlias.compare(a.alias, b.alias));
  }

  private async aliveNodes(nodeIds: string[]): Promise<Set<string>> {
    const now = Date.now();
    const alive = new Set(nodeIds.filter((node) => now - (this.seenAlive.get(node) ?? -Infinity) < NODE_ALIVE_REUSE_MS));
    const unknown = nodeIds.filter((node) => !alive.has(node));
    if (unknown.length === 0) return alive;
    const beats = await this.redis.mget(...unknown.map((node) => this.keys.nodeHeartbeat(node)));
    unknown.forEach((node, index) => {
      if (beats[index] === null) {
        this.seenAlive.delete(node);
        return;
      }
      alive.add(node);
      this.seenAlive.set(node, now);
    });
    return alive;
  }

  async heartbeat(nodeId: string, until: number): Promise<void> {
    await this.redis.set(this.keys.nodeHeartbeat(nodeId), '1', 'PX', millisecondsUntil(this.clock, until));
  }

  async eraseSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keys.roomPresence(sessionId));
  }
}

/** The node part of `<nodeId>/<socketId>`, or null for a connection id without one. */
function nodeOf(connectionId: string): string | null {
  const slash = connectionId.indexOf('/');
  return slash < 0 ? null : connectionId.slice(0, slash);
}
