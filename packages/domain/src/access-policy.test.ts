import { clientEventNames, routeNames } from '@respite/protocol';
import { type AccessRule, decideAccess, eventPolicy, groupRelations, routePolicy } from './access-policy';

describe('the access policy', () => {
  it('has exactly one rule for every REST route and every socket event of the contract', () => {
    expect(Object.keys(routePolicy).sort()).toEqual([...routeNames].sort());
    expect(Object.keys(eventPolicy).sort()).toEqual([...clientEventNames].sort());
  });

  it('never lets a banned person or an outsider act on a group or session', () => {
    for (const rule of [...Object.values(routePolicy), ...Object.values(eventPolicy)] as AccessRule[]) {
      if (rule.scope !== 'group' && rule.scope !== 'session') continue;
      expect(rule.relations).not.toContain('banned');
      expect(rule.relations).not.toContain('outsider');
    }
  });

  it('asks signed-out people to sign in for everything but the public routes', () => {
    for (const [name, rule] of Object.entries(routePolicy)) {
      const decision = decideAccess(rule, { roles: null });
      expect([name, decision.allowed]).toEqual([name, rule.scope === 'public']);
    }
  });

  it('lets members talk only while the session is live or closing', () => {
    const rule = eventPolicy['message:send'];
    const allowedStates = (['scheduled', 'lobby', 'live', 'closing', 'closed'] as const).filter(
      (state) => decideAccess(rule, { roles: ['member'], relation: 'member', sessionState: state }).allowed,
    );
    expect(allowedStates).toEqual(['live', 'closing']);
    expect(decideAccess(rule, { roles: ['member'], relation: 'member', sessionState: 'closed' })).toEqual({ allowed: false, reason: 'session_closed' });
    expect(decideAccess(rule, { roles: ['member'], relation: 'member', sessionState: 'scheduled' })).toEqual({ allowed: false, reason: 'session_not_open' });
  });

  it('lets only facilitators of the group end a session', () => {
    const allowed = groupRelations.filter((relation) => decideAccess(eventPolicy['session:end'], { roles: ['member'], relation, sessionState: 'live' }).allowed);
    expect(allowed).toEqual(['facilitator']);
  });

  it('keeps sponsor administrators out of member routes', () => {
    expect(decideAccess(routePolicy.redeemInvite, { roles: ['sponsor_admin'] })).toEqual({ allowed: false, reason: 'forbidden' });
    expect(decideAccess(routePolicy.listGroups, { roles: ['sponsor_admin'] })).toEqual({ allowed: false, reason: 'forbidden' });
  });
});
