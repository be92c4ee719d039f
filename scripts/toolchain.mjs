// Shared by start.mjs, test.mjs and test-calendar.mjs: find or fetch pnpm, run commands with
// inherited output, find or start a Redis. Plain Node with no dependencies, so it works on a fresh
// clone before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

export const PNPM_VERSION = '10.34.9';

function hasCommand(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;
}

/** pnpm on PATH, or the pinned pnpm fetched once by npx. */
export function pnpmCommand() {
  if (hasCommand('pnpm')) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit', env: options.env ?? process.env, cwd: options.cwd });
    let output = '';
    if (options.capture) {
      child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
      child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

export async function pnpm(args, options = {}) {
  const [command, ...prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], options);
}

export async function installDependencies() {
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  const { code } = await pnpm(['install', ...frozen]);
  if (code !== 0) {
    console.error('\nInstalling dependencies failed. Node 20.19+ with npm is needed; argon2 compiles from source, which needs python3, make and a C++ compiler.');
    process.exit(code);
  }
}

function pingRedis(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (answer) => { socket.destroy(); resolve(answer); };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG') || data.toString().startsWith('-NOAUTH')));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The Redis at REDIS_URL (or 127.0.0.1:6379), else a private redis-server started for the run; exits saying how to get one when neither. */
export async function ensureRedis() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await pingRedis(url)) return { url, stop: () => {} };
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(`\nNo Redis answers at ${url}, and redis-server is not installed.\n` +
      'The tests need a real Redis 7. Either start one (for example `docker run -p 6379:6379 redis:7`),\n' +
      'install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`),\n' +
      'or point REDIS_URL at one.');
    process.exit(1);
  }
  const port = await freePort();
  console.log(`No Redis at ${url}: starting a private redis-server on 127.0.0.1:${port} (persistence off).`);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && !(await pingRedis(privateUrl)); attempt += 1) await new Promise((r) => setTimeout(r, 100));
  return { url: privateUrl, stop: () => child.kill() };
}
