/**
 * Event-loop delay as a process sees it: how late a timer fires. Node's `monitorEventLoopDelay`
 * records the whole interval between its timer's runs, resolution included (an idle process reads
 * about 10–11 ms at a 10 ms resolution), so the delay is that interval minus the resolution.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export const LOOP_SAMPLE_MS = 10;

export class LoopDelay {
  private histogram: IntervalHistogram = LoopDelay.started();

  private static started(): IntervalHistogram {
    const histogram = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
    histogram.enable();
    return histogram;
  }

  reset(): void {
    this.stop();
    this.histogram = LoopDelay.started();
  }

  stop(): void {
    this.histogram.disable();
  }

  /** Milliseconds late, one decimal. */
  p99Ms(): number {
    return lateMs(this.histogram.percentile(99));
  }

  maxMs(): number {
    return lateMs(this.histogram.max);
  }
}

const lateMs = (intervalNs: number) => Math.round(Math.max(0, intervalNs / 1e6 - LOOP_SAMPLE_MS) * 10) / 10;
