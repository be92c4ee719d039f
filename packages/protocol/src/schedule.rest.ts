/**
 * The schedule part of the REST contract: platform admins create and edit groups and their
 * schedules and assign facilitators; a group's facilitators list, cancel, restore and move occurrences,
 * open a lobby early and extend a session within the limit.
 */
import { emptyBody, groupParams, noParams, sessionParams } from './rest.schemas';
import {
  assignFacilitatorBody, cancelOccurrenceBody, createGroupBody, extendSessionBody, moveOccurrenceBody, restoreOccurrenceBody, updateGroupBody,
} from './schedule.schemas';
import type { OccurrenceView } from './schedule.views';
import type { GroupDetailView, SessionView } from './views';

export const scheduleRestRoutes = {
  adminListGroups: { method: 'GET', path: '/api/admin/groups', params: noParams, body: emptyBody },
  adminCreateGroup: { method: 'POST', path: '/api/admin/groups', params: noParams, body: createGroupBody },
  adminUpdateGroup: { method: 'PATCH', path: '/api/admin/groups/:groupId', params: groupParams, body: updateGroupBody },
  adminAssignFacilitator: { method: 'POST', path: '/api/admin/groups/:groupId/facilitators', params: groupParams, body: assignFacilitatorBody },
  listOccurrences: { method: 'GET', path: '/api/groups/:groupId/occurrences', params: groupParams, body: emptyBody },
  cancelOccurrence: { method: 'POST', path: '/api/groups/:groupId/schedule/cancellations', params: groupParams, body: cancelOccurrenceBody },
  moveOccurrence: { method: 'POST', path: '/api/groups/:groupId/schedule/moves', params: groupParams, body: moveOccurrenceBody },
  restoreOccurrence: { method: 'POST', path: '/api/groups/:groupId/schedule/restorations', params: groupParams, body: restoreOccurrenceBody },
  openLobbyEarly: { method: 'POST', path: '/api/sessions/:sessionId/lobby', params: sessionParams, body: emptyBody },
  extendSession: { method: 'POST', path: '/api/sessions/:sessionId/extension', params: sessionParams, body: extendSessionBody },
} as const;

export type ScheduleRouteName = keyof typeof scheduleRestRoutes;

export interface ScheduleRouteResults {
  adminListGroups: { groups: (GroupDetailView & { anchorDate: string })[] };
  adminCreateGroup: { group: GroupDetailView };
  adminUpdateGroup: { group: GroupDetailView };
  adminAssignFacilitator: { alias: string };
  listOccurrences: { occurrences: OccurrenceView[] };
  cancelOccurrence: { occurrences: OccurrenceView[] };
  moveOccurrence: { occurrences: OccurrenceView[] };
  restoreOccurrence: { occurrences: OccurrenceView[] };
  openLobbyEarly: { session: SessionView };
  extendSession: { session: SessionView; extendedMinutes: number };
}
