/** In-memory fixed-window counters. */
import type { Clock } from '../../clock';
import type { RateLimitStore, RateLimitVerdict } from '../rate-limit.store';

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();
  private hitsSincePrune = 0;

  constructor(private readonly clock: Clock) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitVerdict> {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { count: 0, resetsAt: now + windowMs };
      this.windows.set(key, window);
    }
    // Forget finished windows regularly: for network addresses these digests are all the hub keeps.
    if (++this.hitsSincePrune >= 1000) {
      this.hitsSincePrune = 0;
      this.dropExpired(now);
    }
    window.count += 1;
    return window.count <= limit ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: window.resetsAt - now };
  }

  /** Takes back one hit of the current window: for a count taken ahead of an outcome that turned out not to count. */
  refund(key: string): void {
    const window = this.windows.get(key);
    if (window && window.resetsAt > this.clock.now() && window.count > 0) window.count -= 1;
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
