import { facilitatorEventNames, memberToolEventNames } from '@respite/protocol';
import { decideAccess, eventPolicy, groupRelations } from './access-policy';

const allowedRelations = (event: keyof typeof eventPolicy) =>
  groupRelations.filter((relation) => decideAccess(eventPolicy[event], { roles: ['member'], relation, sessionState: 'live' }).allowed);

describe('the moderation rows of the access policy', () => {
  it.each(facilitatorEventNames)('lets only facilitators of the group %s', (event) => {
    expect(allowedRelations(event)).toEqual(['facilitator']);
  });

  it.each(memberToolEventNames)('gives %s to members and facilitators, and to nobody else', (event) => {
    expect(allowedRelations(event)).toEqual(['member', 'facilitator']);
  });

  it('refuses every moderation event once the session is closed, and lets the support button work in the lobby', () => {
    for (const event of [...facilitatorEventNames, ...memberToolEventNames]) {
      expect(decideAccess(eventPolicy[event], { roles: ['facilitator'], relation: 'facilitator', sessionState: 'closed' })).toEqual({ allowed: false, reason: 'session_closed' });
    }
    expect(decideAccess(eventPolicy['support:request'], { roles: ['member'], relation: 'member', sessionState: 'lobby' }).allowed).toBe(true);
  });
});
