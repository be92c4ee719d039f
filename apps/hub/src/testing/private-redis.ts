/**
 * A private redis-server for tests that stop, restart, fill or reconfigure Redis: the shared
 * server at REDIS_URL is never disturbed. Needs `redis-server` on PATH (the test command makes
 * sure there is one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL when `crash`), losing everything it held: persistence is off unless asked. */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * The environment without libfaketime: `pnpm test:calendar` preloads it into the tests, but Debian's
 * redis-server stops on a clock_gettime recursion under it (and FAKETIME_SKIP_CMDS does not help,
 * the library is still loaded). So a private server keeps real time, as the shared one does.
 */
function withoutFakedTime(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !['LD_PRELOAD', 'DYLD_INSERT_LIBRARIES'].includes(name) && !name.startsWith('FAKETIME')));
}

export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp', ...extraArgs], { stdio: 'ignore', env: withoutFakedTime() });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await answers(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`private redis-server on ${port} did not start`);
  };
  const stop = async (options: { crash?: boolean } = {}) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(options.crash ? 'SIGKILL' : 'SIGTERM');
    await exited;
    child = null;
  };
  await start();
  return { url, port, start, stop };
}

/**
 * Fills a private Redis started with `--maxmemory` (and `noeviction`) close to its limit with
 * unrelated 100 kB values, as a busy evening would, until it refuses one. Answers the connection
 * that wrote them; the caller disconnects it.
 */
export async function fillToTheLimit(url: string): Promise<Redis> {
  const filler = new Redis(url, { maxRetriesPerRequest: 1 });
  const block = 'x'.repeat(100_000);
  for (let index = 0; index < 100; index += 1) {
    try {
      await filler.set(`filler:${index}`, block);
    } catch {
      break;
    }
  }
  return filler;
}
