/**
 * Ends the connection of a client that stops reading. Without this, every room broadcast to a
 * client whose TCP window is closed piles up in this process (engine.io's `writeBuffer`, then the
 * WebSocket's `bufferedAmount`) until the heartbeat gives up, 45 s later by default; a few such
 * clients in a busy room could hold hundreds of megabytes.
 *
 * What is counted: the packets engine.io holds for the connection (they pile up once the kernel's
 * socket buffer is full and the previous batch has not been written) and the bytes the WebSocket
 * holds in user space. Checked when the hub queues a packet for the connection (engine.io's
 * `packetCreate`): a few property reads per outgoing packet, no timer, and a connection that gets
 * nothing does not grow. The cut destroys the TCP connection at once (a close handshake would wait
 * behind the very bytes the client does not read); the client sees its transport close and its
 * normal reconnect resumes the room from its last message id.
 *
 * Never reads or logs what is in the buffers.
 */
import type { HubSocket } from './socket-types';
import type { GuardCutReason } from './socket-flood-guard';

export interface SlowReaderBound {
  /** Packets engine.io may hold for one connection beyond what the kernel and the WebSocket took. */
  maxQueuedPackets: number;
  /** Bytes the WebSocket may hold in user space for one connection. */
  maxBufferedBytes: number;
}

/**
 * Packets queue in engine.io only once the kernel's send buffer (up to 4 MiB here) is full, so a
 * client 500 packets further behind is 25 s of a room at its busiest (20 members at the message
 * limit) behind, and more in any normal room: it is not reading. 8 MiB is well above one packet of
 * any size we send (the largest, a join's history of 500 messages of 2,000 characters, is about
 * 3-6 MiB), so a slow link that is still reading never meets it.
 */
export const defaultSlowReaderBound: SlowReaderBound = { maxQueuedPackets: 500, maxBufferedBytes: 8 * 1024 * 1024 };

interface EngineConnection {
  writeBuffer: unknown[];
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: () => void): void;
  close(discard?: boolean): void;
}

export function guardAgainstSlowReaders(socket: HubSocket, options: { bound?: SlowReaderBound; onCut: (reason: GuardCutReason, queuedPackets: number) => void }): void {
  const bound = options.bound ?? defaultSlowReaderBound;
  const connection = socket.conn as unknown as EngineConnection;
  let cut = false;
  connection.on('packetCreate', () => {
    if (cut) return;
    const queued = connection.writeBuffer.length;
    const bufferedBytes = connection.transport.socket?.bufferedAmount ?? 0;
    if (queued < bound.maxQueuedPackets && bufferedBytes < bound.maxBufferedBytes) return;
    cut = true;
    // After the current send finishes queuing this packet, not in the middle of it.
    setImmediate(() => {
      options.onCut('slow_reader', queued);
      // Frees the WebSocket's buffer now; `close(true)` then drops engine.io's queue and tells Socket.IO.
      connection.transport.socket?.terminate?.();
      connection.close(true);
    });
  });
}
