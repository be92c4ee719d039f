/**
 * A member's private calendar feed: see whether it is on, make or rotate it (the URL with its
 * secret is shown only then), choose whether titles name the group, or revoke it.
 */
import { z } from 'zod';
import { emptyBody, noParams } from './rest.schemas';

export const rotateMemberCalendarFeedBody = z.strictObject({ showGroupNames: z.boolean() });

export const memberCalendarRestRoutes = {
  getMyCalendarFeed: { method: 'GET', path: '/api/me/calendar-feed', params: noParams, body: emptyBody },
  rotateMyCalendarFeed: { method: 'POST', path: '/api/me/calendar-feed', params: noParams, body: rotateMemberCalendarFeedBody },
  revokeMyCalendarFeed: { method: 'DELETE', path: '/api/me/calendar-feed', params: noParams, body: emptyBody },
} as const;

export type MemberCalendarRouteName = keyof typeof memberCalendarRestRoutes;

export interface MemberCalendarFeedView {
  active: boolean;
  /** Path with the secret (`/calendar/member/<secret>.ics`): only in the answer that made it. */
  url: string | null;
  showGroupNames: boolean;
  createdAt: string | null;
}

export interface MemberCalendarRouteResults {
  getMyCalendarFeed: { feed: MemberCalendarFeedView };
  rotateMyCalendarFeed: { feed: MemberCalendarFeedView };
  revokeMyCalendarFeed: { feed: MemberCalendarFeedView };
}
