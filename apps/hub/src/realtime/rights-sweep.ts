/**
 * The rights sweep: what a lost broadcast missed, closed within about half a second.
 *
 * A revocation ends a person's sockets by a broadcast over the adapter (LiveConnections), sent
 * once. If a node misses it (its pub/sub connection dropped, a partition), the person's socket on
 * that node would stay in the room: every event of theirs is refused (the router re-reads rights,
 * the room's scripts read its refusals), but they would still hear the room. So every node, on a
 * timer, re-checks the rights of every socket joined to a room here (RoomRights.check: one durable
 * script and one ephemeral read per person and room, all sent at once) and ends any that lost them,
 * with `access:revoked`. Generic on purpose: whatever makes a right lapse (a ban, a removal,
 * leaving, a sign-out, an expired sign-in, a deletion) is found by the same re-check.
 *
 * Cost: per tick, one pipelined batch per node, of the size of its joined sockets (deduplicated by
 * person, sign-in and room); nothing on the join or send paths.
 */
import type { AccessRevokedReason } from '@respite/protocol';
import type { Logger } from '../logger';
import type { RoomRights, RoomRightsHolder } from '../services/room-rights';
import type { HubServer, HubSocket } from './socket-types';

/** Default period: a victim whose broadcast was lost hears the room for at most this long plus one round trip. */
export const RIGHTS_SWEEP_MS = 500;

export function sweepRights(io: HubServer, deps: { rights: RoomRights; logger: Logger; intervalMs?: number; onRevoked?: (reason: AccessRevokedReason) => void }): () => void {
  const intervalMs = deps.intervalMs ?? RIGHTS_SWEEP_MS;
  if (intervalMs <= 0) return () => {};
  let running = false;
  let failing = false;

  async function tick(): Promise<void> {
    // A slow tick (a stalled Redis) is never stacked on by the next.
    if (running) return;
    running = true;
    try {
      const holders = new Map<string, { holder: RoomRightsHolder; sockets: HubSocket[] }>();
      for (const socket of io.of('/').sockets.values()) {
        const { accountId, tokenDigest, joined } = socket.data;
        for (const member of joined.values()) {
          const key = `${member.sessionId} ${accountId} ${tokenDigest} ${member.memberRef}`;
          const entry = holders.get(key) ?? { holder: { sessionId: member.sessionId, groupId: member.groupId, accountId, memberRef: member.memberRef, loginDigest: tokenDigest }, sockets: [] };
          entry.sockets.push(socket);
          holders.set(key, entry);
        }
      }
      if (holders.size === 0) return;
      const entries = [...holders.values()];
      const verdicts = await deps.rights.check(entries.map((entry) => entry.holder));
      verdicts.forEach((reason, index) => {
        if (!reason) return;
        for (const socket of entries[index]!.sockets) {
          if (!socket.connected) continue;
          socket.emit('access:revoked', { reason });
          socket.disconnect(true);
          deps.onRevoked?.(reason);
        }
      });
      if (failing) deps.logger.info({ event: 'rights.sweep_recovered' }, 'rights sweep reads again');
      failing = false;
    } catch (error) {
      // Rights cannot be read (a store is down): every event is refused meanwhile (the router's read
      // fails too), and sockets are kept rather than all cut for a blip. Logged once per outage.
      if (!failing) deps.logger.warn({ event: 'rights.sweep_failed', err: error }, 'rights sweep could not read rights');
      failing = true;
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
