/**
 * Abuse: a member cannot take an alias that reads as the facilitator's ("Facilitator Sam") by
 * swapping in look-alike letters from other scripts or invisible characters. Over real HTTP on the
 * real Redis, through the join route the web app uses (change-alias shares the same alias key).
 */
import { type TestHub, callApi, signUpMember, startTestHub } from '../testing/hub-harness';

const imitations: [string, string][] = [
  ['a Cyrillic S', 'Facilitator \u0405am'],
  ['Cyrillic a letters', 'F\u0430cilit\u0430tor S\u0430m'],
  ['a Greek omicron', 'Facilitat\u03BFr Sam'],
  ['a combining grapheme joiner', 'Facili\u034Ftator Sam'],
  ['a zero-width space', 'Facilitator\u200B Sam'],
  ['a right-to-left override', 'Facilitator \u202ESam'],
];

describe('aliases that imitate the facilitator are refused', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(() => hub.stop());

  it.each(imitations)('joining with %s', async (_name, alias) => {
    const member = await signUpMember(hub, { join: false });
    const answer = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/membership`, { alias, acceptNorms: true }, member.cookie);
    expect(answer.body.ok).toBe(false);
    // conflict (the alias key is taken) or bad_request (the schema refuses invisible characters): never a seat under that name.
    expect(['conflict', 'bad_request']).toContain(answer.body.ok ? null : answer.body.error.code);
  });

  it('still lets a member choose an alias that merely resembles it', async () => {
    const member = await signUpMember(hub, { join: false });
    const answer = await callApi(hub, 'POST', `/api/groups/${hub.demo.groupId}/membership`, { alias: 'Facilitator Sarn', acceptNorms: true }, member.cookie);
    expect(answer.body.ok).toBe(true);
  });
});
