/**
 * A socket lives no longer than the sign-in it was opened with. A sign-in ends at a fixed instant
 * (sign-in + LOGIN_SESSION_TTL_MS, never extended), read at the handshake, so each socket needs one
 * timer, set once to that instant: no sweep, no store read, nothing per packet beyond comparing two
 * numbers. At the expiry the socket is told `access:revoked { reason: 'login_expired' }` and
 * disconnected; a packet that arrives first (a timer can run late on a busy node) is refused as
 * `unauthenticated` and ends the socket the same way. Sign-out and the other revocations are
 * broadcast by the services (live-connections.ts); this guard covers the one change of rights that
 * nobody does: time passing.
 */
import { failure } from '@respite/protocol';
import type { Clock } from '../clock';
import type { HubSocket } from './socket-types';

/** setTimeout's longest delay (about 24.8 days); a longer wait is re-armed when it fires. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

const expiredMessage = 'Your sign-in has expired. Please sign in again.';

export function endAtLoginExpiry(socket: HubSocket, clock: Clock): void {
  const expiresAt = socket.data.loginExpiresAt;
  let timer: NodeJS.Timeout | null = null;
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    if (timer) clearTimeout(timer);
    socket.emit('access:revoked', { reason: 'login_expired' });
    socket.disconnect(true);
  };
  const arm = () => {
    const wait = expiresAt - clock.now();
    if (wait <= 0) return end();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_DELAY_MS));
    timer.unref();
  };

  socket.use((packet, next) => {
    if (!ended && clock.now() < expiresAt) return next();
    // Never call next(): the router does not see a packet of an expired sign-in.
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (answer: unknown) => void)(failure('unauthenticated', expiredMessage));
    end();
  });
  socket.once('disconnect', () => {
    ended = true;
    if (timer) clearTimeout(timer);
  });
  arm();
}
