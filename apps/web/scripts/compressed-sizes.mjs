// Sums the built web app's JavaScript and CSS (apps/web/build/_app) as is and as the build's
// precompressed copies (.gz, .br) that the hub sends, for docs/performance.md.
// Run after a build: `pnpm --filter @respite/web build && node apps/web/scripts/compressed-sizes.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');
const appDir = path.join(buildDir, '_app');
if (!fs.existsSync(appDir)) {
  console.error(`No build at ${buildDir}: run \`pnpm --filter @respite/web build\` first.`);
  process.exit(1);
}

function filesUnder(directory) {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const size = (file) => (fs.existsSync(file) ? fs.statSync(file).size : null);
const rows = [];
for (const kind of ['js', 'css']) {
  const files = filesUnder(appDir).filter((file) => file.endsWith(`.${kind}`));
  const total = { kind, files: files.length, raw: 0, gzip: 0, brotli: 0, missing: 0 };
  for (const file of files) {
    const [raw, gzip, brotli] = [size(file), size(`${file}.gz`), size(`${file}.br`)];
    total.raw += raw;
    // A file too small to gain from compression has no copy: it goes out as is.
    if (gzip === null || brotli === null) total.missing += 1;
    total.gzip += gzip ?? raw;
    total.brotli += brotli ?? raw;
  }
  rows.push(total);
}
const all = rows.reduce((sum, row) => ({ kind: 'js+css', files: sum.files + row.files, raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli, missing: sum.missing + row.missing }));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(0)} %`;
console.log('| files | count | raw | gzip | brotli |');
console.log('|---|---|---|---|---|');
for (const row of [...rows, all]) {
  console.log(`| ${row.kind} | ${row.files}${row.missing ? ` (${row.missing} without copies)` : ''} | ${kb(row.raw)} (${row.raw} B) | ${kb(row.gzip)} (${pct(row.gzip, row.raw)}) | ${kb(row.brotli)} (${pct(row.brotli, row.raw)}) |`);
}
