/**
 * Replays, over a raw TCP socket, the kinds of input behind the published Socket.IO, engine.io,
 * socket.io-parser and ws advisories (crafted packets, placeholder injection, an event name that is
 * an object, bad frames, thousands of headers, a stolen or invalid engine session id), checks the
 * Origin matrix and the size limit at the handshake and on the wire, and streams a 100 MB body.
 * The hub runs in this process: if any input crashed it, this file would fail. After every input the
 * hub must still answer, no unhandled rejection may appear, and `Object.prototype` must be unchanged.
 */
import http from 'node:http';
import { SOCKET_MAX_PAYLOAD_BYTES, errorCodes } from '@respite/protocol';
import { type TestHub, connectClient, connected, request, signUpMember, startTestHub } from '../testing/hub-harness';
import { type RawUpgrade, rawUpgrade } from './raw-wire-client';
import { recordTally } from './security-tally';

describe('the wire: advisory inputs, origins, size limits (raw TCP against an in-process hub)', () => {
  let hub: TestHub;
  let cookie: string;
  let sessionId: string;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort().join();
  let replayed = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    hub = await startTestHub({ stores: 'redis' });
    cookie = (await signUpMember(hub)).cookie;
    sessionId = hub.demo.liveSessionId;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await hub.stop();
    recordTally({ area: 'wire', fuzzCases: replayed, crashes: unhandled.length });
  });
  afterEach(async () => {
    // The hub is still there and still serves a real client after each input.
    const socket = connectClient(hub, cookie);
    await connected(socket);
    expect(await request(socket, 'session:join', { sessionId })).toMatchObject({ ok: true });
    socket.disconnect();
    expect(unhandled).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(prototypeNames);
    expect(({} as any).polluted).toBeUndefined();
  });

  /** A raw WebSocket that completed the engine.io open and the Socket.IO connect to "/". */
  async function signedInRaw(): Promise<RawUpgrade> {
    const raw = await rawUpgrade(hub.url, { Origin: hub.origin, Cookie: cookie });
    expect(raw.status).toBe(101);
    expect(await raw.waitForText((text) => text.startsWith('0{'))).not.toBeNull();
    raw.sendText('40');
    expect(await raw.waitForText((text) => text.startsWith('40{'))).not.toBeNull();
    return raw;
  }

  /** Every Socket.IO answer on this connection carries a typed error code from the closed list. */
  function expectOnlyTypedAnswers(raw: RawUpgrade) {
    for (const text of raw.texts.filter((frame) => frame.startsWith('42') || frame.startsWith('43'))) {
      const codes = [...text.matchAll(/"code":"([a-z_]+)"/g)].map((match) => match[1]);
      for (const code of codes) expect(errorCodes).toContain(code);
    }
  }

  describe('the Origin at the handshake', () => {
    it.each([
      ['the exact origin', (hub: TestHub) => hub.origin, true],
      ['another scheme', (hub: TestHub) => hub.origin.replace('http:', 'https:'), false],
      ['another port', (hub: TestHub) => hub.origin.replace(/:\d+$/, ':1'), false],
      ['a look-alike domain', (hub: TestHub) => hub.origin.replace('127.0.0.1', '127.0.0.l'), false],
      ['a suffix domain', (hub: TestHub) => `${hub.origin}.evil.test`, false],
      ['the null origin', () => 'null', false],
      ['no Origin header', () => undefined, false],
    ] as const)('%s: upgraded = %s', async (_name, origin, allowed) => {
      replayed += 1;
      const raw = await rawUpgrade(hub.url, { Origin: origin(hub), Cookie: cookie });
      expect(raw.status === 101).toBe(allowed);
      if (!allowed) expect(raw.texts).toEqual([]);
      raw.end();
    });

    it('a stolen engine session id is refused from another origin, and an unknown one answers 400', async () => {
      replayed += 2;
      const open = await fetch(`${hub.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: hub.origin, cookie } });
      expect(open.status).toBe(200);
      const sid = /"sid":"([^"]+)"/.exec(await open.text())![1]!;
      const stolen = await fetch(`${hub.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: '40' });
      expect(stolen.status).toBeGreaterThanOrEqual(400);
      const unknown = await fetch(`${hub.url}/socket.io/?EIO=4&transport=polling&sid=not-a-real-sid`, { headers: { origin: hub.origin } });
      expect(unknown.status).toBe(400);
    });
  });

  describe('published advisory inputs, each on a fresh signed-in connection', () => {
    const craftedPackets: [string, string][] = [
      ['placeholder pointing at __proto__ (socket.io-parser GHSA-qm95-pgcg-qqfq)', '451-["session:join",{"_placeholder":true,"num":"__proto__"}]'],
      ['placeholder with a huge num', '451-["session:join",{"_placeholder":true,"num":99999999999}]'],
      ['binary event claiming a million attachments', '451000000-["session:join",{}]'],
      ['an event named __proto__', '42["__proto__"]'],
      ['an event named constructor with a payload', '42["constructor",{"prototype":{"polluted":"yes"}}]'],
      ['an event name that is an object (socket.io-parser GHSA-cqmj-92xf-r6r9)', '42[{"a":1}]'],
      ['an event name that is a number', '42[1,{}]'],
      ['an empty event array', '42[]'],
      ['malformed JSON', '42["session:join",{'],
      ['a packet that is not an array', '42{"session:join":1}'],
      ['an extremely long packet id', `42${'9'.repeat(5_000)}["session:join",{"sessionId":"abcdefgh12"}]`],
      ['an unknown packet type', '49["x"]'],
      ['a namespace that does not exist', '40/admin,'],
      ['an ack for nothing', '43999["ok"]'],
      ['a connect with a huge auth payload', `40{"token":"${'x'.repeat(SOCKET_MAX_PAYLOAD_BYTES)}"}`],
      ['a prototype-polluting payload', '42["session:join",{"__proto__":{"polluted":"yes"},"sessionId":"abcdefgh12"}]'],
    ];

    it.each(craftedPackets)('%s', async (_name, packet) => {
      replayed += 1;
      const raw = await signedInRaw();
      raw.sendText(packet);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expectOnlyTypedAnswers(raw);
      raw.end();
    });

    it('a binary frame where text is expected, and an invalid UTF-8 text frame, close only that connection', async () => {
      replayed += 2;
      const binary = await signedInRaw();
      binary.sendFrame(0x2, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
      const invalid = await signedInRaw();
      invalid.sendFrame(0x1, Buffer.from([0x34, 0x32, 0xff, 0xfe, 0xc0]));
      await invalid.closed;
      expect(invalid.closeCode === 1007 || invalid.closeCode === null).toBe(true);
      binary.end();
    });

    it('an upgrade with 5,000 headers is refused without a crash (ws GHSA-3h5v-q93c-6h6q)', async () => {
      replayed += 1;
      const many = Array.from({ length: 5_000 }, (_, index) => `X-Filler-${index}: ${index}`);
      const raw = await rawUpgrade(hub.url, { Origin: hub.origin, Cookie: cookie }, many);
      expect(raw.status).not.toBe(101);
      raw.end();
    });
  });

  describe('the message size limit', () => {
    /** A Socket.IO event packet of exactly `size` bytes (ASCII). */
    const packetOfSize = (size: number) => {
      const head = '42["message:send",{"sessionId":"abcdefgh12","clientId":"client-0001","text":"';
      const tail = '"}]';
      return head + 'a'.repeat(size - head.length - tail.length) + tail;
    };

    it('WebSocket: limit-1 is read and answered; limit+1 closes that connection', async () => {
      replayed += 2;
      const under = await signedInRaw();
      under.sendText(packetOfSize(SOCKET_MAX_PAYLOAD_BYTES - 1));
      expect(await under.waitForText((text) => text.includes('request:rejected'))).not.toBeNull();
      expect(under.isClosed()).toBe(false);
      under.end();
      const over = await signedInRaw();
      over.sendText(packetOfSize(SOCKET_MAX_PAYLOAD_BYTES + 1));
      await Promise.race([over.closed, new Promise((resolve) => setTimeout(resolve, 3000))]);
      expect(over.isClosed()).toBe(true);
    });

    it('polling: limit-1 is accepted; limit+1 is refused with 413', async () => {
      replayed += 2;
      const post = async (size: number) => {
        const open = await fetch(`${hub.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: hub.origin, cookie } });
        const sid = /"sid":"([^"]+)"/.exec(await open.text())![1]!;
        const body = `40\x1e${packetOfSize(size)}`;
        return (await fetch(`${hub.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { origin: hub.origin, cookie, 'content-type': 'text/plain;charset=UTF-8' }, body })).status;
      };
      // The polling body carries the connect packet and a separator too: the event itself sits at the limit.
      expect(await post(SOCKET_MAX_PAYLOAD_BYTES - 1 - 3)).toBe(200);
      expect(await post(SOCKET_MAX_PAYLOAD_BYTES + 1)).toBe(413);
    });

    it('a 100 MB HTTP body is refused early and grows the hub process by less than 50 MB', async () => {
      replayed += 1;
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
      const status = await new Promise<number>((resolve) => {
        const { hostname, port } = new URL(hub.url);
        const outgoing = http.request({ host: hostname, port: Number(port), method: 'POST', path: '/api/auth/sign-in', headers: { origin: hub.origin, 'content-type': 'application/json', 'content-length': 100 * 1024 * 1024 } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          outgoing.destroy();
        });
        outgoing.on('error', () => resolve(-1));
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 100 && !outgoing.destroyed) {
            sent += 1;
            if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
          }
          if (!outgoing.destroyed) outgoing.end();
        };
        pump();
      });
      clearInterval(sampler);
      expect([413, -1]).toContain(status);
      expect(peak - before).toBeLessThan(50 * 1024 * 1024);
    });
  });
});
