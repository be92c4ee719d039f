/** Accounts without identity, over real HTTP on the real Redis. */
import { connect } from 'node:net';
import { keysHolding, keysWithPrefix } from '../testing/redis-test-env';
import { type TestHub, callApi, connectClient, connected, nextEvent, request, signUpMember, startTestHub } from '../testing/hub-harness';

/**
 * A POST written byte for byte on a socket, with exactly these headers and no body bytes (fetch and
 * node:http add a `Content-Length: 0` of their own); a chunked one sends only the last chunk.
 */
function rawPost(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (chunk: Buffer) => { text += chunk.toString(); });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) });
    });
    const lines = Object.entries({ host: `${hostname}:${port}`, connection: 'close', ...headers }).map(([name, value]) => `${name}: ${value}`);
    socket.write(`POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${headers['transfer-encoding'] === 'chunked' ? '0\r\n\r\n' : ''}`);
  });
}

describe('accounts over HTTP', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('signs up with an invite code, sets an httpOnly SameSite cookie, and shows the recovery code once', async () => {
    const response = await fetch(`${hub.url}/api/auth/sign-up`, {
      method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: hub.demo.inviteCode.toLowerCase(), handle: 'Dr.Quiet_Heron', passphrase: 'lanterns over a winter harbour', timeZone: 'America/Chicago' }),
    });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, data: { account: { roles: ['member'], timeZone: 'America/Chicago' } } });
    expect(body.data.recoveryCode).toMatch(/^([A-Z2-9]{5}-){4}[A-Z2-9]{5}$/);
    expect(JSON.stringify(body)).not.toMatch(/quiet_heron/i);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^respite_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // A fresh sign-in lasts 24 hours, as protocol.md section 3 says, not a second less.
    expect(cookie).toMatch(/Max-Age=86400;/);
    const me = await callApi(hub, 'GET', '/api/me', undefined, cookie.split(';')[0]);
    expect(me.body).toMatchObject({ ok: true, data: { account: { roles: ['member'] } } });
    // Neither the handle nor the passphrase is stored in a readable form anywhere.
    expect(await keysHolding(hub.redis!.durable, 'Quiet_Heron')).toEqual([]);
    expect(await keysHolding(hub.redis!.durable, 'quiet_heron')).toEqual([]);
    expect(await keysHolding(hub.redis!.durable, 'lanterns over a winter harbour')).toEqual([]);
    expect(await keysHolding(hub.redis!.durable, body.data.recoveryCode)).toEqual([]);
  });

  it('refuses a weak passphrase, a taken handle (in any case) and a bad invite code, with typed errors', async () => {
    const base = { inviteCode: hub.demo.inviteCode, handle: 'someone.new', passphrase: 'a passphrase long enough' };
    expect((await callApi(hub, 'POST', '/api/auth/sign-up', { ...base, passphrase: 'short' })).body).toMatchObject({ ok: false, error: { code: 'passphrase_rejected', fields: ['passphrase'] } });
    expect((await callApi(hub, 'POST', '/api/auth/sign-up', { ...base, passphrase: 'correct horse battery staple' })).body).toMatchObject({ ok: false, error: { code: 'passphrase_rejected' } });
    expect((await callApi(hub, 'POST', '/api/auth/sign-up', { ...base, inviteCode: 'NOPE-NOPE' })).body).toMatchObject({ ok: false, error: { code: 'invite_invalid' } });
    expect((await callApi(hub, 'POST', '/api/auth/sign-up', base)).body.ok).toBe(true);
    const again = await callApi(hub, 'POST', '/api/auth/sign-up', { ...base, handle: 'SOMEONE.NEW' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'conflict', fields: ['handle'] } });
    expect((await callApi(hub, 'POST', '/api/auth/sign-up', { ...base, email: 'a@b.c' })).body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('answers an unknown handle and a wrong passphrase alike, in status and body', async () => {
    const member = await signUpMember(hub, { join: false });
    const wrong = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: 'not the right passphrase' });
    const unknown = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: 'nobody-by-this-name', passphrase: 'not the right passphrase' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.cookie).toBeNull();
    const right = await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle.toUpperCase(), passphrase: member.passphrase });
    expect(right.body.ok).toBe(true);
    expect(right.cookie).toMatch(/^respite_session=/);
  });

  it('signs out: the cookie stops working and the live socket of that sign-in is closed', async () => {
    const member = await signUpMember(hub);
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    const revoked = nextEvent(socket, 'access:revoked');
    const disconnected = nextEvent(socket, 'disconnect');
    const out = await callApi(hub, 'POST', '/api/auth/sign-out', {}, member.cookie);
    expect(out.body.ok).toBe(true);
    expect(out.cookie).toBe('respite_session=');
    expect(await revoked).toEqual({ reason: 'signed_out' });
    await disconnected;
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('resets the passphrase with the recovery code, issues a new code and signs out everywhere', async () => {
    const member = await signUpMember(hub, { join: false });
    const bad = await callApi(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode: 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA', newPassphrase: 'a brand new passphrase here' });
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const good = await callApi<{ recoveryCode: string }>(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode: member.recoveryCode.toLowerCase(), newPassphrase: 'a brand new passphrase here' });
    expect(good.body.ok).toBe(true);
    expect(good.body.ok && good.body.data.recoveryCode).not.toBe(member.recoveryCode);
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).status).toBe(401);
    expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).status).toBe(401);
    expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: 'a brand new passphrase here' })).body.ok).toBe(true);
    const reused = await callApi(hub, 'POST', '/api/auth/recover', { handle: member.handle, recoveryCode: member.recoveryCode, newPassphrase: 'yet another passphrase now' });
    expect(reused.body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
  });

  it('deletes an account and everything that belongs to it, at once', async () => {
    const member = await signUpMember(hub, { alias: 'Soon Gone' });
    const accountKeysBefore = await keysWithPrefix(hub.redis!.durable, `${hub.keyPrefix}account:`);
    const socket = connectClient(hub, member.cookie);
    await connected(socket);
    await request(socket, 'session:join', { sessionId: hub.demo.liveSessionId });
    const revoked = nextEvent(socket, 'access:revoked');
    expect((await callApi(hub, 'POST', '/api/me/delete', { passphrase: 'wrong passphrase entirely' }, member.cookie)).body).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect((await callApi(hub, 'POST', '/api/me/delete', { passphrase: member.passphrase }, member.cookie)).body.ok).toBe(true);
    expect(await revoked).toEqual({ reason: 'account_deleted' });
    expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: member.handle, passphrase: member.passphrase })).status).toBe(401);
    // Nothing of the account is left: no account keys beyond those that existed for others, and the alias is free.
    const accountKeysAfter = await keysWithPrefix(hub.redis!.durable, `${hub.keyPrefix}account:`);
    expect(accountKeysAfter.length).toBeLessThan(accountKeysBefore.length);
    expect(await keysHolding(hub.redis!.durable, 'Soon Gone')).toEqual([]);
    expect(await keysHolding(hub.redis!.ephemeral, 'Soon Gone')).toEqual([]);
    socket.disconnect();
  });

  it('refuses state changes from another origin or without a JSON body (CSRF)', async () => {
    const member = await signUpMember(hub, { join: false });
    const foreign = await fetch(`${hub.url}/api/auth/sign-out`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', cookie: member.cookie }, body: '{}' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, error: { code: 'csrf_rejected' } });
    const form = await fetch(`${hub.url}/api/auth/sign-out`, { method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/x-www-form-urlencoded', cookie: member.cookie }, body: 'a=1' });
    expect(form.status).toBe(403);
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).body.ok).toBe(true);
  });

  it('refuses a state change that says JSON but carries no body: Content-Length 0, no length at all, or an empty chunked body', async () => {
    const member = await signUpMember(hub, { join: false });
    const headers = { origin: hub.origin, 'content-type': 'application/json', cookie: member.cookie };
    const answers = [
      await rawPost(hub.url, '/api/auth/sign-out', { ...headers, 'content-length': '0' }),
      await rawPost(hub.url, '/api/auth/sign-out', headers),
      await rawPost(hub.url, '/api/auth/sign-out', { ...headers, 'transfer-encoding': 'chunked' }),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ status: 403, body: { ok: false, error: { code: 'csrf_rejected' } } });
    expect((await callApi(hub, 'GET', '/api/me', undefined, member.cookie)).body.ok).toBe(true);
    // The same request with the `{}` body the protocol asks for goes through.
    expect((await callApi(hub, 'POST', '/api/auth/sign-out', {}, member.cookie)).body.ok).toBe(true);
  });

  it('answers malformed JSON, oversized bodies and unknown routes with typed errors', async () => {
    const malformed = await fetch(`${hub.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json' }, body: '{"handle":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const huge = await fetch(`${hub.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: hub.origin, 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'x'.repeat(100_000) }) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    const unknown = await callApi(hub, 'GET', '/api/admin/everything');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('serves health and readiness', async () => {
    expect(await (await fetch(`${hub.url}/healthz`)).json()).toMatchObject({ ok: true });
    const ready = await fetch(`${hub.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe('sign-in limits', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis', realRateLimits: true });
  });
  afterAll(async () => {
    await hub.stop();
  });

  it('throttles guesses at one handle, whatever its case, while other handles still work', async () => {
    const member = await signUpMember(hub, { join: false });
    const answers = [];
    for (let guess = 0; guess < 12; guess += 1) {
      const handle = guess % 2 === 0 ? member.handle : member.handle.toUpperCase();
      answers.push((await callApi(hub, 'POST', '/api/auth/sign-in', { handle, passphrase: `wrong guess number ${guess}` })).body);
    }
    expect(answers.slice(0, 10).every((answer) => !answer.ok && answer.error.code === 'invalid_credentials')).toBe(true);
    expect(answers.slice(10)).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'rate_limited' }) }), expect.anything()]);
    const other = await signUpMember(hub, { join: false });
    expect((await callApi(hub, 'POST', '/api/auth/sign-in', { handle: other.handle, passphrase: other.passphrase })).body.ok).toBe(true);
  });
});
