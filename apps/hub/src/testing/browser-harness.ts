/**
 * A real Chromium for journey tests, driven by playwright-core: the system's Chromium (or
 * CHROMIUM_PATH), headless, with background networking off (this machine has no internet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const webBuildDir = path.resolve(__dirname, '../../../web/build');
export const screenshotDir = path.resolve(__dirname, '../../../../docs/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(path.join(webBuildDir, '200.html'))) {
    throw new Error(`The web app is not built (${webBuildDir}). Run \`pnpm --filter @respite/web build\` or \`pnpm test\`, which builds it.`);
  }
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((candidate) => candidate && fs.existsSync(candidate));
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
