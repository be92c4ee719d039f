#!/usr/bin/env node
/**
 * Builds the hub to JavaScript: `pnpm --filter @respite/hub build` → dist/index.js (the hub) and
 * dist/admin-cli.js (the admin CLI), each one CommonJS bundle for Node 20 with its source map.
 * Production runs these with plain `node`: no TypeScript loader in the process.
 *
 * Bundled: the workspace packages (@respite/protocol, @respite/domain, which ship as TypeScript
 * source) and the pure-JavaScript dependencies. Measured on the idle hub (docs/operations.md,
 * "Start time and memory of the compiled hub"), the one bundle starts faster and holds less memory
 * than a bundle that loads express, socket.io, ioredis and the rest from node_modules.
 * External: argon2, a native addon that must be loaded from its compiled .node file. No type
 * checking here: `pnpm typecheck` does that.
 *
 * The source map is written beside each bundle, without the sources' text, and is not loaded by
 * default (it costs start time and ~10 MiB of RSS): the bundle is not minified, so stack traces
 * keep their function names, and `NODE_OPTIONS=--enable-source-maps` maps them to src/ lines.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const hubRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir <dir>`: elsewhere than dist/ (the compiled-hub test builds its own copy, so that it never
// rewrites the dist/ another process is running).
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex >= 0 ? path.resolve(process.argv[outdirIndex + 1]) : path.join(hubRoot, 'dist');

/** Dependencies that must stay in node_modules: native addons. */
const EXTERNAL_DEPENDENCIES = ['argon2'];

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: hubRoot,
  entryPoints: { index: 'src/index.ts', 'admin-cli': 'src/admin-cli.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'cjs',
  external: EXTERNAL_DEPENDENCIES,
  sourcemap: true,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) process.stdout.write(`built ${path.relative(hubRoot, path.resolve(hubRoot, file))} (${Math.round(output.bytes / 1024)} KiB)\n`);
}
