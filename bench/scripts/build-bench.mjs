#!/usr/bin/env node
/**
 * Builds the benchmark's child processes to JavaScript (bench/dist/<entry>.js, CommonJS for
 * Node 20), so that every server under test runs on plain `node` alike: the hub's wrapper loads
 * the hub's own build (apps/hub/dist/index.js, `pnpm --filter @respite/hub build`) and the
 * baselines, the load generator and the raw argon2 baseline are bundled here. No process under
 * measurement carries a TypeScript loader. The parent (`tsx src/run-bench.ts`) only orchestrates.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(benchRoot, 'dist');
const entries = ['hub-server', 'bare-server', 'load-generator', 'raw-argon2', 'adapter-node'];

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: benchRoot,
  entryPoints: Object.fromEntries(entries.map((entry) => [entry, `src/${entry}.ts`])),
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'cjs',
  // argon2 is a native addon, loaded from node_modules like in the hub's build.
  external: ['argon2'],
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
process.stdout.write(`built ${entries.map((entry) => `dist/${entry}.js`).join(', ')}\n`);
