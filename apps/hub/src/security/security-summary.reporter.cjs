/**
 * Jest reporter for `pnpm test:security`: before the workers start it names the tally file they
 * write to (security-tally.ts), and when the run ends it prints the policy cells covered out of the
 * total, the fuzz cases run and the crashes found. Counts only, never a payload.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class SecuritySummaryReporter {
  constructor() {
    this.file = path.join(os.tmpdir(), `respite-security-tally-${process.pid}-${Date.now()}.jsonl`);
    fs.writeFileSync(this.file, '');
    process.env.RESPITE_SECURITY_TALLY = this.file;
  }

  onRunComplete(_contexts, results) {
    const lines = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
    fs.rmSync(this.file, { force: true });
    const sum = (key) => lines.reduce((total, line) => total + (line[key] ?? 0), 0);
    const matrices = lines.filter((line) => line.cellsTotal !== undefined);
    const crashes = sum('crashes') + results.numRuntimeErrorTestSuites;
    process.stdout.write('\nsecurity summary\n');
    for (const line of matrices) process.stdout.write(`  ${line.area}: ${line.cellsCovered}/${line.cellsTotal} policy cells\n`);
    process.stdout.write(`  policy cells covered: ${sum('cellsCovered')}/${sum('cellsTotal')}\n`);
    process.stdout.write(`  fuzz cases run: ${sum('fuzzCases')}\n`);
    process.stdout.write(`  crashes found: ${crashes}\n`);
    process.stdout.write(`  failed tests: ${results.numFailedTests}\n\n`);
  }
}

module.exports = SecuritySummaryReporter;
