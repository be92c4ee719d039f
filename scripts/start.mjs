#!/usr/bin/env node
// `npm start` (or `pnpm start`): installs dependencies, builds the web app and the hub, and runs
// one hub on PORT (default 3000) from its build (apps/hub/dist). With no REDIS_URL it runs on
// in-memory stores and seeds a demo.
import { installDependencies, pnpm } from './toolchain.mjs';

await installDependencies();
for (const app of ['@respite/web', '@respite/hub']) {
  const build = await pnpm(['--filter', app, 'build']);
  if (build.code !== 0) process.exit(build.code);
}
const hub = await pnpm(['--filter', '@respite/hub', 'start']);
process.exit(hub.code);
