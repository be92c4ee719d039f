/**
 * The sponsor part of the REST contract: a sponsor administrator's codes, groups, totals and
 * calendar feed, and a member giving up a seat. Sponsor routes carry no sponsor id: the hub
 * derives the sponsor from the signed-in administrator, so one sponsor can never name another.
 */
import { emptyBody, noParams } from './rest.schemas';
import { createSponsorInviteBody, setSponsorInviteStatusBody, sponsorInviteParams, sponsorParams, updateSponsorSettingsBody } from './sponsor.schemas';
import type { SponsorCalendarFeedView, SponsorGroupView, SponsorInviteView, SponsorReportView, SponsorSettingsView } from './sponsor.views';

export const sponsorRestRoutes = {
  listSponsorInvites: { method: 'GET', path: '/api/sponsor/invites', params: noParams, body: emptyBody },
  createSponsorInvite: { method: 'POST', path: '/api/sponsor/invites', params: noParams, body: createSponsorInviteBody },
  setSponsorInviteStatus: { method: 'PATCH', path: '/api/sponsor/invites/:code', params: sponsorInviteParams, body: setSponsorInviteStatusBody },
  listSponsorGroups: { method: 'GET', path: '/api/sponsor/groups', params: noParams, body: emptyBody },
  getSponsorReport: { method: 'GET', path: '/api/sponsor/report', params: noParams, body: emptyBody },
  exportSponsorReport: { method: 'GET', path: '/api/sponsor/report/export', params: noParams, body: emptyBody },
  getSponsorCalendarFeed: { method: 'GET', path: '/api/sponsor/calendar-feed', params: noParams, body: emptyBody },
  rotateSponsorCalendarFeed: { method: 'POST', path: '/api/sponsor/calendar-feed', params: noParams, body: emptyBody },
  getSponsorSettings: { method: 'GET', path: '/api/sponsor/settings', params: noParams, body: emptyBody },
  updateSponsorSettings: { method: 'PATCH', path: '/api/sponsor/settings', params: noParams, body: updateSponsorSettingsBody },
  releaseSeat: { method: 'DELETE', path: '/api/me/seats/:sponsorId', params: sponsorParams, body: emptyBody },
} as const;

export type SponsorRouteName = keyof typeof sponsorRestRoutes;

export interface SponsorRouteResults {
  listSponsorInvites: { invites: SponsorInviteView[] };
  createSponsorInvite: { invite: SponsorInviteView };
  setSponsorInviteStatus: { invite: SponsorInviteView };
  listSponsorGroups: { groups: SponsorGroupView[] };
  getSponsorReport: { report: SponsorReportView };
  /** The same totals as CSV text, for a download. */
  exportSponsorReport: { fileName: string; csv: string };
  getSponsorCalendarFeed: { feed: SponsorCalendarFeedView };
  rotateSponsorCalendarFeed: { feed: SponsorCalendarFeedView };
  getSponsorSettings: { settings: SponsorSettingsView };
  updateSponsorSettings: { settings: SponsorSettingsView };
  releaseSeat: Record<string, never>;
}
