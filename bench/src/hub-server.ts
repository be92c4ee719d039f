/**
 * The hub under test, as its own process: this wrapper starts the event-loop probe and then loads
 * the hub's build, apps/hub/dist/index.js (what `pnpm --filter @respite/hub start` and the image
 * run), configured only through the environment the parent sets. It changes nothing in the hub.
 * Built to bench/dist/hub-server.js (scripts/build-bench.mjs); the hub is loaded by path at run
 * time, not bundled into this wrapper, so the code measured is the hub's own build.
 */
import path from 'node:path';
import { startServerProbe } from './server-probe';

startServerProbe();
// A require by path at run time, so esbuild leaves the hub's build out of this wrapper's bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.resolve(__dirname, '../../apps/hub/dist/index.js'));
