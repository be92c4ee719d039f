/**
 * Seats at a session as use cases: a member says they will attend (seat or waitlist), gives the
 * seat back (the first waiting member is promoted and told on their account room), and the room's
 * door asks whether a member may enter (a seat held, or a free one taken now). Facilitators always
 * have a place. Members are named to the seat store only by their per-group member ref.
 */
import type { SeatView } from '@respite/protocol';
import type { GroupRecord, MembershipRecord } from '../stores/group.store';
import type { SessionRecord } from '../stores/session.store';
import type { SeatStatus } from '../stores/session-seat.store';
import type { Stores } from '../stores/stores';
import type { Logger } from '../logger';
import { roomExpiry } from './room.service';
import type { ScheduleLive } from './schedule-live';
import { ServiceError } from './service-error';

export interface SeatGate {
  /** Throws session_full when the member holds no seat and none is free. */
  admit(input: { session: SessionRecord; membership: MembershipRecord; group: GroupRecord }): Promise<void>;
}

export class SeatService implements SeatGate {
  constructor(private readonly deps: { stores: Stores; scheduleLive: ScheduleLive; logger: Logger }) {}

  async view(session: SessionRecord, membership: MembershipRecord): Promise<SeatView> {
    const group = await this.group(session.groupId);
    return this.toView(session, group, await this.deps.stores.sessionSeats.status(session.id, membership.memberRef));
  }

  async reserve(session: SessionRecord, membership: MembershipRecord): Promise<SeatView> {
    const group = await this.group(session.groupId);
    const outcome = await this.deps.stores.sessionSeats.reserve(session.id, membership.memberRef, group.capacity, roomExpiry(session));
    return this.toView(session, group, outcome);
  }

  async release(session: SessionRecord, membership: MembershipRecord): Promise<SeatView> {
    const { stores } = this.deps;
    const group = await this.group(session.groupId);
    const { promoted } = await stores.sessionSeats.release(session.id, membership.memberRef, group.capacity);
    if (promoted) {
      const promotedMembership = await stores.groups.membershipByRef(session.groupId, promoted);
      if (promotedMembership) this.deps.scheduleLive.seatPromoted(promotedMembership.accountId, { sessionId: session.id, groupId: session.groupId });
      this.deps.logger.info({ event: 'seat.promoted', sessionId: session.id }, 'a waiting member took a freed seat');
    }
    return this.toView(session, group, { status: 'none' });
  }

  /** `group` is the session's group as the join's authorization read it. */
  async admit(input: { session: SessionRecord; membership: MembershipRecord; group: GroupRecord }): Promise<void> {
    const { session, membership, group } = input;
    if (membership.role === 'facilitator') return;
    if (!(await this.deps.stores.sessionSeats.claimForEntry(session.id, membership.memberRef, group.capacity, roomExpiry(session)))) {
      throw new ServiceError('session_full', 'Every seat in this session is taken. Say you will attend to join the waitlist; you will be told if a seat frees.');
    }
  }

  private async toView(session: SessionRecord, group: GroupRecord, status: SeatStatus): Promise<SeatView> {
    const { seated } = await this.deps.stores.sessionSeats.counts(session.id);
    return {
      sessionId: session.id, status: status.status, position: status.status === 'waitlisted' ? status.position : null,
      capacity: group.capacity, seatsTaken: seated,
    };
  }

  private async group(groupId: string): Promise<GroupRecord> {
    const group = await this.deps.stores.groups.getGroup(groupId);
    if (!group) throw new ServiceError('not_found', 'That group does not exist.');
    return group;
  }
}
