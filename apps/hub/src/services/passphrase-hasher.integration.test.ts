/**
 * The argon2 wait queue is bounded, with real argon2: past the bound a hash is refused at once with
 * `unavailable`, a wait and the wait in words, and over HTTP sign-in answers 503 with Retry-After;
 * what was admitted still completes. A flood can neither pile up requests nor stall every sign-in.
 */
import { PassphraseHasher } from './passphrase-hasher';
import { ServiceError } from './service-error';
import { type TestHub, startTestHub } from '../testing/hub-harness';

describe('the bounded hashing queue (real argon2)', () => {
  it('admits the running hash and the bounded waiters, and refuses the rest at once with a typed unavailable and a wait', async () => {
    const hasher = new PassphraseHasher(1, 2);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => hasher.hash(`a passphrase to hash number ${index}`)));
    const done = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(done).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const error of refused) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('unavailable');
      expect((error as ServiceError).extra.retryAfterMs).toBeGreaterThanOrEqual(1000);
      expect((error as ServiceError).message).toMatch(/try again in (a few seconds|less than a minute|about .+)\.$/);
    }
    expect(hasher.waitingCount).toBe(0);
    // Once the queue drained, hashing works again.
    await expect(hasher.verify((done[0] as PromiseFulfilledResult<string>).value, 'a passphrase to hash number 0')).resolves.toBe(true);
  });

  describe('over HTTP', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await startTestHub({ stores: 'memory', seed: false, passphraseHashConcurrency: 1, passphraseHashQueueMax: 1 });
    });
    afterAll(() => hub.stop());

    it('sign-in past the bound answers 503 unavailable with Retry-After, never waits in an unbounded queue', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, async (_, index) => {
        const response = await fetch(`${hub.url}/api/auth/sign-in`, {
          method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json' },
          body: JSON.stringify({ handle: `nobody-${index}`, passphrase: 'a passphrase to guess here' }),
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: { code: string; message: string; retryAfterMs?: number } } };
      }));
      const busy = answers.filter((answer) => answer.status === 503);
      expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThanOrEqual(2);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(busy.length + answers.filter((answer) => answer.status === 401).length).toBe(12);
      for (const answer of busy) {
        expect(answer.body.error?.code).toBe('unavailable');
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(answer.body.error?.message).toMatch(/busy.*try again in/);
      }
    });
  });
});
