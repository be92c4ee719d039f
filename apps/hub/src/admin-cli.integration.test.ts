/**
 * The admin CLI as an operator runs it: a real process against the real Redis under a fresh key
 * prefix. It creates the first platform admin, who can then sign in to a hub on the same Redis.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { callApi, startTestHub } from './testing/hub-harness';
import { deleteKeysWithPrefix, openTestRedis, testRedisUrl, uniqueKeyPrefix } from './testing/redis-test-env';

const SECRET = 'test-secret-that-is-long-enough-123';

/** libfaketime's settings, when a calendar run moved this process's clock: the CLI must read the same "now" as the hub here. */
const sameClock = Object.fromEntries(Object.entries(process.env).filter(([name]) => name === 'LD_PRELOAD' || name.startsWith('FAKETIME')));

function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(path.resolve(__dirname, '../node_modules/.bin/tsx'), [path.resolve(__dirname, 'admin-cli.ts'), ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...sameClock, ...env }, timeout: 30_000,
    }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number | string }).code ?? 1) : 0, stdout, stderr }));
    child.stdin?.end(stdin);
  });
}

describe('the admin CLI', () => {
  const prefix = uniqueKeyPrefix();
  const env = { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: prefix, RESPITE_SECRET: SECRET };
  const redis = openTestRedis();

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  });

  it('refuses to run without REDIS_URL, since in-memory stores would vanish', async () => {
    const result = await runCli(['create-sponsor', '--name', 'Nowhere'], { RESPITE_SECRET: SECRET });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/REDIS_URL/);
  });

  it('creates the first platform admin on a fresh Redis, who can then sign in', async () => {
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    const passphrase = 'granite lantern over the quiet bay';
    const created = await runCli(['create-platform-admin', '--handle', 'first-admin'], env, `${passphrase}\n`);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Recovery code \(shown once.*\): [A-Z0-9]{5}(-[A-Z0-9]{5}){4}/);
    expect(created.stdout).not.toContain(passphrase);

    const hub = await startTestHub({ keyPrefix: prefix, seed: false });
    try {
      const signIn = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: 'first-admin', passphrase });
      expect(signIn.status).toBe(200);
      expect(signIn.body).toMatchObject({ ok: true, data: { account: { roles: ['platform_admin'] } } });
    } finally {
      await hub.stop();
    }
  });

  it('creates a sponsor, its administrator, a group and a facilitator, and lists the upcoming sessions', async () => {
    const sponsor = await runCli(['create-sponsor', '--name', 'Lakeside General'], env);
    const sponsorId = /Created sponsor ([A-Za-z0-9_-]+)\./.exec(sponsor.stdout)?.[1];
    expect(sponsorId).toBeDefined();
    const admin = await runCli(['grant-sponsor-admin', '--handle', 'lakeside-admin', '--sponsor', sponsorId!], env, 'harbor lights over cold water\n');
    expect(admin.stdout).toMatch(/administers sponsor/);
    const group = await runCli([
      'create-group', '--name', 'Night Shift Circle', '--description', 'After nights.', '--weekday', '2,4', '--time', '07:30',
      '--tz', 'America/Chicago', '--duration', '60', '--capacity', '10', '--sponsor', sponsorId!,
    ], env);
    const groupId = /Created group ([A-Za-z0-9_-]+) /.exec(group.stdout)?.[1];
    expect(groupId).toBeDefined();
    expect((await runCli(['create-facilitator', '--handle', 'night-facilitator'], env, 'steady hands through the long night\n')).code).toBe(0);
    const assigned = await runCli(['assign-facilitator', '--handle', 'night-facilitator', '--group', groupId!], env);
    expect(assigned.stdout).toMatch(/Assigned as "Facilitator /);
    expect((await runCli(['create-on-call', '--handle', 'on-call-desk'], env, 'a lamp left on for the night\n')).code).toBe(0);
    const hub = await startTestHub({ keyPrefix: prefix, seed: false });
    try {
      const signIn = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: 'on-call-desk', passphrase: 'a lamp left on for the night' });
      expect(signIn.body).toMatchObject({ ok: true, data: { account: { roles: ['on_call'] } } });
    } finally {
      await hub.stop();
    }
    const listed = await runCli(['list-upcoming-sessions'], env);
    const lines = listed.stdout.trim().split('\n').filter((line) => line.includes('Night Shift Circle'));
    expect(lines.length).toBeGreaterThanOrEqual(2); // two weekdays a week
    for (const line of lines) expect(line).toMatch(/T(12|13):30:00\.000Z/); // 07:30 in Chicago, CST or CDT

    const refused = await runCli(['create-group', '--name', 'X', '--weekday', '9', '--time', '07:30', '--tz', 'Mars/Base', '--duration', '60', '--capacity', '10', '--sponsor', sponsorId!], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/time zone|Weekdays/);
  });
});
