/**
 * Abuse of sign-in and sign-up at the production edge setting: the hub trusts X-Forwarded-For only
 * from its balancer's address (TRUSTED_PROXIES; here 127.0.0.1 plays the balancer), and a direct
 * client reaches its port from another address (127.0.0.2) with a forged, rotating header.
 * 1,000 rapid guesses at one account (case variants of the handle included) and 10,000 guesses
 * spread over 1,000 handles are throttled; the forged header gains the direct client nothing, at
 * sign-in or at sign-up; through the balancer each forwarded client is counted on its own. The
 * owner signs in once the window has passed (an injected clock moves the time, so the test does not
 * wait 15 minutes); and unknown handles and wrong passphrases answer alike in status, body and
 * median time (argon2 runs either way).
 */
import { ManualClock } from '../clock';
import { rateLimitRules } from '../services/rate-limit-rules';
import { type TestHub, startTestHub } from '../testing/hub-harness';
import { BALANCER_ADDRESS, DIRECT_CLIENT_ADDRESS, postFrom } from '../testing/loopback-client';

const PASSPHRASE = 'amber meadow under slow rain';
type Answer = { status: number; body: { ok: boolean; error?: { code: string; message: string } } };

async function guess(hub: TestHub, handle: string, passphrase: string, forwardedFor?: string, from = DIRECT_CLIENT_ADDRESS): Promise<Answer> {
  const answer = await postFrom(from, hub.url, '/api/auth/sign-in', { handle, passphrase }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
  return { status: answer.status, body: answer.body };
}

async function inBatches<T>(count: number, batch: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += batch) results.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => run(start + offset)))));
  return results;
}

const answered = (answers: Answer[], code: string) => answers.filter((answer) => answer.body.error?.code === code).length;
const limited = (answers: Answer[]) => answers.filter((answer) => answer.status === 429 && answer.body.error?.code === 'rate_limited').length;

describe('sign-in abuse with the production limits and edge (trusted balancer by address; memory stores, injected clock)', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory', clock, realRateLimits: true, trustedProxies: [BALANCER_ADDRESS] });
  });
  afterAll(() => hub.stop());

  it('the loopback stand-ins work: the hub sees the direct client at its own address', async () => {
    // One answered sign-in from each side; the limits below would be meaningless if both were one address.
    expect((await guess(hub, 'nobody-here-at-all', 'a passphrase to guess', undefined, DIRECT_CLIENT_ADDRESS)).status).toBe(401);
    expect((await guess(hub, 'nobody-here-at-all', 'a passphrase to guess', undefined, BALANCER_ADDRESS)).status).toBe(401);
  });

  it('1,000 rapid guesses at one account are throttled, forged X-Forwarded-For and case variants included; the owner gets back in after the window', async () => {
    clock.advance(16 * 60_000);
    const owner = `owner-${Date.now()}`;
    await hub.stores.accounts.create({
      id: `acct${Date.now()}`, handleDigest: hub.app.services.accounts.handleDigest(owner), passphraseHash: await hub.app.services.hasher.hash(PASSPHRASE),
      recoveryHash: await hub.app.services.hasher.hash('unused-recovery-code'), roles: ['member'], timeZone: null, createdAt: clock.now(),
    });
    const variants = [owner, owner.toUpperCase(), `${owner[0]!.toUpperCase()}${owner.slice(1)}`];
    const answers = await inBatches(1_000, 50, (index) => guess(hub, variants[index % variants.length]!, `wrong guess number ${index}`, `10.0.${index % 250}.${index % 7}`));
    const wrong = answered(answers, 'invalid_credentials');
    expect(wrong).toBeLessThanOrEqual(10);
    expect(wrong + limited(answers)).toBe(1_000);
    // Still throttled with the right passphrase inside the window: a guess cannot be confirmed.
    expect((await guess(hub, owner, PASSPHRASE)).status).toBe(429);
    clock.advance(16 * 60_000);
    expect((await guess(hub, owner, PASSPHRASE)).body.ok).toBe(true);
  }, 120_000);

  it('10,000 guesses over 1,000 handles from one direct client with a rotating forged X-Forwarded-For are throttled at the per-address limit', async () => {
    clock.advance(16 * 60_000);
    const answers = await inBatches(10_000, 500, (index) => guess(hub, `spread-${index % 1_000}`, 'a passphrase to guess', `192.0.2.${index % 250}, 198.51.100.${index % 200}`));
    const wrong = answered(answers, 'invalid_credentials');
    expect(wrong).toBeLessThanOrEqual(rateLimitRules.signInPerAddress.limit);
    expect(limited(answers)).toBe(10_000 - wrong);
  }, 240_000);

  it('through the balancer, each forwarded client is counted on its own, by the address the balancer appended', async () => {
    clock.advance(16 * 60_000);
    const perAddress = rateLimitRules.signInPerAddress.limit;
    // The client forged a first entry; the balancer appended the address it saw (ingress-nginx does
    // so by default): only that last entry, written by a trusted peer, is believed.
    const first = await inBatches(perAddress + 20, 10, (index) => guess(hub, `spread-b-${index}`, 'a passphrase to guess', `203.0.113.${index % 250}, 198.51.100.7`, BALANCER_ADDRESS));
    expect(answered(first, 'invalid_credentials')).toBe(perAddress);
    expect(limited(first)).toBe(20);
    // Another client behind the same balancer is not held by the first one's count,
    expect((await guess(hub, 'spread-b-other', 'a passphrase to guess', '198.51.100.8', BALANCER_ADDRESS)).status).toBe(401);
    // nor is the balancer's own address, nor a direct client.
    expect((await guess(hub, 'spread-b-other', 'a passphrase to guess', undefined, BALANCER_ADDRESS)).status).toBe(401);
  }, 60_000);

  it('sign-up: a direct client with a rotating forged X-Forwarded-For stays within the per-address ceiling and the per-address code misses', async () => {
    clock.advance(61 * 60_000);
    const signUp = (index: number, body: Record<string, unknown>) =>
      postFrom(DIRECT_CLIENT_ADDRESS, hub.url, '/api/auth/sign-up', { handle: `flood-${index}-${Date.now()}`.slice(0, 30), ...body }, { 'x-forwarded-for': `10.9.${index % 250}.${index % 5}` });
    // Invalid codes: cheap to send, no hashing; counted as misses per address.
    const misses = await inBatches(100, 20, (index) => signUp(index, { inviteCode: `NOPE-${index}-CODE`, passphrase: 'a passphrase long enough to pass' }));
    const missLimit = rateLimitRules.signUpCodeMissesPerAddress.limit;
    expect(misses.filter((answer) => answer.body.error?.code === 'invite_invalid')).toHaveLength(missLimit);
    expect(misses.filter((answer) => answer.status === 429)).toHaveLength(100 - missLimit);
    // Once spent, even the valid demo code is refused, before it is looked up: a guess cannot be confirmed.
    expect((await signUp(1000, { inviteCode: hub.demo.inviteCode, passphrase: 'a passphrase long enough to pass' })).status).toBe(429);

    // The flood ceiling counts every sign-up from the address, whatever is wrong with it.
    clock.advance(61 * 60_000);
    const ceiling = rateLimitRules.signUpPerAddress.limit;
    const flood = await inBatches(ceiling + 50, 50, (index) => signUp(index, { inviteCode: hub.demo.inviteCode, passphrase: 'short' }));
    expect(flood.filter((answer) => answer.body.error?.code === 'passphrase_rejected')).toHaveLength(ceiling);
    expect(flood.filter((answer) => answer.status === 429)).toHaveLength(50);
  }, 120_000);
});

describe('unknown handle and wrong passphrase answer alike', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory' });
  });
  afterAll(() => hub.stop());

  it('in status, body and median time over 200 tries each (interleaved)', async () => {
    // 20 accounts x 10 tries stays within the per-handle limit, so every wrong passphrase really runs argon2.
    const handles: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const handle = `timing-${index}-${Math.random().toString(36).slice(2, 8)}`;
      await hub.stores.accounts.create({
        id: `timing${index}${Date.now()}`, handleDigest: hub.app.services.accounts.handleDigest(handle), passphraseHash: await hub.app.services.hasher.hash(PASSPHRASE),
        recoveryHash: 'unused', roles: ['member'], timeZone: null, createdAt: Date.now(),
      });
      handles.push(handle);
    }
    const timed = async (handle: string) => {
      const started = process.hrtime.bigint();
      const answer = await guess(hub, handle, 'not the right passphrase at all');
      return { ...answer, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const unknown: Awaited<ReturnType<typeof timed>>[] = [];
    const wrong: Awaited<ReturnType<typeof timed>>[] = [];
    for (let index = 0; index < 200; index += 1) {
      unknown.push(await timed(`nobody-${index}-${Math.random().toString(36).slice(2, 8)}`));
      wrong.push(await timed(handles[index % handles.length]!));
    }
    const shapes = new Set([...unknown, ...wrong].map((answer) => JSON.stringify({ status: answer.status, body: answer.body })));
    expect([...shapes]).toHaveLength(1);
    expect(unknown[0]!.status).toBe(401);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const [unknownMedian, wrongMedian] = [median(unknown.map((answer) => answer.ms)), median(wrong.map((answer) => answer.ms))];
    console.log(`sign-in timing: median ${unknownMedian.toFixed(1)} ms unknown handle, ${wrongMedian.toFixed(1)} ms wrong passphrase`);
    expect(Math.abs(unknownMedian - wrongMedian) / Math.max(unknownMedian, wrongMedian)).toBeLessThan(0.1);
  }, 240_000);
});
