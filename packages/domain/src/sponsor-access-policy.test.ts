import { sponsorRestRoutes } from '@respite/protocol';
import { decideAccess, eventPolicy, routePolicy } from './access-policy';

describe('the sponsor rows of the access policy', () => {
  const sponsorRoutes = Object.keys(sponsorRestRoutes).filter((name) => name !== 'releaseSeat') as (keyof typeof routePolicy)[];

  it('lets a sponsor administrator linked to a sponsor use every sponsor route', () => {
    for (const name of sponsorRoutes) expect([name, decideAccess(routePolicy[name], { roles: ['sponsor_admin'], sponsorId: 'sponsor-1' })]).toEqual([name, { allowed: true }]);
  });

  it('refuses a sponsor administrator with no sponsor link, and every other role', () => {
    for (const name of sponsorRoutes) {
      expect(decideAccess(routePolicy[name], { roles: ['sponsor_admin'], sponsorId: null })).toEqual({ allowed: false, reason: 'forbidden' });
      for (const role of ['member', 'facilitator', 'platform_admin'] as const) {
        expect(decideAccess(routePolicy[name], { roles: [role], sponsorId: 'sponsor-1' })).toEqual({ allowed: false, reason: 'forbidden' });
      }
      expect(decideAccess(routePolicy[name], { roles: null })).toEqual({ allowed: false, reason: 'unauthenticated' });
    }
  });

  it('lets only members give up a seat', () => {
    expect(decideAccess(routePolicy.releaseSeat, { roles: ['member'] })).toEqual({ allowed: true });
    expect(decideAccess(routePolicy.releaseSeat, { roles: ['sponsor_admin'], sponsorId: 'sponsor-1' })).toEqual({ allowed: false, reason: 'forbidden' });
  });

  it('gives a sponsor administrator no socket event at all', () => {
    for (const [name, rule] of Object.entries(eventPolicy)) {
      // A sponsor administrator never has a relation to a group: the hub resolves them as an outsider.
      expect([name, decideAccess(rule, { roles: ['sponsor_admin'], sponsorId: 'sponsor-1', relation: 'outsider', sessionState: 'live' }).allowed]).toEqual([name, false]);
    }
  });
});
