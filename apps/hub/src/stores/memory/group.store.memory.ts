/** In-memory groups and memberships. */
import type { GroupRecord, GroupStore, MembershipRecord } from '../group.store';

export class MemoryGroupStore implements GroupStore {
  private readonly groups = new Map<string, GroupRecord>();
  /** groupId → accountId → membership */
  private readonly memberships = new Map<string, Map<string, MembershipRecord>>();

  async saveGroup(group: GroupRecord): Promise<void> {
    this.groups.set(group.id, structuredClone(group));
  }

  async getGroup(groupId: string): Promise<GroupRecord | null> {
    const group = this.groups.get(groupId);
    return group ? structuredClone(group) : null;
  }

  async listGroupIds(): Promise<string[]> {
    return [...this.groups.keys()];
  }

  private membersOf(groupId: string): Map<string, MembershipRecord> {
    let members = this.memberships.get(groupId);
    if (!members) {
      members = new Map();
      this.memberships.set(groupId, members);
    }
    return members;
  }

  async addMembership(membership: MembershipRecord): Promise<'added' | 'alias_taken' | 'already_member'> {
    const members = this.membersOf(membership.groupId);
    if (members.has(membership.accountId)) return 'already_member';
    for (const other of members.values()) if (other.aliasKey === membership.aliasKey) return 'alias_taken';
    members.set(membership.accountId, structuredClone(membership));
    return 'added';
  }

  async getMembership(groupId: string, accountId: string): Promise<MembershipRecord | null> {
    const membership = this.memberships.get(groupId)?.get(accountId);
    return membership ? structuredClone(membership) : null;
  }

  async changeAlias(groupId: string, accountId: string, alias: string, aliasKey: string): Promise<'changed' | 'alias_taken' | 'not_member'> {
    const members = this.membersOf(groupId);
    const membership = members.get(accountId);
    if (!membership) return 'not_member';
    for (const other of members.values()) {
      if (other.accountId !== accountId && other.aliasKey === aliasKey) return 'alias_taken';
    }
    members.set(accountId, { ...membership, alias, aliasKey });
    return 'changed';
  }

  async removeMembership(groupId: string, accountId: string): Promise<void> {
    this.memberships.get(groupId)?.delete(accountId);
  }

  async setMembershipStatus(groupId: string, accountId: string, status: MembershipRecord['status']): Promise<boolean> {
    const membership = this.membersOf(groupId).get(accountId);
    if (!membership) return false;
    membership.status = status;
    return true;
  }

  async membershipByRef(groupId: string, memberRef: string): Promise<MembershipRecord | null> {
    for (const membership of this.membersOf(groupId).values()) if (membership.memberRef === memberRef) return { ...membership };
    return null;
  }

  async groupIdsOf(accountId: string): Promise<string[]> {
    return [...this.memberships].filter(([, members]) => members.has(accountId)).map(([groupId]) => groupId);
  }

  async memberAccountIds(groupId: string): Promise<string[]> {
    return [...this.membersOf(groupId).keys()];
  }
}
