/**
 * The load balancer's access log never holds a calendar feed's secret. A real nginx runs
 * infra/nginx/nginx.conf as shipped (its map and log format untouched), with only the machine's
 * details changed: a loopback port, a stub hub as the upstream, files in a temporary folder. Each
 * feed path is requested in the plain form and in the forms that reach the same hub route
 * (upper case, doubled slash, percent-encoded, with a query), each with its own secret; no secret
 * may appear in the log, the masked paths must, and every other path is logged as it was sent.
 * The positive control runs the same file with the log format's masked path swapped back to
 * nginx's plain $uri and shows the same search finds every secret.
 *
 * Needs an nginx binary: NGINX_PATH or the usual paths (`npm test` installs Debian's nginx as root).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const shippedConfig = path.resolve(__dirname, '../../../../infra/nginx/nginx.conf');
const nginxCandidates = [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx', '/opt/homebrew/bin/nginx'];

function nginxBinary(): string {
  const found = nginxCandidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) throw new Error('No nginx found: install one (Debian/Ubuntu: `apt-get install nginx`) or set NGINX_PATH. `npm test` installs it as root.');
  return found;
}

/** Replaces one piece of the shipped file, failing loudly when it is no longer there. */
function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  expect(text).toMatch(pattern);
  return text.replace(pattern, replacement);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface RunningNginx { port: number; accessLog: string; stop(): Promise<void> }

/** The shipped configuration, moved onto loopback, a stub upstream and a temporary folder. */
function configForThisMachine(options: { port: number; upstreamPort: number; folder: string; plainUri: boolean }): string {
  let text = fs.readFileSync(shippedConfig, 'utf8');
  const file = (name: string) => path.join(options.folder, name);
  text = replaceOnce(text, /^worker_processes .*;$/m, 'worker_processes 1;');
  text = replaceOnce(text, /^error_log .*;$/m, `error_log ${file('error.log')} crit;`);
  text = replaceOnce(text, /^pid .*;$/m, `pid ${file('nginx.pid')};`);
  text = replaceOnce(text, /access_log \/dev\/stdout respite_privacy;/, `access_log ${file('access.log')} respite_privacy;`);
  text = replaceOnce(text, /(\s*server hub-\d+:3000[^;]*;)+/, `\n    server 127.0.0.1:${options.upstreamPort};`);
  text = replaceOnce(text, /listen 8080;/, `listen 127.0.0.1:${options.port};`);
  // Temporary files in the folder too, not in the distribution's /var/lib/nginx.
  text = replaceOnce(text, /^http \{$/m, `http {\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${file(`${kind}-temp`)};`).join('\n')}`);
  if (options.plainUri) text = replaceOnce(text, /\$request_method \$respite_logged_path /, '$request_method $uri ');
  return text;
}

async function startNginx(options: { upstreamPort: number; plainUri: boolean }): Promise<RunningNginx> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-nginx-'));
  // Workers drop root for an unprivileged user, which must be able to reach the temporary files.
  fs.chmodSync(folder, 0o755);
  const port = await freePort();
  const configFile = path.join(folder, 'nginx.conf');
  fs.writeFileSync(configFile, configForThisMachine({ port, upstreamPort: options.upstreamPort, folder, plainUri: options.plainUri }));
  const accessLog = path.join(folder, 'access.log');
  const child: ChildProcess = spawn(nginxBinary(), ['-p', folder, '-e', path.join(folder, 'error.log'), '-c', configFile, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr += String(chunk); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    accessLog,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A stand-in hub: answers every path and remembers what reached it. */
async function startStubHub(): Promise<{ port: number; received: string[]; stop(): Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    received.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('stub');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Raw HTTP, so the path reaches nginx byte for byte as written (fetch would normalise it). */
function rawGet(port: number, requestPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: requestPath, method: 'GET', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

async function logLines(file: string, expected: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length >= expected || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A secret as the hub makes them (base64url), one per request so each line can be told apart. */
const newSecret = () => randomBytes(32).toString('base64url');

/** The feed paths, in every form that reaches a feed route on the hub, and the masked path each must log. */
function feedRequests(): { path: string; secret: string; logged: string }[] {
  return [
    (secret: string) => ({ path: `/calendar/${secret}.ics`, logged: '/calendar/[secret]' }),
    (secret: string) => ({ path: `/calendar/member/${secret}.ics`, logged: '/calendar/member/[secret]' }),
    (secret: string) => ({ path: `/CALENDAR/${secret}.ics`, logged: '/calendar/[secret]' }),
    (secret: string) => ({ path: `/Calendar/Member/${secret}.ics`, logged: '/calendar/member/[secret]' }),
    (secret: string) => ({ path: `//calendar//member/${secret}.ics`, logged: '/calendar/member/[secret]' }),
    (secret: string) => ({ path: `/calendar/%${secret.charCodeAt(0).toString(16)}${secret.slice(1)}.ics`, logged: '/calendar/[secret]' }),
    (secret: string) => ({ path: `/calendar/member/${secret}.ics?x=1`, logged: '/calendar/member/[secret]' }),
    (secret: string) => ({ path: `/groups/../calendar/${secret}.ics`, logged: '/calendar/[secret]' }),
  ].map((make) => {
    const secret = newSecret();
    return { ...make(secret), secret };
  });
}

/** Paths without a secret: logged as sent (no query string). */
const plainPaths = ['/api/groups', '/signup', '/sponsor/codes/DEMO-1A2B3C/flyer', '/calendar', '/calendars/x.ics', '/api/sponsor/calendar-feed'];

describe('the load balancer access log (infra/nginx/nginx.conf, on a real nginx)', () => {
  let stub: Awaited<ReturnType<typeof startStubHub>>;
  beforeAll(async () => { stub = await startStubHub(); });
  afterAll(async () => { await stub?.stop(); });

  it('masks the secret of every calendar feed path, in every form the hub routes, and logs other paths as they are', async () => {
    const nginx = await startNginx({ upstreamPort: stub.port, plainUri: false });
    try {
      const feeds = feedRequests();
      for (const feed of feeds) expect(await rawGet(nginx.port, feed.path)).toBe(200);
      for (const plain of plainPaths) expect(await rawGet(nginx.port, plain)).toBe(200);
      const lines = (await logLines(nginx.accessLog, feeds.length + plainPaths.length)).filter((line) => !line.includes(' /healthz '));
      expect(lines).toHaveLength(feeds.length + plainPaths.length);

      // The hub still got each feed's real path: the mask is in the log only.
      for (const feed of feeds) expect(stub.received.some((received) => received.includes(feed.secret.slice(1)))).toBe(true);
      for (const feed of feeds) expect(lines.filter((line) => line.includes(feed.secret.slice(1)))).toEqual([]);
      const loggedPaths = lines.map((line) => line.split(' ')[2]);
      expect(loggedPaths).toEqual([...feeds.map((feed) => feed.logged), ...plainPaths]);
    } finally {
      await nginx.stop();
    }
  }, 30_000);

  it('positive control: with the plain $uri in the format, the same search finds every secret', async () => {
    const nginx = await startNginx({ upstreamPort: stub.port, plainUri: true });
    try {
      const feeds = feedRequests();
      for (const feed of feeds) expect(await rawGet(nginx.port, feed.path)).toBe(200);
      const lines = (await logLines(nginx.accessLog, feeds.length)).filter((line) => !line.includes(' /healthz '));
      for (const feed of feeds) expect({ path: feed.path, found: lines.filter((line) => line.includes(feed.secret.slice(1))).length }).toEqual({ path: feed.path, found: 1 });
    } finally {
      await nginx.stop();
    }
  }, 30_000);
});
