/**
 * Ends the connection of a client that stops reading. Without this, every room broadcast to a
 * client whose TCP window is closed piles up in this process (engine.io's `writeBuffer`, then the
 * WebSocket's `bufferedAmount`) until the heartbeat gives up, 45 s later by default; a few such
 * clients in a busy room could hold hundreds of megabytes.
 *
 * What is counted: the packets engine.io holds for the connection (they pile up once the kernel's
 * socket buffer is full and the previous batch has not been written) and the bytes the WebSocket
 * holds in user space. Checked by a sweep over the node's connections every `sweepEveryMs`
 * (a few property reads per connection), not on every outgoing packet: a listener per packet cost
 * the broadcast path about 3 % of the hub's CPU at the busiest chat rate (docs/performance.md). The cut destroys
 * the TCP connection at once (a close handshake would wait behind the very bytes the client does
 * not read); the client sees its transport close and its normal reconnect resumes the room from
 * its last message id.
 *
 * Never reads or logs what is in the buffers.
 */
import type { GuardCutReason } from './socket-flood-guard';
import type { HubServer } from './socket-types';

export interface SlowReaderBound {
  /** Packets engine.io may hold for one connection beyond what the kernel and the WebSocket took. */
  maxQueuedPackets: number;
  /** Bytes the WebSocket may hold in user space for one connection. */
  maxBufferedBytes: number;
  /** How often every connection is checked. */
  sweepEveryMs: number;
}

/**
 * Packets queue in engine.io only once the kernel's send buffer (up to 4 MiB here) is full, so a
 * client 500 packets further behind is 25 s of a room at its busiest (20 members at the message
 * limit) behind, and more in any normal room: it is not reading. 8 MiB is well above one packet of
 * any size we send (the largest, a join's history of 500 messages of 2,000 characters, is about
 * 3-6 MiB), so a slow link that is still reading never meets it. Once a second: a second of the
 * busiest room is 20 packets on top of the bound, and a sweep is a few property reads per
 * connection (its cost was not seen apart from the noise in full-size runs).
 */
export const defaultSlowReaderBound: SlowReaderBound = { maxQueuedPackets: 500, maxBufferedBytes: 8 * 1024 * 1024, sweepEveryMs: 1000 };

interface EngineConnection {
  writeBuffer: unknown[];
  transport: { socket?: { bufferedAmount?: number; terminate?: () => void } } | null;
  close(discard?: boolean): void;
}

/** Starts the sweep over the server's connections; the returned function stops it. */
export function guardAgainstSlowReaders(io: HubServer, options: { bound?: SlowReaderBound; onCut: (reason: GuardCutReason, queuedPackets: number) => void }): () => void {
  const bound = options.bound ?? defaultSlowReaderBound;
  // Broadcasts reach only connections that finished the Socket.IO handshake, so those are the ones
  // swept (a Map: iterating it is several times cheaper than engine.io's object of clients).
  const sockets = io.of('/').sockets;
  const cut = new WeakSet<EngineConnection>();
  const sweep = () => {
    for (const socket of sockets.values()) {
      const connection = socket.conn as unknown as EngineConnection;
      const queued = connection.writeBuffer.length;
      const bufferedBytes = connection.transport?.socket?.bufferedAmount ?? 0;
      if ((queued < bound.maxQueuedPackets && bufferedBytes < bound.maxBufferedBytes) || cut.has(connection)) continue;
      cut.add(connection);
      options.onCut('slow_reader', queued);
      // Frees the WebSocket's buffer now; `close(true)` then drops engine.io's queue and tells Socket.IO.
      connection.transport?.socket?.terminate?.();
      connection.close(true);
    }
  };
  const timer = setInterval(sweep, bound.sweepEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
