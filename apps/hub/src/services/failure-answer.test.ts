/** Which errors become `unavailable` (nothing saved; try again) and which `internal`: real Redis replies. */
import { Writable } from 'node:stream';
import { createLogger } from '../logger';
import { openTestRedis, uniqueKeyPrefix } from '../testing/redis-test-env';
import { toFailureAnswer } from './failure-answer';
import { ServiceError } from './service-error';

const silent = createLogger({ level: 'fatal', nodeId: 'test', destination: new Writable({ write(_chunk, _encoding, done) { done(); } }) });

describe('toFailureAnswer', () => {
  it('answers unavailable for a transaction Redis discarded (EXECABORT)', async () => {
    const redis = openTestRedis();
    try {
      const key = `${uniqueKeyPrefix()}tx`;
      // An unknown command queued in MULTI makes Redis discard the whole transaction at EXEC.
      const failure = await redis.multi().set(key, 'v').call('NO-SUCH-COMMAND').exec().then(() => null, (error: unknown) => error);
      expect((failure as Error).message).toMatch(/^EXECABORT/);
      expect(toFailureAnswer(failure, silent, 'test')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(await redis.exists(key)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('answers internal for a programming error, and keeps a service error as it is', () => {
    expect(toFailureAnswer(new TypeError('x is undefined'), silent, 'test')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(toFailureAnswer(new ServiceError('forbidden', 'No.'), silent, 'test')).toEqual({ ok: false, error: { code: 'forbidden', message: 'No.' } });
  });
});
