/**
 * A short, soft two-note chime for facilitators when a report or a crisis alert arrives. Web Audio
 * only, generated on the fly: no file, nothing stored. Silently does nothing where audio is not
 * allowed yet (no user gesture) or not available.
 */
export function playAlertChime(): void {
  try {
    const AudioContextClass = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!AudioContextClass) return;
    const context = new AudioContextClass();
    const gain = context.createGain();
    gain.gain.setValueAtTime(0.0001, context.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, context.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 0.5);
    gain.connect(context.destination);
    [660, 880].forEach((frequency, index) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      oscillator.start(context.currentTime + index * 0.18);
      oscillator.stop(context.currentTime + index * 0.18 + 0.25);
    });
    setTimeout(() => void context.close(), 800);
  } catch {
    // no sound: the visible badge still shows
  }
}
