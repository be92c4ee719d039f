/**
 * Picks the precompressed copy of a built web file (`x.js.br`, `x.js.gz`, written beside it by the
 * web build's `precompress`) for a client that accepts it. The hub never compresses on the fly:
 * the build did it once, at the highest settings. Every file that has a compressed copy is sent
 * with `Vary: Accept-Encoding`, whichever copy goes out, so a shared cache keeps them apart.
 */
import fs from 'node:fs';
import path from 'node:path';

export type ContentEncoding = 'br' | 'gzip';

/** The file suffix each encoding's copy carries. */
const SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

/**
 * The encoding to send for an Accept-Encoding header, among those `available`: the highest q,
 * brotli on a tie (smaller), none when the client accepts neither. `*` stands for any encoding
 * the header does not name; q=0 refuses.
 */
export function preferredEncoding(header: string | undefined, available: readonly ContentEncoding[] = ['br', 'gzip']): ContentEncoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName = '', ...parameters] = part.trim().split(';');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    let weight = 1;
    for (const parameter of parameters) {
      const [key, value] = parameter.split('=').map((piece) => piece.trim());
      if (key?.toLowerCase() === 'q') weight = Number.isFinite(Number(value)) ? Number(value) : 0;
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, weight);
  }
  let best: ContentEncoding | null = null;
  let bestWeight = 0;
  for (const encoding of available) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  return best;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The encodings with a copy beside `file`, brotli first. */
export function compressedCopies(file: string): ContentEncoding[] {
  return (['br', 'gzip'] as const).filter((encoding) => isFile(file + SUFFIX[encoding]));
}

/** The copy's path for `encoding`, or the file itself for none. */
export function copyPath(file: string, encoding: ContentEncoding | null): string {
  return encoding ? file + SUFFIX[encoding] : file;
}

/** The file a copy was made from: `x.js.br` → `x.js`; anything else unchanged. */
export function originalOf(file: string): string {
  for (const suffix of Object.values(SUFFIX)) if (file.endsWith(suffix)) return file.slice(0, -suffix.length);
  return file;
}

/**
 * The built file a URL path names, as express.static would find it (`/` → index.html, `/crisis`
 * → crisis.html), or null when none does or the path leaves the build directory.
 */
export function builtFileFor(buildDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = path.resolve(buildDir);
  const candidate = path.resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  if (isFile(candidate)) return candidate;
  if (!decoded.endsWith('/') && isFile(`${candidate}.html`)) return `${candidate}.html`;
  return null;
}
