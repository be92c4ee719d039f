/**
 * Resolves who is asking and what the request is about, then decides with the one access policy
 * (@respite/domain's routePolicy / eventPolicy). Every REST route and socket event passes here.
 */
import { type AccessRule, type GroupRelation, decideAccess } from '@respite/domain';
import type { SessionState } from '@respite/protocol';
import type { AccountRecord } from '../stores/account.store';
import type { GroupRecord, MembershipRecord } from '../stores/group.store';
import type { SessionAccessRead } from '../stores/session-access.reader';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import { ServiceError } from './service-error';

export interface AccessTarget {
  groupId?: string;
  sessionId?: string;
}

/** What the decision learned on the way, so handlers need not load it again. */
export interface GrantedAccess {
  account: AccountRecord | null;
  relation: GroupRelation | null;
  membership: MembershipRecord | null;
  session: SessionRecord | null;
  /** The group of a group or session rule, as read for the decision (handlers reuse it rather than read it again). */
  group?: GroupRecord | null;
  /** For sponsor rules: the sponsor the account administers. */
  sponsorId?: string | null;
}

const messages = {
  unauthenticated: 'Please sign in to continue.',
  forbidden: 'You do not have access to this.',
  session_not_open: 'This session is not open right now.',
  session_closed: 'This session has ended and its messages have been erased.',
} as const;

export class AccessService {
  constructor(private readonly stores: Stores) {}

  async relationTo(accountId: string, groupId: string): Promise<{ relation: GroupRelation; membership: MembershipRecord | null }> {
    return this.relationFrom(await this.stores.groups.getMembership(groupId, accountId), accountId, groupId);
  }

  /** A member's relation is their role (or banned); anyone else's depends on whether a seat of theirs opens the group. */
  private async relationFrom(membership: MembershipRecord | null, accountId: string, groupId: string): Promise<{ relation: GroupRelation; membership: MembershipRecord | null }> {
    if (membership) return { relation: membership.status === 'banned' ? 'banned' : membership.role, membership };
    const seats = await this.stores.sponsors.seatsOf(accountId);
    return { relation: seats.some((seat) => seat.groupIds.includes(groupId)) ? 'eligible' : 'outsider', membership: null };
  }

  /** Throws a ServiceError with the policy's reason when the rule denies the request. */
  async authorize(rule: AccessRule, account: AccountRecord | null, target: AccessTarget): Promise<GrantedAccess> {
    const read = account && rule.scope === 'session' && target.sessionId ? await this.stores.sessionAccess.read(target.sessionId, account.id) : null;
    return this.decide(rule, account, target, read);
  }

  /**
   * As `authorize`, for a request that names only its account id (a socket event): the account is
   * read now, so its roles are current, together with the session's records when the rule is about
   * one, and the sign-in (`loginDigest`) in the same read: a socket whose sign-in ended is refused.
   */
  async authorizeAccountId(rule: AccessRule, accountId: string, target: AccessTarget, loginDigest?: string): Promise<GrantedAccess> {
    const read = rule.scope === 'session' && target.sessionId ? await this.stores.sessionAccess.read(target.sessionId, accountId, loginDigest) : null;
    const account = read ? read.account : await this.stores.accounts.get(accountId);
    if (!account || (read && loginDigest !== undefined && read.loginAccountId !== accountId)) throw new ServiceError('unauthenticated', 'Please sign in again.');
    return this.decide(rule, account, target, read);
  }

  private async decide(rule: AccessRule, account: AccountRecord | null, target: AccessTarget, read: SessionAccessRead | null): Promise<GrantedAccess> {
    const granted: GrantedAccess = { account, relation: null, membership: null, session: null, sponsorId: null };
    if (account && rule.scope === 'sponsor' && account.roles.includes('sponsor_admin')) {
      granted.sponsorId = await this.stores.sponsors.adminSponsorOf(account.id);
    }
    let sessionState: SessionState | undefined;
    if (account && rule.scope === 'session') {
      // The session, its group and the membership, read in one step above.
      if (!read?.session) throw new ServiceError('not_found', 'That session does not exist.');
      if (!read.group) throw new ServiceError('not_found', 'That group does not exist.');
      granted.session = read.session;
      sessionState = read.session.state;
      Object.assign(granted, await this.relationFrom(read.membership, account.id, read.session.groupId), { group: read.group });
    } else if (account && rule.scope === 'group') {
      const groupId = target.groupId;
      if (!groupId) throw new ServiceError('not_found', 'That group does not exist.');
      // Independent reads, one round trip's wait instead of two.
      const [group, relation] = await Promise.all([this.stores.groups.getGroup(groupId), this.relationTo(account.id, groupId)]);
      if (!group) throw new ServiceError('not_found', 'That group does not exist.');
      Object.assign(granted, relation, { group });
    }
    const decision = decideAccess(rule, { roles: account?.roles ?? null, relation: granted.relation ?? undefined, sessionState, sponsorId: granted.sponsorId });
    if (!decision.allowed) throw new ServiceError(decision.reason, messages[decision.reason]);
    return granted;
  }
}
