/** The packet budget's arithmetic, with an injected clock and a stand-in socket (the integration test is security/message-flood). */
import type { Response } from '@respite/protocol';
import { type GuardCutReason, guardAgainstFloods } from './socket-flood-guard';
import type { HubSocket } from './socket-types';

function guardedSocket(budget = { burst: 5, refillPerSecond: 10, maxRefusedPerWindow: 3, strikeWindowMs: 1000 }) {
  let time = 1_000_000;
  let middleware: (packet: unknown[], next: () => void) => void = () => {};
  const cuts: GuardCutReason[] = [];
  let disconnected = 0;
  const socket = { use: (fn: typeof middleware) => { middleware = fn; }, disconnect: () => { disconnected += 1; } } as unknown as HubSocket;
  guardAgainstFloods(socket, { budget, now: () => time, onCut: (reason) => cuts.push(reason) });
  return {
    /** Sends one acked packet: 'passed', or the ack it got, or 'dropped'. */
    send(): 'passed' | 'dropped' | Response<unknown> {
      let outcome: 'passed' | 'dropped' | Response<unknown> = 'dropped';
      middleware(['room:get-moderation', {}, (answer: Response<unknown>) => { outcome = answer; }], () => { outcome = 'passed'; });
      return outcome;
    },
    advance: (ms: number) => { time += ms; },
    cuts, disconnected: () => disconnected,
  };
}

describe('the per-connection packet budget', () => {
  it('lets a burst through, refuses the next with rate_limited and the time until a token is back', () => {
    const guard = guardedSocket();
    expect(Array.from({ length: 5 }, () => guard.send())).toEqual(Array(5).fill('passed'));
    expect(guard.send()).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: 100 } });
    guard.advance(40);
    expect(guard.send()).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: 60 } });
  });

  it('refills at its rate, never above the burst', () => {
    const guard = guardedSocket();
    for (let index = 0; index < 5; index += 1) guard.send();
    guard.advance(100);
    expect(guard.send()).toBe('passed');
    expect(guard.send()).not.toBe('passed');
    guard.advance(60_000);
    expect(Array.from({ length: 6 }, () => guard.send()).filter((outcome) => outcome === 'passed')).toHaveLength(5);
  });

  it('disconnects once when refusals in one window pass the limit, and forgets refusals of an earlier window', () => {
    const guard = guardedSocket();
    for (let index = 0; index < 5; index += 1) guard.send();
    for (let index = 0; index < 3; index += 1) guard.send();
    guard.advance(1001);
    expect(Array.from({ length: 5 }, () => guard.send())).toEqual(Array(5).fill('passed')); // the burst is back
    for (let index = 0; index < 3; index += 1) expect(guard.send()).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(guard.cuts).toEqual([]);
    expect(guard.send()).toBe('dropped');
    expect(guard.send()).toBe('dropped');
    expect(guard.cuts).toEqual(['flood']);
    expect(guard.disconnected()).toBe(1);
  });
});
