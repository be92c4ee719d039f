/**
 * A signed-in member secures the account from /account (issue 21), over real HTTP and real
 * Socket.IO clients on the real Redis: a new passphrase (the current one asked for, the sign-up
 * rule applied, the other sign-ins ended and their sockets closed, this one kept), a new recovery
 * code (the old one refused from then on), and signing out on every device (every sign-in ends and
 * every socket of the account closes in under a second).
 */
import { AccountService } from '../services/account.service';
import {
  type ClientSocket, type TestHub, type TestMember, callApi, pause, request, signUpMember, socketTracker, startTestHub,
} from '../testing/hub-harness';

/** A second sign-in of the same member, as another device would hold. */
async function signInAgain(hub: TestHub, handle: string, passphrase: string): Promise<string> {
  const answer = await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase });
  if (!answer.cookie) throw new Error(`sign-in failed: ${JSON.stringify(answer.body)}`);
  return answer.cookie;
}

/** Resolves with the reason of `access:revoked` and how long after `since` the socket was closed; rejects after `withinMs`. */
function closedWithin(socket: ClientSocket, since: number, withinMs: number): Promise<{ reason: string | null; afterMs: number }> {
  return new Promise((resolve, reject) => {
    let reason: string | null = null;
    const timer = setTimeout(() => reject(new Error(`the socket was still open ${withinMs} ms after the request`)), withinMs - (Date.now() - since));
    socket.once('access:revoked', (payload: { reason: string }) => { reason = payload.reason; });
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve({ reason, afterMs: Date.now() - since });
    });
  });
}

const NEW_PASSPHRASE = 'amber gulls above the salt marsh';

describe('securing the account from /account (real HTTP, real sockets, real Redis)', () => {
  let hub: TestHub;
  const { open, closeAll } = socketTracker(() => hub);

  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterEach(() => {
    closeAll();
  });
  afterAll(async () => {
    await hub.stop();
  });

  describe('changing the passphrase', () => {
    it('sets the new one, keeps this sign-in, and ends the others with their sockets in under a second', async () => {
      const member = await signUpMember(hub);
      const other = await signInAgain(hub, member.handle, member.passphrase);
      const here = await open(member.cookie);
      const there = await open(other);
      const started = Date.now();
      const closing = closedWithin(there, started, 1000);
      const answer = await callApi(hub, 'POST', '/api/me/passphrase', { currentPassphrase: member.passphrase, newPassphrase: NEW_PASSPHRASE }, member.cookie);
      expect(answer).toMatchObject({ status: 200, body: { ok: true, data: {} } });
      // This browser keeps its sign-in (no cookie is set or cleared).
      expect(answer.cookie).toBeNull();
      expect(await closing).toMatchObject({ reason: 'signed_out', afterMs: expect.any(Number) });
      expect((await callApi(hub, 'GET', '/api/me', undefined, other)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).body.ok).toBe(true);
      await pause(700);
      expect(here.connected).toBe(true);
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: NEW_PASSPHRASE })).body.ok).toBe(true);
    });

    it('refuses a wrong current passphrase with a typed error and changes nothing', async () => {
      const member = await signUpMember(hub, { join: false });
      const other = await signInAgain(hub, member.handle, member.passphrase);
      const answer = await callApi(hub, 'POST', '/api/me/passphrase', { currentPassphrase: 'not my passphrase at all, sorry', newPassphrase: NEW_PASSPHRASE }, member.cookie);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'invalid_credentials', fields: ['currentPassphrase'] } });
      expect((await callApi(hub, 'GET', '/api/me', undefined, other)).body.ok).toBe(true);
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: NEW_PASSPHRASE })).body.ok).toBe(false);
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).body.ok).toBe(true);
    });

    it('checks the new passphrase by the sign-up rule: too short, too common, or built from the handle', async () => {
      const member = await signUpMember(hub, { join: false });
      const change = (newPassphrase: string) => callApi(hub, 'POST', '/api/me/passphrase', { currentPassphrase: member.passphrase, newPassphrase }, member.cookie);
      const refused = { status: 400, body: { ok: false, error: { code: 'passphrase_rejected', fields: ['newPassphrase'] } } };
      expect(await change('short one')).toMatchObject(refused);
      expect(await change('correct horse battery staple')).toMatchObject(refused);
      // The hub holds only the handle's digest; the handle in other letters is still the handle.
      expect(await change(`${member.handle.toUpperCase()}!1`)).toMatchObject(refused);
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).body.ok).toBe(true);
    });
  });

  describe('a new recovery code', () => {
    it('is shown once; the old code is refused from then on and the new one sets a passphrase', async () => {
      const member = await signUpMember(hub, { join: false });
      const wrong = await callApi(hub, 'POST', '/api/me/recovery-code', { passphrase: 'not my passphrase at all, sorry' }, member.cookie);
      expect(wrong).toMatchObject({ status: 401, body: { ok: false, error: { code: 'invalid_credentials', fields: ['passphrase'] } } });

      const response = await fetch(`${hub.url}/api/me/recovery-code`, {
        method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json', cookie: member.cookie }, body: JSON.stringify({ passphrase: member.passphrase }),
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
      const renewed = (await response.json()) as { ok: true; data: { recoveryCode: string } };
      expect(renewed.data.recoveryCode).toMatch(/^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$/);
      expect(renewed.data.recoveryCode).not.toBe(member.recoveryCode);

      const recover = (recoveryCode: string) => callApi(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode, newPassphrase: NEW_PASSPHRASE });
      expect((await recover(member.recoveryCode)).body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
      const used = await recover(renewed.data.recoveryCode);
      expect(used.body).toMatchObject({ ok: true, data: { recoveryCode: expect.stringMatching(/^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$/) } });
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: NEW_PASSPHRASE })).body.ok).toBe(true);
    });
  });

  describe('signing out on every device', () => {
    it('ends every sign-in of the account and closes all its sockets, in the room or not, in under a second', async () => {
      const member = await signUpMember(hub);
      const other = await signInAgain(hub, member.handle, member.passphrase);
      const stranger = await signUpMember(hub, { join: false });
      const here = await open(member.cookie);
      const inRoom = await open(other);
      const bystander = await open(stranger.cookie);
      expect(await request(inRoom, 'session:join', { sessionId: hub.demo.liveSessionId })).toMatchObject({ ok: true });
      const started = Date.now();
      const closing = [closedWithin(here, started, 1000), closedWithin(inRoom, started, 1000)];
      const answer = await callApi(hub, 'POST', '/api/me/sign-out-everywhere', {}, member.cookie);
      expect(answer).toMatchObject({ status: 200, body: { ok: true, data: {} } });
      // This browser's cookie is cleared too.
      expect(answer.cookie).toMatch(/^respite_session=;?$/);
      for (const closed of await Promise.all(closing)) expect(closed).toMatchObject({ reason: 'signed_out' });
      for (const cookie of [member.cookie, other]) {
        expect((await callApi(hub, 'GET', '/api/me', undefined, cookie)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      }
      // Another account's socket is left alone, and the member can sign in again.
      expect(bystander.connected).toBe(true);
      expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).body.ok).toBe(true);
    });

    // The broadcast is only the fast path: each sign-in is refused in the open rooms first, so a node
    // that misses the broadcast still refuses the next event (a passphrase reset does the same).
    it.each([
      ['signing out everywhere', (member: TestMember) => callApi(hub, 'POST', '/api/me/sign-out-everywhere', {}, member.cookie)],
      ['a reset with the recovery code', (member: TestMember) =>
        callApi(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode: member.recoveryCode, newPassphrase: NEW_PASSPHRASE })],
    ])('%s refuses every sign-in of the account in the open rooms, before any broadcast', async (_name, act) => {
      const member = await signUpMember(hub);
      const other = await signInAgain(hub, member.handle, member.passphrase);
      const accountId = await hub.stores.logins.findAccountId(AccountService.tokenDigest(other.split('=')[1]!));
      const tokenDigests = await hub.stores.logins.listFor(accountId!);
      expect(tokenDigests).toHaveLength(2);
      expect((await act(member)).body.ok).toBe(true);
      for (const loginDigest of tokenDigests) {
        expect(await hub.stores.roomModeration.refusalOf(hub.demo.liveSessionId, { memberRef: 'not-this-one', loginDigest })).toBe('signed_out');
      }
    });
  });

  it('refuses each of the three from another origin, changing nothing (the CSRF guard of every mutating route)', async () => {
    const member = await signUpMember(hub, { join: false });
    const calls: [string, unknown][] = [
      ['/api/me/passphrase', { currentPassphrase: member.passphrase, newPassphrase: NEW_PASSPHRASE }],
      ['/api/me/recovery-code', { passphrase: member.passphrase }],
      ['/api/me/sign-out-everywhere', {}],
    ];
    for (const [path, body] of calls) {
      const answer = await callApi({ url: hub.url, origin: 'https://elsewhere.example' }, 'POST', path, body, member.cookie);
      expect({ path, status: answer.status, code: answer.body.ok ? null : answer.body.error.code }).toEqual({ path, status: 403, code: 'csrf_rejected' });
    }
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).body.ok).toBe(true);
    expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).body.ok).toBe(true);
    expect((await callApi(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode: member.recoveryCode, newPassphrase: NEW_PASSPHRASE })).body.ok).toBe(true);
  });
});
