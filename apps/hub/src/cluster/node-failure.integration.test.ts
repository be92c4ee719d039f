/**
 * Several hub processes on loopback share one session through Redis. Members sit on different
 * nodes; one node is killed with SIGKILL mid-conversation, another is drained with SIGTERM. Every
 * acked message then reaches every surviving client exactly once, in order, and nothing is lost.
 */
import { Redis } from 'ioredis';
import { FailoverMember } from '../testing/failover-member';
import { CLUSTER_ORIGIN, type HubProcess, startHubProcess } from '../testing/hub-process';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from '../testing/redis-test-env';

/** Sends per member per test: both tests together stay under the real limit of 20 messages per member per 20 s. */
const ROUNDS = 9;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(url: string, method: string, path: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${url}${path}`, {
    method, headers: { origin: CLUSTER_ORIGIN, ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { body: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

describe('a session spread over three hub processes', () => {
  const keyPrefix = uniqueKeyPrefix();
  const nodes: HubProcess[] = [];
  const members: FailoverMember[] = [];
  const redis = new Redis(testRedisUrl);
  let sessionId = '';

  beforeAll(async () => {
    nodes.push(await startHubProcess({ keyPrefix, seedDemo: true, env: { DRAIN_DELAY_MS: '300' } }));
    nodes.push(await startHubProcess({ keyPrefix, env: { DRAIN_DELAY_MS: '300' } }));
    nodes.push(await startHubProcess({ keyPrefix, env: { DRAIN_DELAY_MS: '300' } }));
    const inviteCode = /"inviteCode":"([A-Z0-9-]+)"/.exec(nodes[0]!.logs.join(''))![1]!;
    for (let index = 0; index < 4; index += 1) {
      const node = nodes[index % 3]!;
      const signUp = await api(node.url, 'POST', '/api/auth/sign-up', { inviteCode, handle: `cluster-${index}-${Date.now()}`, passphrase: 'a quiet room across many nodes' });
      const groups = (await api(node.url, 'GET', '/api/groups', undefined, signUp.cookie)).body.data.groups;
      const group = groups[0];
      sessionId = group.nextSession.id;
      await api(node.url, 'POST', `/api/groups/${group.id}/membership`, { alias: null, acceptNorms: true }, signUp.cookie);
      members.push(new FailoverMember(`m${index}`, signUp.cookie, sessionId, () => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null).map((n) => n.url), index % 3));
    }
    await Promise.all(members.map((member) => member.connect()));
  }, 90_000);

  afterAll(async () => {
    for (const member of members) member.close();
    for (const node of nodes) if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  async function converse(rounds: number, midway: () => Promise<unknown>): Promise<void> {
    for (let round = 0; round < rounds; round += 1) {
      for (const member of members) member.send();
      if (round === Math.floor(rounds / 2)) await midway();
      await pause(40);
    }
    for (let wait = 0; wait < 100 && members.some((member) => member.pending.size > 0); wait += 1) await pause(100);
    await pause(500);
  }

  async function storedIds(): Promise<string[]> {
    return (await redis.xrange(`${keyPrefix}eph:session:{${sessionId}}:messages`, '-', '+')).map(([id]) => id);
  }

  function expectEveryoneSawExactlyTheStream(stream: string[]): void {
    expect(new Set(stream).size).toBe(stream.length);
    for (const member of members) {
      expect(member.pending.size).toBe(0);
      for (const id of member.acked) expect(stream).toContain(id);
      expect(member.orderedIds()).toEqual(stream);
    }
  }

  it('loses no acked message when a node is killed with SIGKILL mid-conversation', async () => {
    const victim = nodes[0]!;
    let killedAt = 0;
    await converse(ROUNDS, async () => {
      killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await victim.exited;
    });
    const stream = await storedIds();
    expect(stream.length).toBe(ROUNDS * members.length);
    expectEveryoneSawExactlyTheStream(stream);
    const resumes = members.flatMap((member) => member.joinedAt.filter((at) => at > killedAt));
    expect(resumes.length).toBeGreaterThanOrEqual(2); // the victim's two members failed over
    const lastResume = Math.max(...resumes) - killedAt;
    console.log(`after SIGKILL: ${stream.length} messages, every client has all of them once, in order; last client resumed ${lastResume} ms after the kill`);
  }, 60_000);

  it('drains a node on SIGTERM: it exits cleanly and its clients lose nothing', async () => {
    const drained = nodes[1]!;
    const before = (await storedIds()).length;
    let exitCode: number | null = -1;
    await converse(ROUNDS, async () => {
      drained.child.kill('SIGTERM');
      exitCode = await drained.exited;
    });
    expect(exitCode).toBe(0);
    expect(drained.logs.join('')).toContain('"event":"hub.stopped"');
    const stream = await storedIds();
    expect(stream.length - before).toBe(ROUNDS * members.length);
    expectEveryoneSawExactlyTheStream(stream);
  }, 60_000);
});
