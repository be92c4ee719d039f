/** Groups and memberships (durable). A membership carries the per-group alias and member ref. */
import type { GroupRole } from '@respite/protocol';
import type { GroupSchedule } from '@respite/domain';

export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  norms: string[];
  capacity: number;
  /** The weekly rule with its exceptions (cancelled dates, moved occurrences). */
  schedule: GroupSchedule;
  sponsorIds: string[];
  createdAt: number;
}

export interface MembershipRecord {
  groupId: string;
  accountId: string;
  /** Random per membership: what the room sees instead of any account id. */
  memberRef: string;
  alias: string;
  aliasKey: string;
  role: GroupRole;
  normsAcceptedAt: number | null;
  joinedAt: number;
  status: 'active' | 'banned';
}

export interface GroupStore {
  saveGroup(group: GroupRecord): Promise<void>;
  getGroup(groupId: string): Promise<GroupRecord | null>;
  listGroupIds(): Promise<string[]>;
  /** Atomic: the alias key must be free in the group and the account not yet a member. */
  addMembership(membership: MembershipRecord): Promise<'added' | 'alias_taken' | 'already_member'>;
  getMembership(groupId: string, accountId: string): Promise<MembershipRecord | null>;
  changeAlias(groupId: string, accountId: string, alias: string, aliasKey: string): Promise<'changed' | 'alias_taken' | 'not_member'>;
  removeMembership(groupId: string, accountId: string): Promise<void>;
  /** Sets a membership's status (a ban). Answers false when there is no such membership. */
  setMembershipStatus(groupId: string, accountId: string, status: MembershipRecord['status']): Promise<boolean>;
  /** The membership behind a per-group member ref, or null. */
  membershipByRef(groupId: string, memberRef: string): Promise<MembershipRecord | null>;
  /** Groups the account has a membership in (any status). */
  groupIdsOf(accountId: string): Promise<string[]>;
  /** Account ids holding a membership in the group (any role or status): whom a schedule change is told to. */
  memberAccountIds(groupId: string): Promise<string[]>;
}
