/**
 * The login baseline, as its own process: the raw argon2id hash rate at the hub's production
 * parameters (m=19456 KiB, t=2, p=1) with the same number of hashes in flight as the hub allows.
 */
import argon2 from 'argon2';

type MeasureRequest = { id: number; command: { count: number; concurrency: number } };

async function measure(message: MeasureRequest): Promise<void> {
  const { count, concurrency } = message.command;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next += 1;
      await argon2.hash('violet tide under quiet hills at dusk', { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  process.send!({ id: message.id, result: { count, concurrency, elapsedMs: Math.round(elapsedMs), perSecond: Math.round((count / (elapsedMs / 1000)) * 10) / 10 } });
}

process.on('message', (message: MeasureRequest) => {
  // A failed hash ends the child with the reason, so the run stops instead of waiting for an answer.
  measure(message).catch((error: unknown) => {
    process.stderr.write(`raw argon2 baseline failed: ${String(error)}\n`);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
