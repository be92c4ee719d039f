import { createTypingSignal } from './typing-signal';

describe('createTypingSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const sent: boolean[] = [];
    const signal = createTypingSignal({ emit: (typing) => sent.push(typing), now: () => Date.now() });
    return { sent, signal };
  }

  it('sends "typing" at most once every 3 seconds while typing', () => {
    const { sent, signal } = setup();
    for (let i = 0; i < 10; i++) {
      signal.input();
      jest.advanceTimersByTime(500);
    }
    // 5 s of typing: one signal at 0 s and one at 3 s.
    expect(sent).toEqual([true, true]);
  });

  it('sends "stopped" after 4 seconds without typing', () => {
    const { sent, signal } = setup();
    signal.input();
    jest.advanceTimersByTime(3999);
    expect(sent).toEqual([true]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([true, false]);
  });

  it('sends "stopped" on send, once, and only after "typing"', () => {
    const { sent, signal } = setup();
    signal.stop();
    expect(sent).toEqual([]);
    signal.input();
    signal.stop();
    signal.stop();
    jest.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });

  it('sends "typing" again right away after a stop', () => {
    const { sent, signal } = setup();
    signal.input();
    signal.stop();
    signal.input();
    expect(sent).toEqual([true, false, true]);
  });
});
