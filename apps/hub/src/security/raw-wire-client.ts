/**
 * A deliberately bare WebSocket / engine.io client over a TCP socket, for security tests: it sends
 * exactly the bytes a test writes (crafted Socket.IO packets, invalid UTF-8 frames, oversized frames,
 * thousands of headers), which a well-behaved client library never would. Test code only; it must
 * never be used to talk to anything but a hub started by the test.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawUpgrade {
  /** The HTTP status line's code: 101 when the upgrade was accepted. */
  status: number;
  /** Text frames received so far (engine.io packets). */
  texts: string[];
  /** Close code the server sent, if any. */
  closeCode: number | null;
  closed: Promise<void>;
  isClosed(): boolean;
  sendText(text: string): void;
  /** One client frame with any opcode and payload, masked as the protocol requires. */
  sendFrame(opcode: number, payload: Buffer): void;
  waitForText(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string | null>;
  end(): void;
}

export function encodeClientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length])
    : length < 65_536 ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const size = Buffer.alloc(8); size.writeBigUInt64BE(BigInt(length)); return size; })()]);
  const masked = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) masked[index] = payload[index]! ^ mask[index % 4]!;
  return Buffer.concat([header, mask, masked]);
}

export function rawUpgrade(url: string, headers: Record<string, string | undefined>, extraHeaderLines: string[] = []): Promise<RawUpgrade> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let isClosed = false;
    let resolveClosed: () => void = () => {};
    const closed = new Promise<void>((done) => { resolveClosed = done; });
    const waiters: (() => void)[] = [];
    const result: RawUpgrade = {
      status: 0, texts: [], closeCode: null, closed,
      isClosed: () => isClosed,
      sendText: (text) => result.sendFrame(0x1, Buffer.from(text, 'utf8')),
      sendFrame: (opcode, payload) => { if (!socket.destroyed) socket.write(encodeClientFrame(opcode, payload)); },
      async waitForText(predicate, timeoutMs = 2000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const found = result.texts.find(predicate);
          if (found !== undefined) return found;
          if (isClosed) return null;
          await new Promise<void>((wake) => { waiters.push(wake); setTimeout(wake, 50); });
        }
        return null;
      },
      end: () => socket.destroy(),
    };
    const finish = () => {
      if (isClosed) return;
      isClosed = true;
      resolveClosed();
      if (!upgraded) resolve(result);
    };
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        result.status = Number(buffer.subarray(0, end).toString('latin1').split(' ')[1]);
        buffer = buffer.subarray(end + 4);
        if (result.status !== 101) { socket.destroy(); return; }
        upgraded = true;
        resolve(result);
      }
      // Server frames are not masked.
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
        else if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x1) result.texts.push(payload.toString('utf8'));
        if (opcode === 0x8) result.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        for (const wake of waiters.splice(0)) wake();
      }
    });
    socket.on('connect', () => {
      const lines = [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1', `Host: ${hostname}:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).filter(([, value]) => value !== undefined).map(([name, value]) => `${name}: ${value}`),
        ...extraHeaderLines,
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  });
}
