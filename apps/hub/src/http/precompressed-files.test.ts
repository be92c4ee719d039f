import path from 'node:path';
import { builtFileFor, originalOf, preferredEncoding } from './precompressed-files';

describe('preferredEncoding', () => {
  it('prefers brotli, then gzip, among what the client accepts', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredEncoding('gzip')).toBe('gzip');
    expect(preferredEncoding('br')).toBe('br');
    expect(preferredEncoding('x-gzip')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('br');
  });

  it('follows q-values, and refuses with q=0', () => {
    expect(preferredEncoding('gzip;q=1, br;q=0.5')).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip')).toBe('gzip');
    expect(preferredEncoding('*;q=0.3, br;q=0')).toBe('gzip');
    expect(preferredEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(preferredEncoding('BR ; Q=0.8 , GZIP ; q=0.9')).toBe('gzip');
  });

  it('sends no encoding to a client that names none or only others', () => {
    expect(preferredEncoding(undefined)).toBeNull();
    expect(preferredEncoding('')).toBeNull();
    expect(preferredEncoding('identity')).toBeNull();
    expect(preferredEncoding('deflate, zstd')).toBeNull();
  });

  it('chooses only among the copies that exist', () => {
    expect(preferredEncoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(preferredEncoding('br', ['gzip'])).toBeNull();
  });
});

describe('builtFileFor', () => {
  const dir = path.resolve(__dirname);
  it('finds a file, and never one outside the directory', () => {
    expect(builtFileFor(dir, '/web-app.ts')).toBe(path.join(dir, 'web-app.ts'));
    expect(builtFileFor(dir, '/../http/web-app.ts')).toBe(path.join(dir, 'web-app.ts'));
    expect(builtFileFor(dir, '/../app.ts')).toBeNull();
    expect(builtFileFor(dir, '/%2e%2e/app.ts')).toBeNull();
    expect(builtFileFor(dir, '/%E0%A4%A')).toBeNull();
    expect(builtFileFor(dir, '/missing.js')).toBeNull();
  });

  it('names the original of a copy', () => {
    expect(originalOf('/b/x.js.br')).toBe('/b/x.js');
    expect(originalOf('/b/x.css.gz')).toBe('/b/x.css');
    expect(originalOf('/b/x.js')).toBe('/b/x.js');
  });
});
