/**
 * Rights in a live room, re-read on every event instead of trusted from the join.
 *
 * Two halves, because the durable and the ephemeral Redis may be different servers and no one
 * script can read both:
 * - Refusals in the session's own ephemeral space (room-moderation.store's `refuse`): a revocation
 *   (ban, removal, leaving the group, giving up a seat, sign-out, deletion) writes one for the
 *   person's member ref or sign-in into every open room of the group BEFORE it changes the durable
 *   record and before any broadcast. The room's entry and post scripts, and every other in-room
 *   event, read it in the step that acts. If the refusal cannot be written, the revocation answers
 *   `unavailable` and changes nothing; if a later step fails, the refusal still holds.
 * - The durable rights (`lostRights`): the sign-in still exists (not signed out or expired), the
 *   account exists, the membership is the same one (same member ref) and not banned. The event
 *   router reads them with the session in one script per event; the rights sweep reads them for
 *   every joined socket about once a second, so a lost broadcast leaves nobody in a room.
 */
import type { AccessRevokedReason } from '@respite/protocol';
import type { Clock } from '../clock';
import type { SessionAccessRead } from '../stores/session-access.reader';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import { roomExpiry } from './room.service';

/** Who holds a place in a room, as a socket records it at the join. */
export interface RoomRightsHolder {
  sessionId: string;
  groupId: string;
  accountId: string;
  memberRef: string;
  loginDigest: string;
}

/** How far around now a revocation looks for a group's sessions whose rooms are (or may soon be) open. */
const OPEN_ROOM_WINDOW_MS = 24 * 3_600_000;

/** Why the holder no longer has a place in the room, from the durable read (session access plus the login); null: they still do. */
export function lostRights(read: SessionAccessRead & { loginAccountId?: string | null }, holder: Pick<RoomRightsHolder, 'accountId' | 'memberRef'>): AccessRevokedReason | null {
  if (!read.account) return 'account_deleted';
  if (read.loginAccountId !== holder.accountId) return 'signed_out';
  if (!read.membership || read.membership.memberRef !== holder.memberRef) return 'left_group';
  if (read.membership.status === 'banned') return 'banned';
  return null;
}

export class RoomRights {
  constructor(private readonly deps: { stores: Stores; clock: Clock }) {}

  /** The group's sessions that are not closed and start within a day of now: every room a member could be in, or enter next. */
  private async roomsOf(groupId: string): Promise<SessionRecord[]> {
    const now = this.deps.clock.now();
    const sessions = await this.deps.stores.sessions.listForGroup(groupId, now - OPEN_ROOM_WINDOW_MS, now + OPEN_ROOM_WINDOW_MS);
    return sessions.filter((session) => session.state !== 'closed' && roomExpiry(session) > now);
  }

  /** Refuses a membership (by its ref) in every open room of its group. Call before the durable change. */
  async refuseMembership(membership: { groupId: string; memberRef: string }, reason: AccessRevokedReason): Promise<void> {
    const rooms = await this.roomsOf(membership.groupId);
    await Promise.all(rooms.map((session) => this.deps.stores.roomModeration.refuse(session.id, { memberRef: membership.memberRef }, reason, roomExpiry(session))));
  }

  /** Refuses one sign-in in every open room of the account's groups (sign-out). Call before deleting the login. */
  async refuseLogin(accountId: string, loginDigest: string): Promise<void> {
    await this.refuseLogins(accountId, [loginDigest]);
  }

  /** Refuses several sign-ins of one account (sign-out everywhere, a new passphrase), reading its rooms once. */
  async refuseLogins(accountId: string, loginDigests: readonly string[]): Promise<void> {
    if (loginDigests.length === 0) return;
    const groupIds = await this.deps.stores.groups.groupIdsOf(accountId);
    const rooms = (await Promise.all(groupIds.map((groupId) => this.roomsOf(groupId)))).flat();
    await Promise.all(rooms.flatMap((session) => loginDigests.map((loginDigest) =>
      this.deps.stores.roomModeration.refuse(session.id, { loginDigest }, 'signed_out', roomExpiry(session)))));
  }

  /**
   * For each holder, why they lost their place (durable and ephemeral, read together), or null.
   * One durable script and one ephemeral read per holder, all sent at once (pipelined on each
   * connection): the sweep's batch.
   */
  async check(holders: readonly RoomRightsHolder[]): Promise<(AccessRevokedReason | null)[]> {
    const { stores } = this.deps;
    return Promise.all(holders.map(async (holder) => {
      const [read, refused] = await Promise.all([
        stores.sessionAccess.read(holder.sessionId, holder.accountId, holder.loginDigest),
        stores.roomModeration.refusalOf(holder.sessionId, { memberRef: holder.memberRef, loginDigest: holder.loginDigest }),
      ]);
      return refused ?? lostRights(read, holder);
    }));
  }
}
