/**
 * Redis expires keys by its own clock; the hub's deadlines are instants on the hub's clock, which
 * is injected (tests move it, a faked calendar shifts it, and a node's host clock may differ from
 * the Redis host's). So an expiry goes to Redis as a duration from the hub's now (PEXPIRE, SET PX),
 * never as an instant (PEXPIREAT, PXAT): a key then lives as long as the hub means, whatever date
 * either clock shows. A deadline already past answers 1 ms (SET refuses PX 0): gone a millisecond later.
 */
import type { Clock } from '../../clock';

export function millisecondsUntil(clock: Clock, deadline: number): number {
  return Math.max(1, Math.ceil(deadline - clock.now()));
}
