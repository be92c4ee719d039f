/**
 * Sponsor routes: thin edges over SponsorService. The sponsor comes from the access decision
 * (the administrator's own link), never from the request, so one sponsor cannot name another.
 */
import type { SponsorService } from '../services/sponsor.service';
import { ServiceError } from '../services/service-error';
import type { GrantedAccess } from '../services/access.service';
import type { RouteHandlers } from './api-router';

type SponsorRoutes = Pick<RouteHandlers,
  'listSponsorInvites' | 'createSponsorInvite' | 'setSponsorInviteStatus' | 'listSponsorGroups' | 'getSponsorReport' |
  'exportSponsorReport' | 'getSponsorCalendarFeed' | 'rotateSponsorCalendarFeed' | 'getSponsorSettings' | 'updateSponsorSettings' | 'releaseSeat'>;

function sponsorOf(granted: GrantedAccess): string {
  if (!granted.sponsorId) throw new ServiceError('forbidden', 'You do not have access to this.');
  return granted.sponsorId;
}

export function sponsorRoutes(deps: { sponsors: SponsorService }): SponsorRoutes {
  const { sponsors } = deps;
  return {
    listSponsorInvites: async ({ granted }) => ({ invites: await sponsors.listInvites(sponsorOf(granted)) }),
    createSponsorInvite: async ({ granted, body }) => ({ invite: await sponsors.createInvite(sponsorOf(granted), body) }),
    setSponsorInviteStatus: async ({ granted, params, body }) => ({ invite: await sponsors.setInviteStatus(sponsorOf(granted), params.code, body.status) }),
    listSponsorGroups: async ({ granted }) => ({ groups: await sponsors.listGroups(sponsorOf(granted)) }),
    getSponsorReport: async ({ granted }) => ({ report: await sponsors.report(sponsorOf(granted)) }),
    exportSponsorReport: async ({ granted }) => sponsors.exportCsv(sponsorOf(granted)),
    getSponsorCalendarFeed: async ({ granted }) => ({ feed: await sponsors.calendarFeed(sponsorOf(granted)) }),
    rotateSponsorCalendarFeed: async ({ granted }) => ({ feed: await sponsors.rotateCalendarFeed(sponsorOf(granted)) }),
    getSponsorSettings: async ({ granted }) => ({ settings: await sponsors.settings(sponsorOf(granted)) }),
    updateSponsorSettings: async ({ granted, body }) => ({ settings: await sponsors.updateSettings(sponsorOf(granted), body) }),
    releaseSeat: async ({ accountId, params }) => {
      await sponsors.releaseSeat(accountId, params.sponsorId);
      return {};
    },
  };
}
