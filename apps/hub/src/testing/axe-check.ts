/**
 * axe-core in a real page for browser tests: injects the library's source (no network) and returns
 * the violations (all of them, or the serious and critical ones), each with the stop it was found at.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding { stop: string; id: string; impact: string; help: string; targets: string[] }

/** Runs axe on the whole document and returns its serious and critical violations. */
export async function seriousViolations(page: Page, stop: string): Promise<AxeFinding[]> {
  return (await axeViolations(page, stop)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Runs axe on the whole document and returns every violation, of any impact. */
export async function axeViolations(page: Page, stop: string): Promise<AxeFinding[]> {
  // Colours read mid-transition (just after a colour-scheme switch, a hover, a state change) are
  // neither the old nor the new ones: let every finite transition and animation finish first.
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  // Evaluated through the DevTools protocol, not added as an inline <script>: the pages' CSP refuses those.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact ?? 'unknown', help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => JSON.stringify(node.target)) }));
  });
  return violations.map((violation) => ({ stop, ...violation }));
}
