/**
 * Which chat rate to try next when looking for a server's knee (the highest rate whose p99 stays
 * under the limit with nothing lost). The ladder (×2, ×4, ×8, ×16) finds the first rate that fails;
 * then the gap below it is searched in quarter steps of the last ladder rate that held (for a
 * failure at ×4 after ×2 held: ×2.5, ×3, ×3.5), stopping at the first that fails. Without the
 * quarter steps every knee is a power of two, and two servers a few percent apart read 0.5 or 1.
 *
 * A step in which the load generator itself was the bottleneck says nothing about the server: it
 * counts as a stop like a failure (the quarter steps below it are still tried, at rates the
 * generator can carry), and a knee just below such a step is marked as limited by the generator:
 * the server's true knee is at least that.
 */
export interface KneeProbe {
  multiplier: number;
  /** p99 under the limit and nothing lost. */
  held: boolean;
  /** The generator's CPU or event-loop lag passed its limits during the step. */
  generatorBound: boolean;
}

export type KneeLimit = 'server' | 'generator' | 'ladder';

export const KNEE_REFINEMENTS = [1.25, 1.5, 1.75] as const;

/** The next multiplier to try after `tried` (in the order tried; ×1 is the Sunday rate, always held), or null when the search is over. */
export function nextKneeMultiplier(ladder: readonly number[], tried: readonly KneeProbe[]): number | null {
  const failures = tried.filter((probe) => !counts(probe));
  const highest = Math.max(1, ...tried.map((probe) => probe.multiplier));
  if (failures.length === 0) return ladder.find((multiplier) => multiplier > highest) ?? null;
  if (failures.length > 1) return null;
  const firstFailure = failures[0]!.multiplier;
  const ladderHeld = Math.max(1, ...tried.filter((probe) => counts(probe) && probe.multiplier < firstFailure && !isRefinement(ladder, probe.multiplier)).map((probe) => probe.multiplier));
  return KNEE_REFINEMENTS.map((factor) => ladderHeld * factor)
    .find((multiplier) => multiplier < firstFailure && !tried.some((probe) => probe.multiplier === multiplier)) ?? null;
}

/** Held, and by the server: a step the generator could not carry is not counted either way. */
function counts(probe: KneeProbe): boolean {
  return probe.held && !probe.generatorBound;
}

function isRefinement(ladder: readonly number[], multiplier: number): boolean {
  return multiplier !== 1 && !ladder.includes(multiplier);
}

/** The knee of a finished search: the highest rate that held, and what stopped the search just above it. */
export function kneeOf(tried: readonly KneeProbe[]): { multiplier: number; limitedBy: KneeLimit } {
  const multiplier = Math.max(0, ...tried.filter(counts).map((probe) => probe.multiplier));
  const above = tried.filter((probe) => probe.multiplier > multiplier).sort((a, b) => a.multiplier - b.multiplier)[0];
  return { multiplier, limitedBy: !above ? 'ladder' : above.generatorBound ? 'generator' : 'server' };
}
