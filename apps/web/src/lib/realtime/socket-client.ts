/**
 * The one typed Socket.IO connection to the hub, on the same origin. The httpOnly session cookie
 * authenticates it: no token ever goes in the URL or the auth payload. It must never log or keep
 * anything it carries.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@respite/protocol';

export type RespiteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function createRespiteSocket(): RespiteSocket {
  return io({
    path: '/socket.io',
    // WebSocket only: every upgrade carries an Origin the hub checks, and a browser's same-origin
    // polling request carries none (the hub refuses it), so a polling fallback could never connect.
    transports: ['websocket'],
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    autoConnect: false,
  });
}
