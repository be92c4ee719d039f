/**
 * Onboarding at a hospital, at the production limits and edge setting (real Redis, real argon2 at
 * the hub's real hashing concurrency, the balancer trusted by address): a class of 100 residents
 * signing up from one hospital address within the hour all get in with their sponsor's codes;
 * a flood from one address with invalid or used-up codes is stopped; a sponsor's own figure bounds
 * each of its codes and all of them together, and the sponsor can raise it. Every refusal names
 * the wait in words.
 */
import os from 'node:os';
import { newEntityId } from '../random-ids';
import { rateLimitRules } from '../services/rate-limit-rules';
import { type TestHub, callApi, startTestHub } from '../testing/hub-harness';
import { accountWithRoles } from '../testing/moderation-fixtures';
import { BALANCER_ADDRESS, postFrom } from '../testing/loopback-client';

type Answer = { status: number; headers: Record<string, unknown>; body: { ok: boolean; error?: { code: string; message: string; retryAfterMs?: number } } };

async function inBatches<T>(count: number, batch: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += batch) results.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => run(start + offset)))));
  return results;
}

describe('onboarding a hospital class (production limits, real Redis, real argon2)', () => {
  let hub: TestHub;
  const concurrency = Math.max(1, os.availableParallelism());
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', realRateLimits: true, trustedProxies: [BALANCER_ADDRESS], passphraseHashConcurrency: concurrency });
  });
  afterAll(() => hub.stop());

  /** A sign-up as the balancer forwards it, from the resident's address (the hospital's Wi-Fi). */
  const signUp = (fromAddress: string, inviteCode: string): Promise<Answer> =>
    postFrom(BALANCER_ADDRESS, hub.url, '/api/auth/sign-up', { inviteCode, handle: `resident-${newEntityId()}`.slice(0, 30), passphrase: 'violet tide under quiet hills' }, { 'x-forwarded-for': fromAddress });

  async function newSponsor(codes: { seats: number; seatsUsed?: number }[]): Promise<{ sponsorId: string; codes: string[] }> {
    const sponsorId = newEntityId();
    await hub.stores.sponsors.saveSponsor({ id: sponsorId, name: `Hospital ${sponsorId.slice(0, 6)}`, createdAt: Date.now() });
    const made: string[] = [];
    for (const code of codes) {
      const value = `H${newEntityId().replace(/[^A-Za-z0-9]/g, '').slice(0, 10).toUpperCase()}`;
      await hub.stores.sponsors.saveInvite({
        code: value, sponsorId, seats: code.seats, seatsUsed: code.seatsUsed ?? 0, expiresAt: Date.now() + 86_400_000,
        groupIds: [hub.demo.groupId], status: 'active', createdAt: Date.now(),
      });
      made.push(value);
    }
    return { sponsorId, codes: made };
  }

  it('a class of 100 signing up from one address within the hour, with valid codes of one sponsor, all succeed', async () => {
    const sponsor = await newSponsor([{ seats: 70 }, { seats: 70 }]);
    const started = performance.now();
    // Residents arrive ten at a time, each with the code on their sheet.
    const answers = await inBatches(100, 10, (index) => signUp('198.51.100.20', sponsor.codes[index % 3 === 0 ? 1 : 0]!));
    const seconds = (performance.now() - started) / 1000;
    console.log(`100 sign-ups (200 argon2id hashes at concurrency ${concurrency}) took ${seconds.toFixed(1)} s`);
    expect(answers.map((answer) => answer.body.error?.code ?? 'ok').filter((code) => code !== 'ok')).toEqual([]);
    expect(await hub.stores.sponsors.seatsInUse(sponsor.sponsorId)).toBe(100);
  }, 300_000);

  it('a flood from one address with invalid or used-up codes is stopped, and then even a valid code is refused, with the wait in words', async () => {
    const sponsor = await newSponsor([{ seats: 1, seatsUsed: 1 }, { seats: 50 }]);
    const [usedUp, valid] = sponsor.codes as [string, string];
    const flood = await inBatches(80, 20, (index) => signUp('203.0.113.66', index % 2 === 0 ? usedUp : `WRONG-${index}-CODE`));
    const misses = rateLimitRules.signUpCodeMissesPerAddress.limit;
    expect(flood.filter((answer) => answer.body.error?.code === 'invite_invalid')).toHaveLength(misses);
    const refused = flood.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(80 - misses);
    expect(refused[0]!.body.error?.message).toBe('Too many attempts. Please try again in about an hour.');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(50 * 60);
    const afterFlood = await signUp('203.0.113.66', valid);
    expect(afterFlood.body.error?.code).toBe('rate_limited');
    // The hospital next door, behind the same balancer, is not held by the flood.
    expect((await signUp('203.0.113.67', valid)).body.ok).toBe(true);
  }, 120_000);

  it("a sponsor's own figure bounds each code and all its codes together; the sponsor raises it and the class goes on", async () => {
    const sponsor = await newSponsor([{ seats: 60 }, { seats: 60 }, { seats: 60 }, { seats: 60 }]);
    const admin = await accountWithRoles(hub, ['sponsor_admin']);
    await hub.stores.sponsors.setAdmin(admin.accountId, sponsor.sponsorId);
    expect((await callApi(hub, 'GET', '/api/sponsor/settings', undefined, admin.cookie)).body).toMatchObject({ ok: true, data: { settings: { signUpsPerHour: 120, signUpsPerHourAllCodes: 360 } } });
    for (const signUpsPerHour of [9, 2001, 12.5]) {
      expect((await callApi(hub, 'PATCH', '/api/sponsor/settings', { signUpsPerHour }, admin.cookie)).body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect((await callApi(hub, 'PATCH', '/api/sponsor/settings', { signUpsPerHour: 10 }, admin.cookie)).body).toMatchObject({ ok: true, data: { settings: { signUpsPerHour: 10, signUpsPerHourAllCodes: 30 } } });
    const [a, b, c, d] = sponsor.codes as [string, string, string, string];
    const address = '198.51.100.40';
    const onA = await inBatches(11, 11, () => signUp(address, a));
    expect(onA.filter((answer) => answer.body.ok)).toHaveLength(10);
    const overCode = onA.find((answer) => !answer.body.ok)!;
    expect(overCode.body.error).toMatchObject({ code: 'rate_limited', message: 'Too many attempts. Please try again in about an hour.' });
    // The sponsor's other codes go on, up to three times the figure in all.
    expect((await inBatches(10, 10, () => signUp(address, b))).every((answer) => answer.body.ok)).toBe(true);
    expect((await inBatches(10, 10, () => signUp(address, c))).every((answer) => answer.body.ok)).toBe(true);
    expect((await signUp(address, d)).body.error?.code).toBe('rate_limited');
    // Onboarding day: the sponsor raises its figure, and the residents who were turned away get in.
    expect((await callApi(hub, 'PATCH', '/api/sponsor/settings', { signUpsPerHour: 200 }, admin.cookie)).body.ok).toBe(true);
    expect((await signUp(address, d)).body.ok).toBe(true);
    expect((await signUp(address, a)).body.ok).toBe(true);
    expect(await hub.stores.sponsors.seatsInUse(sponsor.sponsorId)).toBe(32);
  }, 120_000);
});
