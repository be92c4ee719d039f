import fc from 'fast-check';
import { type SuppressedTable, figureText, publishCount, suppressSmallCounts } from './small-count-suppression';

/** Every figure of a published table, in a fixed order, as text a reader sees. */
function flatten(table: SuppressedTable): string[] {
  return [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.grandTotal].map((figure) => figureText(figure));
}

/** The true values in the same order as `flatten`. */
function trueValues(counts: number[][]): number[] {
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = counts[0]!.map((_, c) => counts.reduce((total, row) => total + row[c]!, 0));
  return [...counts.flat(), ...rowTotals, ...columnTotals, rowTotals.reduce((a, b) => a + b, 0)];
}

/** Every "line" of the table: cells that add up to a total, as positions in the flattened order. */
function linesOf(rows: number, columns: number): { parts: number[]; total: number }[] {
  const cell = (r: number, c: number) => r * columns + c;
  const rowTotal = (r: number) => rows * columns + r;
  const columnTotal = (c: number) => rows * columns + rows + c;
  const grand = rows * columns + rows + columns;
  return [
    ...Array.from({ length: rows }, (_, r) => ({ parts: Array.from({ length: columns }, (_, c) => cell(r, c)), total: rowTotal(r) })),
    ...Array.from({ length: columns }, (_, c) => ({ parts: Array.from({ length: rows }, (_, r) => cell(r, c)), total: columnTotal(c) })),
    { parts: Array.from({ length: rows }, (_, r) => rowTotal(r)), total: grand },
    { parts: Array.from({ length: columns }, (_, c) => columnTotal(c)), total: grand },
  ];
}

/**
 * Computes complements the way a reader with a spreadsheet would, repeatedly: in any line where
 * exactly one figure is unknown, it equals the total minus the others (or the total is their sum).
 * Answers the positions it managed to recover.
 */
function recoverBySubtraction(published: string[], values: number[], rows: number, columns: number): Set<number> {
  const known = new Map<number, number>();
  published.forEach((text, index) => { if (/^\d+$/.test(text)) known.set(index, Number(text)); });
  const recovered = new Set<number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const line of linesOf(rows, columns)) {
      const members = [...line.parts, line.total];
      const unknown = members.filter((index) => !known.has(index));
      if (unknown.length !== 1) continue;
      const target = unknown[0]!;
      const partsSum = line.parts.filter((index) => index !== target).reduce((total, index) => total + known.get(index)!, 0);
      const value = target === line.total ? partsSum : known.get(line.total)! - partsSum;
      expect(value).toBe(values[target]); // the arithmetic itself is right
      known.set(target, value);
      recovered.add(target);
      progress = true;
    }
  }
  return recovered;
}

/** All vectors with entries in [-spread, spread], of the given length. */
function* perturbations(length: number, spread: number): Generator<number[]> {
  const vector = new Array<number>(length).fill(-spread);
  while (true) {
    yield vector;
    let index = 0;
    while (index < length && vector[index] === spread) { vector[index] = -spread; index += 1; }
    if (index === length) return;
    vector[index]! += 1;
  }
}

const smallTable = (maxRows: number, maxColumns: number, maxValue: number) => fc
  .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxColumns }))
  .chain(([rows, columns]) => fc.array(fc.array(fc.integer({ min: 0, max: maxValue }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }));

describe('small-count suppression', () => {
  it('shows a sponsor with 3 attendees "fewer than 5", and withholds the totals that would give it away', () => {
    const table = suppressSmallCounts([[3]]);
    expect(figureText(table.cells[0]![0]!)).toBe('fewer than 5');
    expect(figureText(table.grandTotal)).toBe('fewer than 5');
    expect(figureText(publishCount(3))).toBe('fewer than 5');
    expect(figureText(publishCount(5))).toBe('5');
  });

  it('does not let a total minus the other groups reveal a small group', () => {
    // Two groups in one month: 12 and 3. Publishing 15 next to 12 would reveal the 3.
    const table = suppressSmallCounts([[12], [3]]);
    expect(flatten(table)).toEqual(['12', 'fewer than 5', '12', 'fewer than 5', 'withheld', 'withheld']);
  });

  it('shows every figure when none is small', () => {
    expect(flatten(suppressSmallCounts([[5, 9], [7, 20]]))).toEqual(['5', '9', '7', '20', '14', '27', '12', '29', '41']);
  });

  it('never shows a figure below 5, anywhere in the table', () => {
    fc.assert(fc.property(smallTable(4, 6, 30), (counts) => {
      const published = flatten(suppressSmallCounts(counts));
      for (const text of published) if (/^\d+$/.test(text)) expect(Number(text)).toBeGreaterThanOrEqual(5);
    }), { numRuns: 300 });
  });

  it('leaves no line with exactly one unknown, so no complement recovers a withheld figure', () => {
    fc.assert(fc.property(smallTable(5, 6, 40), (counts) => {
      const published = flatten(suppressSmallCounts(counts));
      const recovered = recoverBySubtraction(published, trueValues(counts), counts.length, counts[0]!.length);
      expect([...recovered]).toEqual([]);
    }), { numRuns: 500 });
  });

  it('has, for every withheld figure, another table that publishes exactly the same and differs in that figure', () => {
    fc.assert(fc.property(smallTable(2, 3, 9), (counts) => {
      const rows = counts.length;
      const columns = counts[0]!.length;
      const published = flatten(suppressSmallCounts(counts));
      const values = trueValues(counts);
      const withheld = published.map((text, index) => (/^\d+$/.test(text) ? -1 : index)).filter((index) => index >= 0);
      const ambiguous = new Set<number>();
      for (const delta of perturbations(rows * columns, 2)) {
        const other = counts.map((row, r) => row.map((value, c) => value + delta[r * columns + c]!));
        if (other.flat().some((value) => value < 0)) continue;
        if (flatten(suppressSmallCounts(other)).join('|') !== published.join('|')) continue;
        const otherValues = trueValues(other);
        for (const index of withheld) if (otherValues[index] !== values[index]) ambiguous.add(index);
      }
      expect(withheld.filter((index) => !ambiguous.has(index))).toEqual([]);
    }), { numRuns: 150 });
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => suppressSmallCounts([[1.5]])).toThrow();
    expect(() => suppressSmallCounts([[-1]])).toThrow();
    expect(() => suppressSmallCounts([[1, 2], [3]])).toThrow();
  });
});
