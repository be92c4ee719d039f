/**
 * Small-count suppression for sponsor reports: a table of counts (rows × columns) with its row
 * totals, column totals and grand total, where every figure below the threshold is withheld, and
 * enough other figures are withheld that no suppressed figure can be worked out from the rest.
 *
 * The rule (see docs/sponsor-reports.md): a withheld cell also withholds its row total, its column
 * total and the grand total, so no line of the table ever has exactly one unknown figure and
 * "total minus the other cells" recovers nothing. The tests go further: for every withheld
 * figure they find another table of non-negative counts that publishes exactly the same output
 * (numbers and labels) and differs in that figure, so no combination of what is shown pins it.
 * Pure: no I/O. Never returns a withheld value.
 */

/** The threshold below which a count is never shown. */
export const SMALL_COUNT_THRESHOLD = 5;

/** A figure as published: a number, or withheld ("fewer than 5" when small, or withheld to protect another). */
export type PublishedFigure = { shown: true; value: number } | { shown: false; reason: 'fewer_than_threshold' | 'protects_another' };

export interface SuppressedTable {
  cells: PublishedFigure[][];
  rowTotals: PublishedFigure[];
  columnTotals: PublishedFigure[];
  grandTotal: PublishedFigure;
}

/** Which positions of a table are withheld; exposed so tests can check the pattern itself. */
export interface SuppressionPattern {
  cells: boolean[][];
  rowTotals: boolean[];
  columnTotals: boolean[];
  grandTotal: boolean;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Decides which figures of `counts` (rows × columns, all rows the same length) to withhold. */
export function suppressionPattern(counts: number[][], threshold = SMALL_COUNT_THRESHOLD): SuppressionPattern {
  const columns = counts[0]?.length ?? 0;
  const rowTotals = counts.map(sum);
  const columnTotals = Array.from({ length: columns }, (_, column) => sum(counts.map((row) => row[column] ?? 0)));
  const grandTotal = sum(rowTotals);
  const cells = counts.map((row) => row.map((value) => value < threshold));
  const pattern: SuppressionPattern = {
    cells,
    rowTotals: rowTotals.map((value, row) => value < threshold || cells[row]!.some(Boolean)),
    columnTotals: columnTotals.map((value, column) => value < threshold || cells.some((row) => row[column])),
    grandTotal: grandTotal < threshold,
  };
  pattern.grandTotal ||= pattern.cells.some((row) => row.some(Boolean)) || pattern.rowTotals.some(Boolean) || pattern.columnTotals.some(Boolean);
  return pattern;
}

/** Publishes a table of counts with small counts and their complements withheld. */
export function suppressSmallCounts(counts: number[][], threshold = SMALL_COUNT_THRESHOLD): SuppressedTable {
  for (const row of counts) {
    if (row.length !== (counts[0]?.length ?? 0)) throw new Error('every row must have the same number of columns');
    if (row.some((value) => !Number.isInteger(value) || value < 0)) throw new Error('counts must be non-negative integers');
  }
  const pattern = suppressionPattern(counts, threshold);
  const figure = (value: number, withheld: boolean): PublishedFigure => withheld
    ? { shown: false, reason: value < threshold ? 'fewer_than_threshold' : 'protects_another' }
    : { shown: true, value };
  const rowTotals = counts.map(sum);
  const columns = counts[0]?.length ?? 0;
  const columnTotals = Array.from({ length: columns }, (_, column) => sum(counts.map((row) => row[column] ?? 0)));
  return {
    cells: counts.map((row, r) => row.map((value, c) => figure(value, pattern.cells[r]![c]!))),
    rowTotals: rowTotals.map((value, r) => figure(value, pattern.rowTotals[r]!)),
    columnTotals: columnTotals.map((value, c) => figure(value, pattern.columnTotals[c]!)),
    grandTotal: figure(sum(rowTotals), pattern.grandTotal),
  };
}

/** Publishes one stand-alone count (no totals around it). */
export function publishCount(value: number, threshold = SMALL_COUNT_THRESHOLD): PublishedFigure {
  return value < threshold ? { shown: false, reason: 'fewer_than_threshold' } : { shown: true, value };
}

/** How a figure reads to people: the number, or "fewer than 5" / "withheld". */
export function figureText(figure: PublishedFigure, threshold = SMALL_COUNT_THRESHOLD): string {
  if (figure.shown) return String(figure.value);
  return figure.reason === 'fewer_than_threshold' ? `fewer than ${threshold}` : 'withheld';
}
