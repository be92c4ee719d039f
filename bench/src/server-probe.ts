/**
 * Runs inside each server process under test (bare, bare+redis, and the hub's wrapper): samples
 * the event-loop delay and answers the parent's questions over IPC (RSS after a GC, loop p99).
 * It reads nothing the server holds: no message, no member.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function startServerProbe(): void {
  let loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('message', (message: { probe?: 'stats' | 'loop-reset'; id?: number }) => {
    if (message.probe === 'loop-reset') {
      loop.disable();
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      process.send!({ id: message.id, result: {} });
    } else if (message.probe === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      process.send!({ id: message.id, result: { rss: memory.rss, heapUsed: memory.heapUsed, loopP99Ms: Math.round(loop.percentile(99) / 1e5) / 10, loopMaxMs: Math.round(loop.max / 1e5) / 10 } });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
