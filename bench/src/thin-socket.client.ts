/**
 * A thin Socket.IO v4 client over `ws`, for the load generator: the Engine.IO open packet
 * (`0{...}`), the namespace connect (`40`), events (`42[...]`), emits with acks (`42<id>[...]`
 * answered by `43<id>[...]`), and pings answered with pongs. WebSocket transport only, default
 * namespace only, no binary, no reconnection: just what the benchmark needs, at a fraction of
 * socket.io-client's CPU. It must never be used against anything but loopback.
 */
import WebSocket from 'ws';

export interface BenchSocket {
  /** Resolves once the namespace is connected (after the handshake and the server's auth). */
  readonly connected: Promise<void>;
  emitWithAck(event: string, payload: unknown, onAck: (answer: any) => void): void;
  on(event: string, listener: (payload: any) => void): void;
  close(): void;
}

export function connectThinSocket(options: { url: string; headers: Record<string, string> }): BenchSocket {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(wsUrl, { headers: options.headers, perMessageDeflate: false });
  const acks = new Map<number, (answer: any) => void>();
  const listeners = new Map<string, (payload: any) => void>();
  let nextAckId = 0;
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const connected = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
  connected.catch(() => {});

  ws.on('message', (data: Buffer) => {
    const frame = data.toString();
    const type = frame.charCodeAt(0);
    if (type === 50 /* '2' ping */) { ws.send('3'); return; }
    if (type === 48 /* '0' open */) { ws.send('40'); return; }
    if (type !== 52 /* '4' message */) { if (type === 49) settle.reject(new Error('engine closed')); return; }
    const packetType = frame.charCodeAt(1);
    if (packetType === 48 /* '0' connect */) { settle.resolve(); return; }
    if (packetType === 52 /* '4' connect_error */) { settle.reject(new Error(`connect_error ${frame.slice(2)}`)); return; }
    if (packetType === 50 /* '2' event */) {
      const bracket = frame.indexOf('[');
      const [event, payload] = JSON.parse(frame.slice(bracket)) as [string, unknown];
      listeners.get(event)?.(payload);
      return;
    }
    if (packetType === 51 /* '3' ack */) {
      const bracket = frame.indexOf('[');
      const id = Number(frame.slice(2, bracket));
      const callback = acks.get(id);
      if (callback) { acks.delete(id); callback((JSON.parse(frame.slice(bracket)) as unknown[])[0]); }
    }
  });
  ws.on('error', (error) => settle.reject(error));
  ws.on('close', () => settle.reject(new Error('closed')));

  return {
    connected,
    emitWithAck(event, payload, onAck) {
      const id = nextAckId++;
      acks.set(id, onAck);
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
    },
    on(event, listener) { listeners.set(event, listener); },
    close() { ws.terminate(); },
  };
}
