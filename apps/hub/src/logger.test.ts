/** Logs are JSON lines; should a payload ever be passed to the logger, its secrets are redacted. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger } from './logger';
import { openTestRedis, uniqueKeyPrefix } from './testing/redis-test-env';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { lines, logger: createLogger({ level: 'debug', nodeId: 'n1', destination }) };
}

describe('the logger', () => {
  it('writes one JSON object per line with the service, node, level and time', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'session.closed', sessionId: 's1' }, 'closed');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ service: 'respite-hub', node: 'n1', level: 'info', event: 'session.closed', sessionId: 's1', msg: 'closed' });
    expect(new Date(entry.time).getTime()).not.toBeNaN();
  });

  it('redacts message text, handles, aliases, passphrases, recovery codes, tokens, cookies, headers and addresses', () => {
    const { lines, logger } = capture();
    const secrets = {
      text: 'SECRET-TEXT', handle: 'SECRET-HANDLE', alias: 'SECRET-ALIAS', passphrase: 'SECRET-PASS', newPassphrase: 'SECRET-NEW',
      recoveryCode: 'SECRET-RECOVERY', token: 'SECRET-TOKEN', cookie: 'SECRET-COOKIE', ip: 'SECRET-IP', remoteAddress: 'SECRET-ADDR',
      headers: { cookie: 'SECRET-HEADER' }, body: { anything: 'SECRET-BODY' }, payload: { text: 'SECRET-PAYLOAD' },
    };
    logger.warn(secrets, 'top level');
    logger.warn({ message: secrets, request: { body: secrets.body, headers: secrets.headers, ip: 'SECRET-IP2' } }, 'nested');
    const written = lines.join('\n');
    expect(written).not.toMatch(/SECRET-/);
    expect(JSON.parse(lines[0]!).text).toBe('[redacted]');
    expect(JSON.parse(lines[1]!).message.alias).toBe('[redacted]');
  });
});

describe('errors in the log', () => {
  // A real reply error from the real Redis: ioredis attaches the failed command and its arguments.
  async function replyErrorCarrying(canary: string): Promise<Error> {
    const redis = openTestRedis();
    try {
      await redis.call('SET', `${uniqueKeyPrefix()}k`, canary, 'NOT-AN-OPTION');
      throw new Error('Redis accepted a malformed SET');
    } catch (error) {
      return error as Error;
    } finally {
      redis.disconnect();
    }
  }

  it('a Redis reply error carries the command arguments, so an unredacted copy holds the text (positive control)', async () => {
    const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
    const error = await replyErrorCarrying(canary);
    expect(JSON.stringify(pino.stdSerializers.err(error))).toContain(canary);
  });

  it('writes no argument of a failed Redis command, however the error is logged', async () => {
    const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
    const error = await replyErrorCarrying(canary);
    const { lines, logger } = capture();
    logger.error({ event: 'a', err: error }, 'as err');
    logger.error({ event: 'b', detail: { nested: { deeper: { failure: error } } } }, 'nested');
    logger.error(error);
    logger.error(error, 'with a message');
    logger.warn({ event: 'c', err: new Error('wrapped', { cause: error }) }, 'as a cause');
    logger.warn({ event: 'd', failures: [error] }, 'in a list');
    expect(lines).toHaveLength(6);
    expect(lines.join('\n')).not.toContain(canary);
    const first = JSON.parse(lines[0]!);
    expect(first.err).toMatchObject({ type: 'ReplyError', message: expect.stringContaining('syntax error') });
    expect(first.err.stack).toMatch(/\n\s+at /);
    expect(JSON.parse(lines[4]!).err.cause.type).toBe('ReplyError');
  });

  it('redacts secret keys at any depth, not only one level down', () => {
    const { lines, logger } = capture();
    logger.info({ a: { b: { c: { d: { text: 'SECRET-DEEP', alias: 'SECRET-ALIAS' } } } }, list: [{ handle: 'SECRET-H' }] }, 'deep');
    expect(lines[0]).not.toMatch(/SECRET-/);
    expect(JSON.parse(lines[0]!).a.b.c.d.text).toBe('[redacted]');
  });
});
