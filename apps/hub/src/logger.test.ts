/** Logs are JSON lines; should a payload ever be passed to the logger, its secrets are redacted. */
import { Writable } from 'node:stream';
import { createLogger } from './logger';

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
