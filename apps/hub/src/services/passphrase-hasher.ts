/**
 * argon2id hashing at OWASP's parameters (m=19 MiB, t=2, p=1), run on libuv's thread pool so the
 * event loop never waits on it, with a cap on how many run at once so a sign-in storm cannot
 * exhaust memory. Never logs or keeps what it hashes.
 */
import argon2 from 'argon2';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PassphraseHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly maxConcurrent: number) {}

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
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
