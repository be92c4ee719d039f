/**
 * Runs inside each server process under test (bare, bare+redis, and the hub's wrapper): samples
 * the event-loop delay and answers the parent's questions over IPC (RSS after a GC, loop p99).
 * It reads nothing the server holds: no message, no member.
 */
import { LoopDelay } from './loop-delay';

export function startServerProbe(): void {
  const loop = new LoopDelay();
  process.on('message', (message: { probe?: 'stats' | 'loop-reset'; id?: number }) => {
    if (message.probe === 'loop-reset') {
      loop.reset();
      process.send!({ id: message.id, result: {} });
    } else if (message.probe === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      process.send!({ id: message.id, result: { rss: memory.rss, heapUsed: memory.heapUsed, loopP99Ms: loop.p99Ms(), loopMaxMs: loop.maxMs() } });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
