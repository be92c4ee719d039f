/**
 * Groups as a member sees them: which groups they may join, joining under an alias after accepting
 * the norms, changing the alias between sessions, leaving.
 */
import { aliasKey, generateAlias, tidyAlias } from '@respite/domain';
import type { GroupDetailView, GroupSummaryView, MembershipView } from '@respite/protocol';
import type { Clock } from '../clock';
import { newEntityId, randomIndex } from '../random-ids';
import type { GroupRecord, MembershipRecord } from '../stores/group.store';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import { upcomingChanges } from './schedule-changes';
import { releaseSeatsOfMembership } from './seat-release';
import { RoomRights } from './room-rights';
import { ServiceError } from './service-error';
import { toGroupSummaryView, toMembershipView } from './view-mapping';

/** How far ahead "the next session" is looked for. */
const NEXT_SESSION_HORIZON_MS = 35 * 24 * 60 * 60_000;
const GENERATED_ALIAS_ATTEMPTS = 20;

export class GroupService {
  private readonly rights: RoomRights;

  constructor(private readonly deps: { stores: Stores; clock: Clock; live: LiveConnections }) {
    this.rights = new RoomRights(deps);
  }

  /** Groups the account belongs to or may join, with the next session of each. */
  async listGroups(accountId: string): Promise<GroupSummaryView[]> {
    const { groups, sponsors } = this.deps.stores;
    const joined = await groups.groupIdsOf(accountId);
    const eligible = (await sponsors.seatsOf(accountId)).flatMap((seat) => seat.groupIds);
    const views: GroupSummaryView[] = [];
    for (const groupId of new Set([...joined, ...eligible])) {
      const [group, membership] = await Promise.all([groups.getGroup(groupId), groups.getMembership(groupId, accountId)]);
      if (!group || membership?.status === 'banned') continue;
      const { nextSession, changes } = await this.nextSessionAndChanges(group);
      views.push(toGroupSummaryView(group, membership, nextSession, changes));
    }
    return views.sort((a, b) => (a.nextSession?.startsAt ?? '9').localeCompare(b.nextSession?.startsAt ?? '9') || a.name.localeCompare(b.name));
  }

  async getGroup(accountId: string, groupId: string): Promise<GroupDetailView> {
    const group = await this.requireGroup(groupId);
    const membership = await this.deps.stores.groups.getMembership(groupId, accountId);
    const { nextSession, changes } = await this.nextSessionAndChanges(group);
    return { ...toGroupSummaryView(group, membership, nextSession, changes), norms: [...group.norms] };
  }

  async join(accountId: string, groupId: string, chosenAlias: string | null): Promise<MembershipView> {
    await this.requireGroup(groupId);
    const now = this.deps.clock.now();
    const attempts = chosenAlias === null ? GENERATED_ALIAS_ATTEMPTS : 1;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const alias = chosenAlias === null ? generateAlias(randomIndex) : tidyAlias(chosenAlias);
      const membership: MembershipRecord = {
        groupId, accountId, memberRef: newEntityId(), alias, aliasKey: aliasKey(alias), role: 'member',
        normsAcceptedAt: now, joinedAt: now, status: 'active',
      };
      const outcome = await this.deps.stores.groups.addMembership(membership);
      if (outcome === 'added') return toMembershipView(membership);
      if (outcome === 'already_member') throw new ServiceError('conflict', 'You are already a member of this group.');
    }
    throw new ServiceError('conflict', 'Someone in this group already uses that alias. Please choose another.', { fields: ['alias'] });
  }

  /** Aliases change between sessions only, so a room never sees one person under two names. */
  async changeAlias(accountId: string, groupId: string, chosenAlias: string | null): Promise<MembershipView> {
    const session = await this.currentOrNextSession(groupId);
    if (session && ['lobby', 'live', 'closing'].includes(session.state)) {
      throw new ServiceError('conflict', 'You can change your alias after this session ends.');
    }
    const attempts = chosenAlias === null ? GENERATED_ALIAS_ATTEMPTS : 1;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const alias = chosenAlias === null ? generateAlias(randomIndex) : tidyAlias(chosenAlias);
      const outcome = await this.deps.stores.groups.changeAlias(groupId, accountId, alias, aliasKey(alias));
      if (outcome === 'not_member') throw new ServiceError('forbidden', 'You are not a member of this group.');
      if (outcome === 'changed') {
        const membership = await this.deps.stores.groups.getMembership(groupId, accountId);
        if (membership) return toMembershipView(membership);
      }
    }
    throw new ServiceError('conflict', 'Someone in this group already uses that alias. Please choose another.', { fields: ['alias'] });
  }

  /**
   * The room refuses the membership first (room-rights.ts), then the membership goes, then its
   * sockets are told and ended: no step's failure leaves the person in a room. If the refusal cannot
   * be written, nothing changed; after it, the sockets are ended whatever fails next.
   */
  async leave(accountId: string, groupId: string): Promise<void> {
    const membership = await this.deps.stores.groups.getMembership(groupId, accountId);
    if (membership) await this.rights.refuseMembership(membership, 'left_group');
    try {
      if (membership) await releaseSeatsOfMembership(this.deps.stores, this.deps.clock.now(), membership);
      await this.deps.stores.groups.removeMembership(groupId, accountId);
    } finally {
      this.deps.live.revokeMembership(groupId, accountId, 'left_group');
    }
  }

  suggestAlias(): string {
    return generateAlias(randomIndex);
  }

  /** The session that is open now, or else the next one to start. */
  async currentOrNextSession(groupId: string): Promise<SessionRecord | null> {
    const now = this.deps.clock.now();
    return nextOf(await this.deps.stores.sessions.listForGroup(groupId, now - NEXT_SESSION_HORIZON_MS, now + NEXT_SESSION_HORIZON_MS), now);
  }

  /** The open or next session, and the cancellations and moves a member should hear of before it. */
  private async nextSessionAndChanges(group: GroupRecord) {
    const now = this.deps.clock.now();
    const sessions = await this.deps.stores.sessions.listForGroup(group.id, now - NEXT_SESSION_HORIZON_MS, now + NEXT_SESSION_HORIZON_MS);
    const nextSession = nextOf(sessions, now);
    return { nextSession, changes: upcomingChanges({ group, sessions, nextSession, now, lookAheadMs: NEXT_SESSION_HORIZON_MS }) };
  }

  private async requireGroup(groupId: string): Promise<GroupRecord> {
    const group = await this.deps.stores.groups.getGroup(groupId);
    if (!group) throw new ServiceError('not_found', 'That group does not exist.');
    return group;
  }
}

function nextOf(sessions: readonly SessionRecord[], now: number): SessionRecord | null {
  return sessions.find((session) => session.state !== 'closed' && session.endsAt > now) ?? null;
}
