/**
 * Starting, pinning, asking and stopping the benchmark's child processes (servers, the load
 * generator, the raw argon2 baseline), and reading their CPU time from /proc/<pid>/stat. Ends
 * only the processes it started, by their pid.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BENCH_ROOT = path.resolve(__dirname, '..');
const CLOCK_TICKS_PER_SECOND = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100; } catch { return 100; }
})();

export const canPin = (() => {
  try { execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }); return os.availableParallelism() >= 2; } catch { return false; }
})();

export class BenchChild {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${name}: ${message.error}`));
      else waiter.resolve(message.result);
    });
    const keep = (chunk: Buffer) => { this.output.push(chunk.toString()); if (this.output.length > 200) this.output.shift(); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // For a trial with diagnostic node flags (BENCH_SERVER_NODE_FLAGS='… --trace-gc'): every line the child prints.
    const logDir = process.env.BENCH_CHILD_LOG_DIR;
    if (logDir && child.pid) {
      const log = createWriteStream(path.join(logDir, `${name}-${child.pid}.log`));
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
    }
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} exited (${code}): ${this.output.join('').slice(-2000)}`));
      this.pending.clear();
      resolve(code);
    }));
  }

  get pid(): number { return this.child.pid!; }

  /** Sends one request over IPC and waits for its answer. */
  ask<T>(body: Record<string, unknown>, key: 'command' | 'probe' = 'command'): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send(key === 'command' ? { id, command: body } : { id, probe: body.probe });
    });
  }

  /** Pins every thread of the process to the given CPUs (later threads inherit it). */
  pin(cpus: string): void {
    if (!canPin) return;
    try { execFileSync('taskset', ['-a', '-p', '-c', cpus, String(this.pid)], { stdio: 'ignore' }); } catch { /* best effort */ }
  }

  /** User+system CPU milliseconds the process has used so far. */
  cpuMs(): number {
    return readCpuMs(this.pid);
  }

  /** CPU milliseconds of the process's main thread alone (its event loop). */
  mainThreadCpuMs(): number {
    return readCpuMs(this.pid, this.pid);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export function readCpuMs(pid: number, threadId?: number): number {
  const stat = readFileSync(threadId === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${threadId}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime is field 14 and stime field 15 (1-based, whole line).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * The built JavaScript of one child entry (`src/<entry>.ts` → `dist/<entry>.js`, scripts/build-bench.mjs),
 * so that no process under measurement runs a TypeScript loader.
 */
export function builtEntry(entry: string): string {
  const file = path.join(BENCH_ROOT, 'dist', `${entry}.js`);
  if (!existsSync(file)) throw new Error(`no build of ${entry} at ${file}: run \`pnpm --filter @respite/hub build && pnpm --filter @respite/bench build\` (pnpm bench does)`);
  return file;
}

export function forkBenchChild(name: string, entry: string, options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): BenchChild {
  const child = fork(builtEntry(entry), [], {
    cwd: BENCH_ROOT,
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new BenchChild(name, child);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the process has been nearly idle for a moment (startup work, planners, JIT done). */
export async function settle(child: BenchChild, options: { idleFraction?: number; maxMs?: number } = {}): Promise<void> {
  const started = Date.now();
  const idle = options.idleFraction ?? 0.1;
  while (Date.now() - started < (options.maxMs ?? 15_000)) {
    const before = child.cpuMs();
    await pause(400);
    if ((child.cpuMs() - before) / 400 < idle) return;
  }
}
