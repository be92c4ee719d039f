/**
 * HTTP from a chosen loopback source address, so one test can play both the balancer and a direct
 * client on one machine: Linux routes all of 127.0.0.0/8 to `lo`, so a hub listening on 127.0.0.1
 * sees a request bound to 127.0.0.2 as coming from 127.0.0.2. `fetch` cannot choose its source
 * address; node:http can (`localAddress`).
 */
import http from 'node:http';

/** The address the tests' "balancer" sends from: the one the hub is told to trust. */
export const BALANCER_ADDRESS = '127.0.0.1';
/** A client that reaches the hub's port directly, past the balancer. */
export const DIRECT_CLIENT_ADDRESS = '127.0.0.2';

export interface LoopbackAnswer<T = any> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

export function postFrom<T = any>(from: string, url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<LoopbackAnswer<T>> {
  const target = new URL(path, url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', localAddress: from, agent: false,
      headers: { origin: new URL(url).origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as T });
        } catch {
          reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
