/**
 * A ticking "now" for countdowns. Call `createNow()` while a component initialises; the timer
 * stops with the component. It must never drive anything but display.
 */
export function createNow(intervalMs = 1000): { readonly value: number } {
  let now = $state(Date.now());
  $effect(() => {
    now = Date.now();
    const id = setInterval(() => (now = Date.now()), intervalMs);
    return () => clearInterval(id);
  });
  return {
    get value() {
      return now;
    },
  };
}
