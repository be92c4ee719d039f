/**
 * When to tell the room that this person is typing: "typing" at most once per throttle window
 * while keys are pressed, and "stopped" after a quiet spell or when the message is sent.
 * Pure timing logic: the caller supplies the emitter and the timers. It never sees the text.
 */

export interface TypingSignalOptions {
  emit: (typing: boolean) => void;
  now?: () => number;
  /** Least time between two "typing" signals. */
  throttleMs?: number;
  /** Quiet time after the last key press before "stopped" is sent. */
  idleMs?: number;
}

export interface TypingSignal {
  /** Call on every edit of the draft. */
  input(): void;
  /** Call when the message is sent or the room is left: sends "stopped" if "typing" was sent. */
  stop(): void;
}

export function createTypingSignal({ emit, now = Date.now, throttleMs = 3000, idleMs = 4000 }: TypingSignalOptions): TypingSignal {
  let lastSentAt = -Infinity;
  let active = false;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;

  function clearIdle() {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = null;
  }

  function stop() {
    clearIdle();
    if (!active) return;
    active = false;
    lastSentAt = -Infinity;
    emit(false);
  }

  function input() {
    const at = now();
    if (!active || at - lastSentAt >= throttleMs) {
      active = true;
      lastSentAt = at;
      emit(true);
    }
    clearIdle();
    idleTimer = setTimeout(stop, idleMs);
  }

  return { input, stop };
}
