/**
 * Abuse of sign-in with the production limits: 1,000 rapid guesses at one account (with forged
 * X-Forwarded-For headers and case variants of the handle) and 10,000 guesses spread over 1,000
 * handles are throttled; the owner signs in once the window has passed (an injected clock moves the
 * time, so the test does not wait 15 minutes); and unknown handles and wrong passphrases answer
 * alike in status, body and median time (argon2 runs either way).
 */
import { ManualClock } from '../clock';
import { type TestHub, startTestHub } from '../testing/hub-harness';

const PASSPHRASE = 'amber meadow under slow rain';

async function guess(hub: TestHub, handle: string, passphrase: string, forwardedFor?: string) {
  const response = await fetch(`${hub.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { origin: hub.origin, 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ handle, passphrase }),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

async function inBatches<T>(count: number, batch: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += batch) results.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, offset) => run(start + offset)))));
  return results;
}

describe('sign-in abuse with the production limits (memory stores, injected clock)', () => {
  const clock = new ManualClock(Date.now());
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'memory', clock, realRateLimits: true });
  });
  afterAll(() => hub.stop());

  it('1,000 rapid guesses at one account are throttled, forged X-Forwarded-For and case variants included; the owner gets back in after the window', async () => {
    const owner = `owner-${Date.now()}`;
    await hub.stores.accounts.create({
      id: `acct${Date.now()}`, handleDigest: hub.app.services.accounts.handleDigest(owner), passphraseHash: await hub.app.services.hasher.hash(PASSPHRASE),
      recoveryHash: await hub.app.services.hasher.hash('unused-recovery-code'), roles: ['member'], timeZone: null, createdAt: clock.now(),
    });
    const variants = [owner, owner.toUpperCase(), `${owner[0]!.toUpperCase()}${owner.slice(1)}`];
    const answers = await inBatches(1_000, 50, (index) => guess(hub, variants[index % variants.length]!, `wrong guess number ${index}`, `10.0.${index % 250}.${index % 7}`));
    const wrong = answers.filter((answer) => answer.body.error?.code === 'invalid_credentials').length;
    const limited = answers.filter((answer) => answer.status === 429 && answer.body.error?.code === 'rate_limited').length;
    expect(wrong).toBeLessThanOrEqual(10);
    expect(wrong + limited).toBe(1_000);
    // Still throttled with the right passphrase inside the window: a guess cannot be confirmed.
    expect((await guess(hub, owner, PASSPHRASE)).status).toBe(429);
    clock.advance(16 * 60_000);
    expect((await guess(hub, owner, PASSPHRASE)).body.ok).toBe(true);
  }, 120_000);

  it('10,000 guesses over 1,000 handles from one address are throttled too', async () => {
    clock.advance(16 * 60_000);
    const answers = await inBatches(10_000, 500, (index) => guess(hub, `spread-${index % 1_000}`, 'a passphrase to guess', `192.0.2.${index % 250}`));
    const answered = answers.filter((answer) => answer.body.error?.code === 'invalid_credentials').length;
    expect(answered).toBeLessThanOrEqual(30);
    expect(answers.filter((answer) => answer.status === 429).length).toBe(10_000 - answered);
  }, 240_000);
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
