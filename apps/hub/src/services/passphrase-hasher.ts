/**
 * argon2id hashing at OWASP's parameters (m=19 MiB, t=2, p=1), run on libuv's thread pool so the
 * event loop never waits on it, with a cap on how many run at once so a sign-in storm cannot
 * exhaust memory, and a bound on how many may wait for a slot: past it the hasher refuses at once
 * (`unavailable`, with the expected wait) instead of queueing without end, so a flood cannot pile
 * up requests (and their sockets and bodies) or make every sign-in wait minutes.
 * Never logs or keeps what it hashes.
 */
import argon2 from 'argon2';
import { waitInWords } from '@respite/protocol';
import { ServiceError } from './service-error';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PassphraseHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private dummyHash: Promise<string> | null = null;
  /** A running mean of how long one hash takes here, for the wait a refusal names. */
  private meanHashMs = 50;

  constructor(
    private readonly maxConcurrent: number,
    /** Hashes allowed to wait for a slot; one more is refused. */
    private readonly maxWaiting: number = maxConcurrent * 32,
  ) {}

  /** Hashes waiting for a slot now (for tests and metrics). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  hash(secret: string): Promise<string> {
    return this.limited(() => argon2.hash(secret, ARGON2_OPTIONS));
  }

  verify(hash: string, secret: string): Promise<boolean> {
    return this.limited(async () => {
      try {
        return await argon2.verify(hash, secret);
      } catch {
        return false;
      }
    });
  }

  /** Spends the same work as a real verification, for unknown handles: both answers take alike. */
  async verifyNothing(secret: string): Promise<false> {
    this.dummyHash ??= argon2.hash('respite-dummy-passphrase-for-timing', ARGON2_OPTIONS);
    await this.verify(await this.dummyHash, secret);
    return false;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxWaiting) throw this.busy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running += 1;
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.meanHashMs = this.meanHashMs * 0.9 + (performance.now() - started) * 0.1;
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  /** The refusal when the queue is full: the wait is how long the hashes ahead of it should take. */
  private busy(): ServiceError {
    const retryAfterMs = Math.max(1000, Math.ceil(((this.waiting.length + this.running) / this.maxConcurrent) * this.meanHashMs));
    return new ServiceError('unavailable', `Respite is busy checking other sign-ins. Nothing was saved. Please try again in ${waitInWords(retryAfterMs)}.`, { retryAfterMs });
  }
}
