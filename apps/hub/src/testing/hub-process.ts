/**
 * Runs a hub as its own operating-system process, so tests can SIGTERM or `kill -9` a node. Nodes
 * share the real Redis and a key prefix. By default from TypeScript source through tsx's loader (no
 * build step before a test); `nodeArguments` runs anything else, such as the compiled hub
 * (compiled-hub.integration.test.ts runs the start script's own command on a fresh build).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { testRedisUrl } from './redis-test-env';

export const CLUSTER_ORIGIN = 'http://respite.test';

export interface HubProcess {
  url: string;
  /** Where the process serves /metrics (METRICS_PORT, apart from its app port). */
  metricsUrl: string;
  logs: string[];
  child: ChildProcess;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startHubProcess(options: {
  keyPrefix: string; seedDemo?: boolean; env?: Record<string, string>; nodeArguments?: string[];
  /** No REDIS_URL at all: the embedded mode `npm start` runs with no Redis (in-memory stores). */
  embedded?: boolean;
}): Promise<HubProcess> {
  const port = await freePort();
  let metricsPort = await freePort();
  while (metricsPort === port) metricsPort = await freePort();
  const hubDir = path.resolve(__dirname, '../..');
  // node itself, with tsx as a loader (not the tsx CLI, which would put a wrapper process between
  // the test's signals and the hub).
  const env: NodeJS.ProcessEnv = {
    ...process.env, NODE_ENV: 'test', PORT: String(port), METRICS_PORT: String(metricsPort), HOST: '127.0.0.1', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: options.keyPrefix,
    ALLOWED_ORIGINS: CLUSTER_ORIGIN, DEMO_SEED: options.seedDemo ? 'true' : 'false', LOG_LEVEL: 'info',
    RESPITE_SECRET: 'cluster-test-secret-shared-by-every-node', LIFECYCLE_TICK_MS: '200', ...options.env,
  };
  if (options.embedded) {
    delete env.REDIS_URL;
    delete env.REDIS_EPHEMERAL_URL;
    delete env.REDIS_KEY_PREFIX;
  }
  const child = spawn(process.execPath, options.nodeArguments ?? ['--import', 'tsx', 'src/index.ts'], { cwd: hubDir, stdio: ['ignore', 'pipe', 'pipe'], env });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub on ${port} did not start: ${logs.join('')}`)), 20_000);
    const onData = (chunk: Buffer) => {
      logs.push(String(chunk));
      if (logs.join('').includes('"event":"demo.seeded"') || (!options.seedDemo && logs.join('').includes('"event":"hub.listening"'))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => logs.push(String(chunk)));
    void exited.then((code) => reject(new Error(`hub on ${port} exited with ${code}: ${logs.join('')}`)));
  });
  await listening;
  return { url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}`, logs, child, exited };
}
