/**
 * The login storm's HTTP client: one POST per TCP connection on loopback, written as one prebuilt
 * HTTP/1.1 request, answered by the status line alone (the body is read and dropped). `fetch`
 * cost the generator about 1.5 ms of CPU per sign-in, a tenth of the two cores that the hub's
 * hashing threads compete for; this costs a fraction of that, so the sign-in rate measures the hub.
 * Loopback only, and every request is bounded by a timeout.
 */
import net from 'node:net';

export interface ThinHttpAnswer {
  status: number;
}

const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)(\/[^\s]*)$/;

export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs = 120_000): Promise<ThinHttpAnswer> {
  const match = LOOPBACK_URL.exec(url);
  if (!match) return Promise.reject(new Error('the thin HTTP client talks to loopback only'));
  const [, host, port, path] = match as unknown as [string, string, string, string];
  const lines = [`POST ${path} HTTP/1.1`, `host: ${host}:${port}`, 'connection: close', `content-length: ${Buffer.byteLength(body)}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const request = `${lines.join('\r\n')}\r\n\r\n${body}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host);
    let head = '';
    let status = 0;
    const fail = (error: Error) => { socket.destroy(); reject(error); };
    socket.setTimeout(timeoutMs, () => fail(new Error('timeout')));
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      if (status) return;
      head += chunk.toString('latin1');
      const lineEnd = head.indexOf('\r\n');
      if (lineEnd < 0) return;
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.slice(0, lineEnd))?.[1] ?? 0);
      if (!status) fail(new Error('not an HTTP answer'));
    });
    socket.once('error', fail);
    socket.once('close', () => (status ? resolve({ status }) : reject(new Error('closed before an answer'))));
  });
}
