/**
 * A socket does not outlive its sign-in: with a real Redis, a real socket.io-client and a sign-in
 * of a few seconds, the socket is told `access:revoked { reason: 'login_expired' }` and closed
 * within a second of the expiry, and nothing it or its cookie sends afterwards is accepted. A
 * second hub on a clock moved past the expiry (anchored to the wall clock) shows that a packet
 * arriving before the timer has run is refused too.
 */
import { ManualClock } from '../clock';
import { AccountService } from '../services/account.service';
import { type TestHub, callApi, collect, connectClient, connected, nextEvent, request, signUpMember, startTestHub } from '../testing/hub-harness';

/** Long enough to sign up, connect and join on a busy machine; short enough to wait for. */
const SHORT_LOGIN_TTL_MS = 6000;
/** How long after the expiry the socket may still be open: the promise is "within a second". */
const WITHIN_MS = 1000;

async function loginExpiry(hub: TestHub, cookie: string): Promise<number> {
  const digest = AccountService.tokenDigest(cookie.slice(cookie.indexOf('=') + 1));
  const login = await hub.stores.logins.find(digest);
  if (!login) throw new Error('no login record');
  return login.expiresAt;
}

describe('a sign-in expiry ends its sockets', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', loginTtlMs: SHORT_LOGIN_TTL_MS });
  });
  afterAll(async () => hub?.stop());

  it('closes a joined socket within a second of the expiry, and refuses the cookie afterwards', async () => {
    const member = await signUpMember(hub);
    const expiresAt = await loginExpiry(hub, member.cookie);
    expect(expiresAt - Date.now()).toBeGreaterThan(1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(SHORT_LOGIN_TTL_MS);

    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    expect((await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    const revoked = collect<{ reason: string }>(socket, 'access:revoked');
    // Resolves with when the socket closed, or null if it is still open a while after the expiry.
    const closedAt = new Promise<number | null>((resolve) => {
      const giveUp = setTimeout(() => resolve(null), expiresAt + 3 * WITHIN_MS - Date.now());
      socket.once('disconnect', () => { clearTimeout(giveUp); resolve(Date.now()); });
    });

    // Until the expiry the socket works as before.
    expect((await request(socket, 'typing:set', { sessionId: hub.demo.liveSessionId, typing: true })).ok).toBe(true);
    expect(revoked).toEqual([]);

    const closed = await closedAt;
    expect(revoked).toEqual([{ reason: 'login_expired' }]);
    expect(closed).not.toBeNull();
    expect(closed!).toBeGreaterThanOrEqual(expiresAt);
    expect(closed! - expiresAt).toBeLessThan(WITHIN_MS);

    // Afterwards the same cookie opens nothing: not a socket, not a REST route.
    await expect(connected(connectClient(hub, member.cookie))).rejects.toThrow('unauthenticated');
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).status).toBe(401);
    socket.close();
  }, 30_000);

  it('leaves a socket opened by a later sign-in of the same account alone', async () => {
    const member = await signUpMember(hub);
    const first = connectClient(hub, member.cookie);
    await connected(first);
    // Sign in again half-way: that sign-in ends later, and its socket must stay.
    await new Promise((resolve) => setTimeout(resolve, SHORT_LOGIN_TTL_MS / 2));
    const again = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase });
    const second = connectClient(hub, again.cookie);
    await connected(second);
    const firstRevoked = nextEvent<{ reason: string }>(first, 'access:revoked', SHORT_LOGIN_TTL_MS + WITHIN_MS);
    expect(await firstRevoked).toEqual({ reason: 'login_expired' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(first.connected).toBe(false);
    expect(second.connected).toBe(true);
    expect((await request(second, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    first.close();
    second.close();
  }, 30_000);
});

describe('a packet that arrives after the expiry, before the timer has run', () => {
  let hub: TestHub;
  // The hub's clock starts at the wall clock and is moved by hand; Redis keeps real time.
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', clock });
  });
  afterAll(async () => hub?.stop());

  it('is refused as unauthenticated, and the socket is ended as expired', async () => {
    const member = await signUpMember(hub);
    const expiresAt = await loginExpiry(hub, member.cookie);
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    expect((await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId })).ok).toBe(true);
    const revoked = nextEvent<{ reason: string }>(socket, 'access:revoked');

    // The socket's timer waits for real time (24 h); on the hub's clock the sign-in has now ended.
    clock.set(expiresAt);
    const answer = await request(socket, 'message:send', { sessionId: hub.demo.liveSessionId, clientId: 'c0ffee00-0000-4000-8000-000000000001', text: 'after the end' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await revoked).toEqual({ reason: 'login_expired' });
    socket.close();
  }, 30_000);
});
