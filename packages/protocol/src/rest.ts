/**
 * The REST contract: every route under /api with its method, path, body and params schemas.
 * The hub mounts routes from this table; the web client calls them by name.
 */
import type { z } from 'zod';
import {
  changeAliasBody, changePassphraseBody, deleteAccountBody, emptyBody, groupParams, joinGroupBody, noParams, recoverBody,
  redeemInviteBody, renewRecoveryCodeBody, sessionParams, signInBody, signUpBody, updateAccountBody,
} from './rest.schemas';
import { type ModerationRouteResults, moderationRestRoutes } from './moderation.rest';
import { type SponsorRouteResults, sponsorRestRoutes } from './sponsor.rest';
import { type ScheduleRouteResults, scheduleRestRoutes } from './schedule.rest';
import { type SeatRouteResults, seatRestRoutes } from './seat.rest';
import { type MemberCalendarRouteResults, memberCalendarRestRoutes } from './member-calendar.rest';
import type { AccountView, GroupDetailView, GroupSummaryView, MembershipView, SessionView } from './views';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContract {
  method: Method;
  path: string;
  params: z.ZodType;
  body: z.ZodType;
}

export const restRoutes = {
  signUp: { method: 'POST', path: '/api/auth/sign-up', params: noParams, body: signUpBody },
  signIn: { method: 'POST', path: '/api/auth/sign-in', params: noParams, body: signInBody },
  signOut: { method: 'POST', path: '/api/auth/sign-out', params: noParams, body: emptyBody },
  recover: { method: 'POST', path: '/api/auth/recover', params: noParams, body: recoverBody },
  getAccount: { method: 'GET', path: '/api/me', params: noParams, body: emptyBody },
  updateAccount: { method: 'PATCH', path: '/api/me', params: noParams, body: updateAccountBody },
  deleteAccount: { method: 'POST', path: '/api/me/delete', params: noParams, body: deleteAccountBody },
  redeemInvite: { method: 'POST', path: '/api/me/invites', params: noParams, body: redeemInviteBody },
  changePassphrase: { method: 'POST', path: '/api/me/passphrase', params: noParams, body: changePassphraseBody },
  renewRecoveryCode: { method: 'POST', path: '/api/me/recovery-code', params: noParams, body: renewRecoveryCodeBody },
  signOutEverywhere: { method: 'POST', path: '/api/me/sign-out-everywhere', params: noParams, body: emptyBody },
  listGroups: { method: 'GET', path: '/api/groups', params: noParams, body: emptyBody },
  getGroup: { method: 'GET', path: '/api/groups/:groupId', params: groupParams, body: emptyBody },
  joinGroup: { method: 'POST', path: '/api/groups/:groupId/membership', params: groupParams, body: joinGroupBody },
  changeAlias: { method: 'PATCH', path: '/api/groups/:groupId/membership', params: groupParams, body: changeAliasBody },
  leaveGroup: { method: 'DELETE', path: '/api/groups/:groupId/membership', params: groupParams, body: emptyBody },
  suggestAlias: { method: 'GET', path: '/api/groups/:groupId/alias-suggestion', params: groupParams, body: emptyBody },
  getSession: { method: 'GET', path: '/api/sessions/:sessionId', params: sessionParams, body: emptyBody },
  ...moderationRestRoutes,
  ...sponsorRestRoutes,
  ...scheduleRestRoutes,
  ...seatRestRoutes,
  ...memberCalendarRestRoutes,
} as const satisfies Record<string, RouteContract>;

export type RouteName = keyof typeof restRoutes;
export type RouteBody<R extends RouteName> = z.infer<(typeof restRoutes)[R]['body']>;
export type RouteParams<R extends RouteName> = z.infer<(typeof restRoutes)[R]['params']>;

export interface RouteResults extends ModerationRouteResults, SponsorRouteResults, ScheduleRouteResults, SeatRouteResults, MemberCalendarRouteResults {
  signUp: { account: AccountView; recoveryCode: string };
  signIn: { account: AccountView };
  signOut: Record<string, never>;
  recover: { recoveryCode: string };
  getAccount: { account: AccountView };
  updateAccount: { account: AccountView };
  deleteAccount: Record<string, never>;
  redeemInvite: { groups: GroupSummaryView[] };
  /** The other sign-ins of the account have ended; this one stays. */
  changePassphrase: Record<string, never>;
  /** Shown once; the previous code no longer works. */
  renewRecoveryCode: { recoveryCode: string };
  /** Every sign-in of the account has ended, this one too (its cookie is cleared). */
  signOutEverywhere: Record<string, never>;
  listGroups: { groups: GroupSummaryView[] };
  getGroup: { group: GroupDetailView };
  joinGroup: { membership: MembershipView };
  changeAlias: { membership: MembershipView };
  leaveGroup: Record<string, never>;
  suggestAlias: { alias: string };
  getSession: { session: SessionView; groupName: string; membership: MembershipView | null };
}

export const routeNames = Object.keys(restRoutes) as RouteName[];

/** Fills `:param` placeholders; used by clients. */
export function routePath(route: RouteName, params: Record<string, string> = {}): string {
  return restRoutes[route].path.replace(/:([A-Za-z]+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
}
