/**
 * The hub as production runs it: a fresh build (scripts/build-hub.mjs, the same esbuild bundle
 * as `pnpm --filter @respite/hub build`) started with the `start` script's own command, on the
 * real Redis. Bundling can break what a test of the source never sees (a dependency that reads
 * files at run time, a native addon left out, `require.main` in the admin CLI), so this exercises
 * each layer once through the bundle: HTTP, argon2, Redis, Socket.IO with its Redis adapter,
 * metrics, the drain on SIGTERM, and the admin CLI's bundle.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io as connectSocket } from 'socket.io-client';
import type { ClientSocket } from './testing/hub-harness';
import { CLUSTER_ORIGIN, type HubProcess, startHubProcess } from './testing/hub-process';
import { deleteKeysWithPrefix, testRedisUrl, uniqueKeyPrefix } from './testing/redis-test-env';

jest.setTimeout(60_000);

const hubDir = path.resolve(__dirname, '..');
const startScript: string = JSON.parse(readFileSync(path.join(hubDir, 'package.json'), 'utf8')).scripts.start;

async function api(url: string, method: string, route: string, body?: unknown, cookie?: string) {
  const response = await fetch(`${url}${route}`, {
    method, headers: { origin: CLUSTER_ORIGIN, ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

describe('the compiled hub', () => {
  const keyPrefix = uniqueKeyPrefix();
  const redis = new Redis(testRedisUrl);
  // Under node_modules/.cache: ignored by git, and argon2 still resolves from apps/hub/node_modules.
  const cacheDir = path.join(hubDir, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outdir = mkdtempSync(path.join(cacheDir, 'compiled-hub-'));
  let hub: HubProcess;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-hub.mjs', '--outdir', outdir], { cwd: hubDir, stdio: 'pipe' });
    const [command, ...startArguments] = startScript.split(' ');
    expect(command).toBe('node');
    expect(startArguments).toContain('dist/index.js');
    // The start script's own flags and entry, with this test's build in place of dist/.
    const nodeArguments = startArguments.map((argument) => (argument === 'dist/index.js' ? path.join(outdir, 'index.js') : argument));
    hub = await startHubProcess({ keyPrefix, seedDemo: true, nodeArguments, env: { DRAIN_DELAY_MS: '200' } });
  });

  afterAll(async () => {
    if (hub && hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGKILL');
    rmSync(outdir, { recursive: true, force: true });
    await deleteKeysWithPrefix(redis, keyPrefix);
    redis.disconnect();
  });

  it('runs the start script without a TypeScript loader', () => {
    expect(startScript).not.toMatch(/tsx|\.ts\b/);
    expect(hub.child.spawnargs.join(' ')).not.toMatch(/tsx|\.ts\b/);
  });

  it('answers probes and metrics, signs up with argon2, and carries a message over Socket.IO, then drains on SIGTERM', async () => {
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${hub.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_resident_memory_bytes');

    const inviteCode = /"inviteCode":"([A-Z0-9-]+)"/.exec(hub.logs.join(''))![1]!;
    const signUp = await api(hub.url, 'POST', '/api/auth/sign-up', { inviteCode, handle: `compiled-${Date.now()}`, passphrase: 'a bundle that still hashes' });
    expect(signUp.body.ok).toBe(true);
    const group = (await api(hub.url, 'GET', '/api/groups', undefined, signUp.cookie)).body.data.groups[0];
    expect((await api(hub.url, 'POST', `/api/groups/${group.id}/membership`, { alias: null, acceptNorms: true }, signUp.cookie)).body.ok).toBe(true);

    const socket: ClientSocket = connectSocket(hub.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: CLUSTER_ORIGIN, cookie: signUp.cookie } });
    try {
      await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
      const joined = await (socket as any).timeout(5000).emitWithAck('session:join', { sessionId: group.nextSession.id, lastSeenId: null });
      expect(joined.ok).toBe(true);
      const posted = new Promise<{ text: string }>((resolve) => socket.once('message:posted', resolve));
      const sent = await (socket as any).timeout(5000).emitWithAck('message:send', { sessionId: group.nextSession.id, clientId: 'compiled-hub-1', text: 'through the bundle' });
      expect(sent.ok).toBe(true);
      expect((await posted).text).toBe('through the bundle');

      const draining = new Promise((resolve) => socket.once('server:draining', resolve));
      hub.child.kill('SIGTERM');
      await draining;
      expect(await hub.exited).toBe(0);
    } finally {
      socket.close();
    }
    const logs = hub.logs.join('');
    expect(logs).toContain('"event":"hub.draining"');
    expect(logs).toContain('"event":"hub.stopped"');
  });

  it('builds an admin CLI that runs on its own', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [path.join(outdir, 'admin-cli.js'), 'list-upcoming-sessions', '--days', '2'], {
        cwd: hubDir,
        env: { ...process.env, NODE_ENV: 'test', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: keyPrefix, RESPITE_SECRET: 'cluster-test-secret-shared-by-every-node' },
      }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    // The demo's live session, planned by the hub above, read back through the CLI's own bundle.
    expect(output).toMatch(/live\s+\S+\s+Sunday Evening Circle/);
  });
});
