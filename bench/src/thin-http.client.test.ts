/**
 * The login storm's thin HTTP client against `fetch`, on a real loopback server: the same
 * statuses, and the server sees the same method, path, headers and body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson } from './thin-http.client';

describe('thin HTTP client', () => {
  let server: http.Server;
  let url: string;
  const seen: { method?: string; url?: string; origin?: string; type?: string; forwarded?: string; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => { body += chunk; });
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, origin: request.headers.origin, type: request.headers['content-type'], forwarded: request.headers['x-forwarded-for'] as string, body });
        const { want } = JSON.parse(body) as { want: number };
        response.writeHead(want, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: want === 200, padding: 'x'.repeat(want === 401 ? 70_000 : 10) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/sign-in`;
  });
  afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

  it('answers the statuses fetch answers, and sends the same request', async () => {
    const headers = { origin: 'http://127.0.0.1:1', 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.7' };
    for (const want of [200, 401, 429]) {
      const body = JSON.stringify({ want, handle: 'quiet-heron' });
      const viaFetch = await fetch(url, { method: 'POST', headers, body });
      await viaFetch.arrayBuffer();
      const thin = await postJson(url, headers, body);
      expect(thin.status).toBe(viaFetch.status);
      expect(thin.status).toBe(want);
      const [fromFetch, fromThin] = seen.splice(0);
      expect(fromThin).toEqual(fromFetch);
    }
  });

  it('refuses anything but loopback', async () => {
    await expect(postJson('http://192.0.2.1:80/api/auth/sign-in', {}, '{}')).rejects.toThrow('loopback only');
  });
});
