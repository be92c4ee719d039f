/**
 * Keyboard-only driving for browser tests: where focus is, by the name a screen reader would read
 * (near enough), and Tab presses until it reaches a named control. No clicks.
 */
import type { Page } from 'playwright-core';

/** The accessible name of the focused element, as a screen reader would read it (near enough). */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const labelled = element.getAttribute('aria-label');
    if (labelled) return labelled.trim();
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0) return labels[0]!.innerText.trim();
    return (element.innerText || element.getAttribute('value') || '').trim();
  });
}

/** Presses Tab until the focused control's name matches; returns how many presses it took. */
export async function tabTo(page: Page, name: RegExp, visited: string[], limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    const current = await focusedName(page);
    if (name.test(current)) {
      visited.push(current);
      return presses;
    }
  }
  throw new Error(`Tab never reached ${name}; last stops: ${visited.slice(-5).join(' | ')}`);
}
