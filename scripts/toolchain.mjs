// Shared by start.mjs and test.mjs: find or fetch pnpm, and run commands with inherited output.
// Plain Node with no dependencies, so it works on a fresh clone before anything is installed.
import { spawn, spawnSync } from 'node:child_process';

export const PNPM_VERSION = '10.34.9';

function hasCommand(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore', shell: process.platform === 'win32' }).status === 0;
}

/** pnpm on PATH, or the pinned pnpm fetched once by npx. */
export function pnpmCommand() {
  if (hasCommand('pnpm')) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit', env: options.env ?? process.env });
    let output = '';
    if (options.capture) {
      child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
      child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

export async function pnpm(args, options = {}) {
  const [command, ...prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], options);
}

export async function installDependencies() {
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  const { code } = await pnpm(['install', ...frozen]);
  if (code !== 0) {
    console.error('\nInstalling dependencies failed. Node 20.19+ with npm is needed; argon2 compiles from source, which needs python3, make and a C++ compiler.');
    process.exit(code);
  }
}
