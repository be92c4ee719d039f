/**
 * Gives back every seat and waitlist place a membership holds in its group's coming sessions: when a
 * member leaves the group or deletes the account, nothing of theirs stays behind in the seat store.
 * A freed seat goes to the first waiting member (their groups page shows it on its next load).
 */
import type { MembershipRecord } from '../stores/group.store';
import type { Stores } from '../stores/stores';

const LOOK_BACK_MS = 24 * 60 * 60_000;
const LOOK_AHEAD_MS = 35 * 24 * 60 * 60_000;

export async function releaseSeatsOfMembership(stores: Stores, now: number, membership: MembershipRecord): Promise<void> {
  const group = await stores.groups.getGroup(membership.groupId);
  if (!group) return;
  for (const session of await stores.sessions.listForGroup(membership.groupId, now - LOOK_BACK_MS, now + LOOK_AHEAD_MS)) {
    if (session.state === 'closed') continue;
    await stores.sessionSeats.release(session.id, membership.memberRef, group.capacity);
  }
}
