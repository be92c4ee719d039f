#!/usr/bin/env node
// `npm start` (or `pnpm start`): installs dependencies, builds the web app, and runs one hub on PORT
// (default 3000). With no REDIS_URL it runs on in-memory stores and seeds a demo.
import { installDependencies, pnpm } from './toolchain.mjs';

await installDependencies();
const build = await pnpm(['--filter', '@respite/web', 'build']);
if (build.code !== 0) process.exit(build.code);
const hub = await pnpm(['--filter', '@respite/hub', 'start']);
process.exit(hub.code);
