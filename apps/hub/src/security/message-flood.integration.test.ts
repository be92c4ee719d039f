/**
 * Abuse by volume, over real sockets and the real Redis: one socket sending as fast as it can, a
 * flood of events no per-member limit counts, ten sockets of one member sending together, a burst
 * of resends after a reconnect, and a client that stops reading while the room chats on. The
 * production limits apply (messages-member 20 per 20 s, the per-connection packet budget of
 * socket-flood-guard.ts, the slow-reader bound of slow-reader-guard.ts), except in the slow-reader
 * test, which raises only the per-member message limit so a handful of members can fill a buffer.
 */
import type { Response } from '@respite/protocol';
import { defaultFloodBudget } from '../realtime/socket-flood-guard';
import { defaultSlowReaderBound } from '../realtime/slow-reader-guard';
import {
  type ClientSocket, type TestHub, collect, connectClient, connected, pause, request, signUpMember, startTestHub,
} from '../testing/hub-harness';
import { recordTally } from './security-tally';

const MEMBER_MESSAGE_LIMIT = 20;
/** The hub's refusal text when the connection's packet budget, not a member limit, refused. */
const CONNECTION_BUDGET = /from this connection/;

type Answer = Response<any>;

function isTypedRateLimit(answer: Answer): boolean {
  return !answer.ok && answer.error.code === 'rate_limited' && typeof answer.error.retryAfterMs === 'number' && answer.error.retryAfterMs > 0;
}

/** Emits with an ack and no timeout; resolves null if the socket disconnects first. */
function emitAcked(socket: ClientSocket, event: string, payload: unknown): Promise<Answer | null> {
  return new Promise((resolve) => {
    const onDisconnect = () => resolve(null);
    socket.once('disconnect', onDisconnect);
    (socket as any).emit(event, payload, (answer: Answer) => {
      socket.off('disconnect', onDisconnect);
      resolve(answer);
    });
  });
}

function guardCuts(hub: TestHub, reason: 'flood' | 'slow_reader'): number {
  return hub.logs.filter((line) => line.includes('"socket.guard_cut"') && line.includes(`"reason":"${reason}"`)).length;
}

describe('message floods with the production limits (real sockets, real Redis)', () => {
  let hub: TestHub;
  let sessionId: string;
  let observer: ClientSocket;
  const sockets: ClientSocket[] = [];
  // The suite's summary has no line for floods: they count in "crashes found" (unhandled rejections).
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  async function enter(cookie: string, options: { reconnection?: boolean } = {}) {
    const socket = connectClient(hub, cookie, options);
    sockets.push(socket);
    await connected(socket);
    const joined = await request(socket, 'session:join', { sessionId, lastSeenId: null });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    return { socket, memberRef: joined.data.self.memberRef as string };
  }

  async function storedBy(memberRef: string) {
    return (await hub.stores.messages.readAfter(sessionId, null, 5000)).filter((message) => message.authorRef === memberRef);
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Production limits: sign-up is 10 an hour from one address, so this file signs up 6 members.
    hub = await startTestHub({ stores: 'redis', realRateLimits: true });
    sessionId = hub.demo.liveSessionId;
    observer = (await enter((await signUpMember(hub)).cookie)).socket;
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await hub.stop();
    process.off('unhandledRejection', onUnhandled);
    recordTally({ area: 'message floods', crashes: unhandled.length });
  });

  afterEach(async () => {
    expect(unhandled).toEqual([]);
    // The hub is still up and still lets the observer read.
    expect(await request(observer, 'session:join', { sessionId, lastSeenId: null })).toMatchObject({ ok: true });
  });

  it('one socket sending 200 messages as fast as it can: at most the member limit is stored and delivered, every other ack is a typed rate_limited', async () => {
    const sender = await enter((await signUpMember(hub)).cookie);
    const heard = collect<{ authorRef: string; id: string }>(observer, 'message:posted');
    const answers = await Promise.all(Array.from({ length: 200 }, (_, index) => emitAcked(sender.socket, 'message:send', { sessionId, clientId: `flood-one-${index}`, text: `flood ${index}` })));
    await pause(300);
    const accepted = answers.filter((answer) => answer?.ok);
    const refused = answers.filter((answer) => answer && !answer.ok) as Answer[];
    const byBudget = refused.filter((answer) => !answer.ok && CONNECTION_BUDGET.test(answer.error.message));
    console.log(`one socket, 200 sends: ${accepted.length} stored, ${byBudget.length} refused by the connection budget, ${refused.length - byBudget.length} by the member limit`);
    expect(answers.every((answer) => answer !== null)).toBe(true); // answered, not disconnected
    expect(accepted.length).toBeLessThanOrEqual(MEMBER_MESSAGE_LIMIT);
    expect(accepted.length + refused.length).toBe(200);
    expect(refused.every(isTypedRateLimit)).toBe(true);
    // Most of the flood never got past the connection's budget to Redis.
    expect(byBudget.length).toBeGreaterThanOrEqual(200 - defaultFloodBudget.burst - 40);
    const stored = await storedBy(sender.memberRef);
    expect(stored.length).toBe(accepted.length);
    const heardIds = heard.filter((message) => message.authorRef === sender.memberRef).map((message) => message.id).sort();
    expect(heardIds).toEqual(stored.map((message) => message.id).sort());
    expect(sender.socket.connected).toBe(true);
  });

  it('2,000 packets no member limit counts (reads, unknown events, invalid payloads) from one socket: typed refusals, then the socket is cut; another member\'s messages still arrive promptly', async () => {
    const flooder = await enter((await signUpMember(hub)).cookie);
    const talker = await enter((await signUpMember(hub)).cookie);
    const disconnected = new Promise<{ reason: string; at: number }>((resolve) => flooder.socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })));
    const latencies: number[] = [];
    const talk = (async () => {
      for (let index = 0; index < 10; index += 1) {
        const text = `still here ${index}`;
        const started = Date.now();
        const arrived = new Promise<void>((resolve) => {
          const onPosted = (message: { text: string }) => {
            if (message.text !== text) return;
            observer.off('message:posted', onPosted);
            resolve();
          };
          observer.on('message:posted', onPosted);
        });
        expect(await request(talker.socket, 'message:send', { sessionId, clientId: `talker-${index}-abc`, text })).toMatchObject({ ok: true });
        await arrived;
        latencies.push(Date.now() - started);
        await pause(100);
      }
    })();
    const started = Date.now();
    const answers: Promise<Answer | null>[] = [];
    // 2,000 packets in 20 bursts of 100, 50 ms apart: 2,000 a second, a hundred times the budget.
    // Half are `room:get-moderation` (a read every member may make), a quarter unknown events, a quarter invalid payloads.
    const floodPacket = (index: number): [string, unknown] => (index % 4 === 2 ? ['no-such:event', { sessionId }]
      : index % 4 === 3 ? ['message:send', { sessionId, clientId: 'x', text: 42, extra: true }] : ['room:get-moderation', { sessionId }]);
    for (let burst = 0; burst < 20 && flooder.socket.connected; burst += 1) {
      for (let index = 0; index < 100; index += 1) answers.push(emitAcked(flooder.socket, ...floodPacket(index)));
      await pause(50);
    }
    const cut = await disconnected;
    const settled = await Promise.all(answers);
    await talk;
    const answered = settled.filter((answer): answer is Answer => answer !== null);
    const limited = answered.filter(isTypedRateLimit).length;
    const other = answered.filter((answer) => !isTypedRateLimit(answer));
    console.log(`2,000 flood packets: ${other.length} reached the router, ${limited} rate_limited, cut after ${cut.at - started} ms; talker's messages arrived in at most ${Math.max(...latencies)} ms`);
    // What got through the budget was answered by the router: the read, or the typed refusal of a bad packet.
    expect([...new Set(other.map((answer) => (answer.ok ? 'ok' : answer.error.code)))].sort()).toEqual(['bad_request', 'ok', 'unknown_event']);
    expect(other.length).toBeLessThanOrEqual(defaultFloodBudget.burst + 40);
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(defaultFloodBudget.maxRefusedPerWindow);
    expect(cut.reason).toBe('io server disconnect');
    expect(cut.at - started).toBeLessThan(3000);
    expect(guardCuts(hub, 'flood')).toBe(1);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/respite_socket_guard_total\{action="flood"\} 1\n/);
    expect(metrics).toMatch(/respite_socket_guard_total\{action="refused"\} [1-9]/);
    expect(latencies).toHaveLength(10);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it('ten sockets of one member sending together: the total stored stays within the one member limit', async () => {
    const member = await signUpMember(hub);
    const entered = await Promise.all(Array.from({ length: 10 }, () => enter(member.cookie)));
    const memberRef = entered[0]!.memberRef;
    expect(new Set(entered.map((one) => one.memberRef))).toEqual(new Set([memberRef]));
    const answers = await Promise.all(entered.flatMap((one, socketIndex) => Array.from({ length: 20 }, (_, index) => emitAcked(one.socket, 'message:send', { sessionId, clientId: `many-${socketIndex}-${index}`, text: `from socket ${socketIndex}` }))));
    const accepted = answers.filter((answer) => answer?.ok).length;
    console.log(`10 sockets x 20 sends of one member: ${accepted} stored`);
    expect(accepted).toBeLessThanOrEqual(MEMBER_MESSAGE_LIMIT);
    expect(answers.filter((answer) => answer && !answer.ok).every((answer) => isTypedRateLimit(answer!))).toBe(true);
    expect(accepted + answers.filter((answer) => answer && !answer.ok).length).toBe(200);
    expect((await storedBy(memberRef)).length).toBe(accepted);
  });

  it('a burst of 100 resends after a reconnect is limited the same way, and a client id already stored is stored once', async () => {
    const { socket, memberRef } = await enter((await signUpMember(hub)).cookie, { reconnection: true });
    const send = (index: number) => emitAcked(socket, 'message:send', { sessionId, clientId: `resend-${index}-abc`, text: `queued ${index}` });
    // Five go through, then the network drops.
    for (let index = 0; index < 5; index += 1) expect(await send(index)).toMatchObject({ ok: true });
    const back = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    (socket.io as any).engine.close();
    await back;
    await connected(socket);
    // As the web client does: join again with the last id seen, then deliver every pending message,
    // the five already stored among them (their acks were "lost"), all at once.
    expect(await request(socket, 'session:join', { sessionId, lastSeenId: null })).toMatchObject({ ok: true });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, index) => send(index)));
    const accepted = answers.filter((answer): answer is Answer => Boolean(answer?.ok));
    const refused = answers.filter((answer) => answer && !answer.ok);
    console.log(`100 resends after a reconnect: ${accepted.length} answered ok (${accepted.filter((answer) => answer.ok && answer.data.duplicate).length} duplicates), ${refused.length} rate_limited`);
    expect(answers.every((answer) => answer !== null)).toBe(true);
    expect(refused.every((answer) => isTypedRateLimit(answer!))).toBe(true);
    // The member limit counts the five before the drop too.
    expect(accepted.length).toBeLessThanOrEqual(MEMBER_MESSAGE_LIMIT - 5);
    const stored = await storedBy(memberRef);
    expect(stored.length).toBeLessThanOrEqual(MEMBER_MESSAGE_LIMIT);
    const clientIds = stored.map((message) => message.clientId);
    expect(new Set(clientIds).size).toBe(clientIds.length);
    for (let index = 0; index < 5; index += 1) expect(clientIds.filter((id) => id === `resend-${index}-abc`)).toHaveLength(1);
    expect(accepted.slice(0, 5).every((answer) => answer.ok && answer.data.duplicate)).toBe(true);
  });
});

describe('a client that stops reading', () => {
  let hub: TestHub;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // Relaxed per-member message limit (the harness default), so eight members can fill a buffer;
    // the connection budget and the slow-reader bound are the production ones.
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await hub.stop();
  });

  it('is cut off within the bound while the room chats on, everyone else receives every message, and memory stays bounded', async () => {
    const sessionId = hub.demo.liveSessionId;
    const enter = async (options: { reconnection?: boolean } = {}) => {
      const socket = connectClient(hub, (await signUpMember(hub)).cookie, options);
      sockets.push(socket);
      await connected(socket);
      expect(await request(socket, 'session:join', { sessionId, lastSeenId: null })).toMatchObject({ ok: true });
      return socket;
    };
    const slow = await enter({ reconnection: true });
    const reader = await enter();
    const senders = await Promise.all(Array.from({ length: 8 }, () => enter()));
    const readerIds: string[] = [];
    reader.on('message:posted', (message) => { readerIds.push(message.id); });
    const slowDisconnect = new Promise<string>((resolve) => slow.once('disconnect', (reason) => resolve(reason)));
    // Stop reading: the TCP window closes and what the hub sends piles up on its side.
    ((slow.io as any).engine.transport.ws._socket as { pause(): void }).pause();
    (globalThis as any).gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;

    // 2,000-character messages of 3-byte characters: about 6 KB each on the wire.
    const text = '€'.repeat(2000);
    const storedIds: string[] = [];
    let sent = 0;
    const started = Date.now();
    let cutAfter: { messages: number; ms: number } | null = null;
    // Each sender at 15 a second, within the connection budget: 120 messages a second in all.
    while (sent < 4000 && Date.now() - started < 60_000) {
      const round = await Promise.all(senders.map((sender, index) => request(sender, 'message:send', { sessionId, clientId: `slow-${index}-${sent}`, text })));
      for (const answer of round) if (answer.ok) storedIds.push(answer.data.id);
      sent += senders.length;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (cutAfter === null && guardCuts(hub, 'slow_reader') > 0) cutAfter = { messages: sent, ms: Date.now() - started };
      if (cutAfter !== null && sent >= cutAfter.messages + 400) break; // the room goes on after the cut
      await pause(1000 / 15);
    }
    await pause(500);
    const rssAfter = process.memoryUsage().rss;
    console.log(`slow reader: cut after ${cutAfter?.messages} messages / ${cutAfter?.ms} ms (bound ${defaultSlowReaderBound.maxQueuedPackets} packets queued, ${defaultSlowReaderBound.maxBufferedBytes} bytes); ${storedIds.length} stored, reader got ${readerIds.length}; RSS ${Math.round(rssBefore / 2 ** 20)} -> peak ${Math.round(rssPeak / 2 ** 20)} -> ${Math.round(rssAfter / 2 ** 20)} MiB`);
    expect(cutAfter).not.toBeNull();
    // The kernel's buffers take some 700 of these messages; then 500 more queue in the hub.
    expect(cutAfter!.messages).toBeLessThanOrEqual(3000);
    expect(storedIds.length).toBe(sent);
    expect(readerIds.slice().sort(compareIds)).toEqual(storedIds.slice().sort(compareIds));
    expect(hub.app.io.sockets.sockets.size).toBe(1 + senders.length);
    expect(rssPeak - rssBefore).toBeLessThan(256 * 2 ** 20);

    // Reading again, the client sees its transport close, reconnects and resumes from its last id.
    ((slow.io as any).engine?.transport?.ws?._socket as { resume(): void } | undefined)?.resume();
    expect(await slowDisconnect).toBe('transport close');
    await connected(slow);
    expect(await request(slow, 'session:join', { sessionId, lastSeenId: storedIds[storedIds.length - 1] })).toMatchObject({ ok: true });
  }, 120_000);
});

function compareIds(a: string, b: string): number {
  const [aTime, aSeq] = a.split('-').map(Number) as [number, number];
  const [bTime, bSeq] = b.split('-').map(Number) as [number, number];
  return aTime - bTime || aSeq - bSeq;
}
