/**
 * The built web app over real HTTP with each Accept-Encoding: the hub sends the build's brotli or
 * gzip copy with the right Content-Encoding, the original's Content-Type, `Vary: Accept-Encoding`
 * and its cache headers, and the decoded bytes are the original's. Raw node:http, because fetch
 * would ask for and decode the encodings itself. Needs the web build (`pnpm --filter @respite/web build`).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { webBuildDir } from '../testing/browser-harness';
import { startTestHub, type TestHub } from '../testing/hub-harness';

interface RawAnswer { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function rawRequest(url: string, acceptEncoding: string | null, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

function decode(answer: RawAnswer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return zlib.gunzipSync(answer.body);
  if (encoding === undefined) return answer.body;
  throw new Error(`unexpected encoding ${encoding}`);
}

function varies(answer: RawAnswer): boolean {
  return (answer.headers.vary ?? '').split(',').map((name) => name.trim().toLowerCase()).includes('accept-encoding');
}

/** The largest built script: the one compression matters most for. */
function largestScript(): string {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(path.join(webBuildDir, '_app', 'immutable'));
  return files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

describe('compressed static files', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('sends a script as brotli, gzip or as is by Accept-Encoding, each decoding to the original', async () => {
    const file = largestScript();
    const original = fs.readFileSync(file);
    const url = `${hub.url}/${path.relative(webBuildDir, file).split(path.sep).join('/')}`;

    const plain = await rawRequest(url, null);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expect(plain.body.equals(original)).toBe(true);
    expect(varies(plain)).toBe(true);

    const cases: [acceptEncoding: string, encoding: string | undefined][] = [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br, zstd', 'br'], // what Chromium sends
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', undefined],
      ['deflate', undefined],
    ];
    const etags = new Map<string | undefined, string>();
    for (const [acceptEncoding, encoding] of cases) {
      const answer = await rawRequest(url, acceptEncoding);
      const seen = { acceptEncoding, status: answer.status, encoding: answer.headers['content-encoding'], type: answer.headers['content-type'], vary: varies(answer), cache: answer.headers['cache-control'] };
      expect(seen).toEqual({ acceptEncoding, status: 200, encoding, type: plain.headers['content-type'], vary: true, cache: 'public, max-age=31536000, immutable' });
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(decode(answer).equals(original)).toBe(true);
      if (encoding) expect(answer.body.length).toBeLessThan(original.length);
      const etag = etags.get(encoding);
      if (etag) expect(answer.headers.etag).toBe(etag);
      else etags.set(encoding, String(answer.headers.etag));
    }
    // A cache that revalidates must never take one encoding's copy for another's.
    expect(new Set(etags.values()).size).toBe(3);

    const head = await rawRequest(url, 'br', 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(fs.statSync(`${file}.br`).size);
  });

  it('compresses pages too, keeping their Content-Security-Policy: a prerendered page and the app shell', async () => {
    const crisis = await rawRequest(`${hub.url}/crisis`, 'gzip, br');
    expect(crisis.headers['content-encoding']).toBe('br');
    expect(crisis.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(crisis.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(varies(crisis)).toBe(true);
    expect(decode(crisis).equals(fs.readFileSync(path.join(webBuildDir, 'crisis.html')))).toBe(true);

    const shell = await rawRequest(`${hub.url}/groups`, 'gzip');
    expect(shell.headers['content-encoding']).toBe('gzip');
    expect(shell.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(shell.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(varies(shell)).toBe(true);
    expect(decode(shell).equals(fs.readFileSync(path.join(webBuildDir, '200.html')))).toBe(true);
  });

  it('leaves the API alone', async () => {
    const answer = await rawRequest(`${hub.url}/api/me`, 'br, gzip');
    expect(answer.status).toBe(401);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
  });
});
