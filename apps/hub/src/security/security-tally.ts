/**
 * The figures `pnpm test:security` prints at its end: policy cells covered out of the total, fuzz
 * cases run, crashes found. Each security test file adds its counts to one JSON file in the OS temp
 * directory (jest runs files in separate workers); the reporter in `security-summary.reporter.cjs`
 * reads it when the run ends. Counts only: never a payload, a message or an identity.
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const securityTallyFile = process.env.RESPITE_SECURITY_TALLY ?? join(tmpdir(), `respite-security-tally-${process.ppid}.jsonl`);

export interface SecurityTally {
  /** Which matrix: e.g. 'socket events', 'REST routes'. */
  area: string;
  cellsCovered?: number;
  cellsTotal?: number;
  fuzzCases?: number;
  crashes?: number;
}

export function recordTally(tally: SecurityTally): void {
  appendFileSync(securityTallyFile, `${JSON.stringify(tally)}\n`);
}
