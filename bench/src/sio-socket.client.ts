/** The same BenchSocket over the real socket.io-client, used once to check the thin client against it. */
import { io } from 'socket.io-client';
import type { BenchSocket } from './thin-socket.client';

export function connectSocketIoClient(options: { url: string; headers: Record<string, string> }): BenchSocket {
  const socket = io(options.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: options.headers });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  connected.catch(() => {});
  return {
    connected,
    emitWithAck(event, payload, onAck) { socket.emit(event, payload, onAck); },
    on(event, listener) { socket.on(event, listener); },
    close() { socket.disconnect(); },
  };
}
