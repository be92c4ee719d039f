/**
 * Schedule management routes: thin edges over ScheduleService. The access policy has already
 * checked the role (platform admin) or the relation (the group's facilitator) and the session state.
 */
import type { ScheduleService } from '../services/schedule.service';
import { ServiceError } from '../services/service-error';
import type { GrantedAccess } from '../services/access.service';
import type { RouteHandlers } from './api-router';

type ScheduleRoutes = Pick<RouteHandlers,
  'adminListGroups' | 'adminCreateGroup' | 'adminUpdateGroup' | 'adminAssignFacilitator' | 'listOccurrences' |
  'cancelOccurrence' | 'moveOccurrence' | 'restoreOccurrence' | 'openLobbyEarly' | 'extendSession'>;

function sessionOf(granted: GrantedAccess) {
  if (!granted.session) throw new ServiceError('not_found', 'That session does not exist.');
  return granted.session;
}

export function scheduleRoutes(deps: { schedules: ScheduleService }): ScheduleRoutes {
  const { schedules } = deps;
  return {
    adminListGroups: async () => ({ groups: await schedules.adminListGroups() }),
    adminCreateGroup: async ({ body }) => ({ group: await schedules.createGroup(body) }),
    adminUpdateGroup: async ({ params, body }) => ({ group: await schedules.updateGroup(params.groupId, body) }),
    adminAssignFacilitator: async ({ params, body }) => schedules.assignFacilitator(params.groupId, body.handle),
    listOccurrences: async ({ params }) => ({ occurrences: await schedules.listOccurrences(params.groupId) }),
    cancelOccurrence: async ({ params, body }) => ({ occurrences: await schedules.cancelOccurrence(params.groupId, body.localDate) }),
    moveOccurrence: async ({ params, body }) => ({ occurrences: await schedules.moveOccurrence(params.groupId, body) }),
    restoreOccurrence: async ({ params, body }) => ({ occurrences: await schedules.restoreOccurrence(params.groupId, body.localDate) }),
    openLobbyEarly: async ({ granted }) => ({ session: await schedules.openLobbyEarly(sessionOf(granted)) }),
    extendSession: async ({ granted, body }) => schedules.extendSession(sessionOf(granted), body.minutes),
  };
}
