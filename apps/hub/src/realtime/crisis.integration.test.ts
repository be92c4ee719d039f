/**
 * The crisis pathway over real sockets: words that signal risk, and the support button, reach the
 * sender (resources) and the session's facilitators (an alert) and nobody else. Neither the alert,
 * the moderation record, the logs nor any durable key holds the message text. A private check-in
 * reaches the member and the facilitators only, and is erased when the session closes.
 */
import { keysWithPrefix, valuesOfKey } from '../testing/redis-test-env';
import { type TestHub, collect, nextEvent, pause, request } from '../testing/hub-harness';
import { type InRoom, newMemberInRoom, useModerationRoom } from '../testing/moderation-fixtures';

describe('the crisis pathway (real sockets, real Redis)', () => {
  const room = useModerationRoom();
  const { track } = room;
  let hub: TestHub;
  let facilitator: InRoom;
  let sessionId: string;
  beforeAll(() => ({ hub, facilitator, sessionId } = room));

  /** Keys of this hub (everything it writes is under its prefix) whose name or value holds `needle`. */
  async function hubKeysHolding(needle: string): Promise<string[]> {
    const redis = hub.redis!.durable;
    const found: string[] = [];
    for (const key of await keysWithPrefix(redis, hub.keyPrefix)) {
      if (key.includes(needle) || (await valuesOfKey(redis, key)).some((value) => value.includes(needle))) found.push(key);
    }
    return found;
  }


  it('answers risky words with resources to the sender and an alert to the facilitators only, without the text', async () => {
    const sender = track(await newMemberInRoom(hub));
    const bystander = track(await newMemberInRoom(hub));
    const canary = `canary${Date.now()}`;
    const text = `I want to kill myself tonight ${canary}`;
    const bystanderSaw = [...['crisis:alerted', 'crisis:resources'].map((event) => collect(bystander.socket, event))];
    const resources = nextEvent(sender.socket, 'crisis:resources');
    const alert = nextEvent(facilitator.socket, 'crisis:alerted');
    const senderAlerts = collect(sender.socket, 'crisis:alerted');
    expect(await request(sender.socket, 'message:send', { sessionId, clientId: `crisis-${Date.now()}`, text })).toMatchObject({ ok: true });
    const shown = await resources;
    expect(shown.resources.map((resource: { detail: string }) => resource.detail).join(' ')).toMatch(/988/);
    expect(shown.resources.map((resource: { detail: string }) => resource.detail).join(' ')).toMatch(/1-888-409-0141/);
    const alerted = await alert;
    expect(alerted).toEqual({ sessionId, alertId: expect.any(String), memberRef: sender.memberRef, alias: sender.alias, source: 'message', at: expect.any(String) });
    expect(JSON.stringify(alerted)).not.toContain(canary);
    await pause(200);
    expect(bystanderSaw.flat()).toEqual([]);
    expect(senderAlerts).toEqual([]);

    const record = await fetch(`${hub.url}/api/groups/${hub.demo.groupId}/moderation-record`, { headers: { origin: hub.origin, cookie: facilitator.cookie } }).then((response) => response.json());
    // The alert is live only: the durable record keeps facilitators' actions, never who was in crisis.
    expect(record.ok).toBe(true);
    expect(JSON.stringify(record)).not.toContain('crisis');
    expect(JSON.stringify(record)).not.toContain(sender.alias);
    expect(JSON.stringify(record)).not.toContain(canary);
    expect(hub.logs.join('\n')).not.toContain(canary);
    // The text lives only in the session's ephemeral message stream.
    const holding = await hubKeysHolding(canary);
    expect(holding).toEqual([`${hub.keyPrefix}eph:session:{${sessionId}}:messages`]);
  });

  it('does not alarm on clinical talk', async () => {
    const sender = track(await newMemberInRoom(hub));
    const alerts = collect(facilitator.socket, 'crisis:alerted');
    const resources = collect(sender.socket, 'crisis:resources');
    await request(sender.socket, 'message:send', { sessionId, clientId: `clinical-${Date.now()}`, text: 'My patient overdosed last night and I keep replaying it.' });
    await pause(200);
    expect([alerts, resources]).toEqual([[], []]);
  });

  it('answers the support button at once with resources, tells the facilitators, and nobody else', async () => {
    const member = track(await newMemberInRoom(hub));
    const bystander = track(await newMemberInRoom(hub));
    const bystanderSaw = collect(bystander.socket, 'crisis:alerted');
    const alert = nextEvent(facilitator.socket, 'crisis:alerted');
    const answer = await request(member.socket, 'support:request', { sessionId });
    expect(answer.ok && answer.data.resources.length).toBeGreaterThanOrEqual(3);
    expect(await alert).toMatchObject({ memberRef: member.memberRef, alias: member.alias, source: 'support_button' });
    await pause(150);
    expect(bystanderSaw).toEqual([]);
  });

  it('opens a private check-in that only the member and the facilitators see, erased at close', async () => {
    const member = track(await newMemberInRoom(hub));
    const bystander = track(await newMemberInRoom(hub));
    const bystanderSaw = [collect(bystander.socket, 'check-in:opened'), collect(bystander.socket, 'check-in:posted')];
    const opened = nextEvent(member.socket, 'check-in:opened');
    expect(await request(facilitator.socket, 'check-in:open', { sessionId, memberRef: member.memberRef })).toEqual({ ok: true, data: {} });
    expect(await opened).toEqual({ sessionId, memberRef: member.memberRef, alias: member.alias });
    const toFacilitator = nextEvent(facilitator.socket, 'check-in:posted');
    await request(member.socket, 'check-in:send', { sessionId, memberRef: member.memberRef, text: 'thank you, I am safe for now' });
    expect(await toFacilitator).toMatchObject({ memberRef: member.memberRef, fromAlias: member.alias, text: 'thank you, I am safe for now' });
    // A member cannot write into someone else's check-in.
    expect(await request(bystander.socket, 'check-in:send', { sessionId, memberRef: member.memberRef, text: 'hi' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await pause(150);
    expect(bystanderSaw.flat()).toEqual([]);
    await hub.app.services.lifecycle.close(sessionId, 'ended_by_facilitator');
    expect(await hub.stores.roomModeration.listCheckInMessages(sessionId)).toEqual([]);
    expect(await hubKeysHolding('I am safe for now')).toEqual([]);
  });
});
