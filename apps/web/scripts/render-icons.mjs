// Renders static/icons/icon.svg to the PNG sizes the manifest lists, in the system Chromium,
// without network. Run by hand after changing the SVG: `node scripts/render-icons.mjs`; the PNGs
// are committed, so builds never need a browser.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, '../../hub/package.json'));
const { chromium } = require('playwright-core');
const iconDir = path.resolve(here, '../static/icons');
const svg = fs.readFileSync(path.join(iconDir, 'icon.svg'), 'utf8');
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => candidate && fs.existsSync(candidate));

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: path.join(iconDir, `icon-${size}.png`), omitBackground: false });
  await page.close();
}
await browser.close();
