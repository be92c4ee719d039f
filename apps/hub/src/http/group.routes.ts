/** Groups, memberships and sessions as members see them. */
import type { GroupService } from '../services/group.service';
import { ServiceError } from '../services/service-error';
import { toMembershipView, toSessionView } from '../services/view-mapping';
import type { RouteHandlers } from './api-router';

type GroupRoutes = Pick<RouteHandlers, 'listGroups' | 'getGroup' | 'joinGroup' | 'changeAlias' | 'leaveGroup' | 'suggestAlias' | 'getSession'>;

export function groupRoutes(deps: { groups: GroupService; groupName: (groupId: string) => Promise<string> }): GroupRoutes {
  const { groups } = deps;
  return {
    listGroups: async ({ accountId }) => ({ groups: await groups.listGroups(accountId) }),
    getGroup: async ({ accountId, params }) => ({ group: await groups.getGroup(accountId, params.groupId) }),
    joinGroup: async ({ accountId, params, body }) => ({ membership: await groups.join(accountId, params.groupId, body.alias) }),
    changeAlias: async ({ accountId, params, body }) => ({ membership: await groups.changeAlias(accountId, params.groupId, body.alias) }),
    leaveGroup: async ({ accountId, params }) => {
      await groups.leave(accountId, params.groupId);
      return {};
    },
    suggestAlias: async () => ({ alias: groups.suggestAlias() }),
    getSession: async ({ granted }) => {
      const session = granted.session;
      if (!session) throw new ServiceError('not_found', 'That session does not exist.');
      return {
        session: toSessionView(session),
        groupName: await deps.groupName(session.groupId),
        membership: granted.membership ? toMembershipView(granted.membership) : null,
      };
    },
  };
}
