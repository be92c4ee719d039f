/**
 * No message text in a log line, even when Redis fails the send. ioredis attaches the failed
 * command's arguments to its reply errors, and a send's arguments hold the text, so a log site that
 * wrote a raw error would write the text. Here the ephemeral Redis (a private redis-server) is
 * filled to its `maxmemory` with `noeviction`, members send canaries until Redis refuses them, and
 * the presence keys fail too as members leave; then every log line the hub wrote is searched.
 * The positive control writes a real refused command's error through plain pino (no serializer)
 * and shows the same search finds the canary there.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { type ClientSocket, connectClient, connected, pause, request, signUpMember, startTestHub } from '../testing/hub-harness';
import { fillToTheLimit, startPrivateRedis } from '../testing/private-redis';

function linesHolding(lines: readonly string[], canary: string): string[] {
  return lines.filter((line) => line.includes(canary));
}

describe('a send that fails inside Redis', () => {
  it('leaves no trace of its text in any log line, while an unredacted copy of the same error holds it', async () => {
    const canary = `LOGCANARY-${randomUUID()}`;
    const ephemeral = await startPrivateRedis(['--maxmemory', '3mb', '--maxmemory-policy', 'noeviction']);
    const hub = await startTestHub({ stores: 'redis', ephemeralUrl: ephemeral.url });
    const sockets: ClientSocket[] = [];
    let filler: Redis | null = null;
    try {
      const members = await Promise.all([signUpMember(hub), signUpMember(hub)]);
      for (const member of members) sockets.push(connectClient(hub, member.cookie));
      await Promise.all(sockets.map(connected));
      const sessionId = hub.demo.liveSessionId;
      for (const socket of sockets) expect(await request(socket, 'session:join', { sessionId })).toMatchObject({ ok: true });
      filler = await fillToTheLimit(ephemeral.url);

      let refused = null;
      for (let index = 0; index < 400 && !refused; index += 1) {
        const answer = await request(sockets[index % 2]!, 'message:send', { sessionId, clientId: `log-${index}-${randomUUID().slice(0, 6)}`, text: `${canary} ${index} ${'y'.repeat(1900)}` });
        if (!answer.ok) refused = answer;
      }
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      // Leaving writes presence into the full Redis too: those failures are logged from other sites.
      for (const socket of sockets) socket.disconnect();
      await pause(300);
      const failureLines = hub.logs.filter((line) => /storage_failed|leave_failed|request\.failed/.test(line));
      expect(failureLines.length).toBeGreaterThan(0);
      expect(linesHolding(hub.logs, canary)).toEqual([]);

      // Positive control: the same kind of refusal, written raw, holds the canary where the search looks.
      let rawError: unknown = null;
      try {
        await filler.set(`control:${randomUUID()}`, `${canary} ${'z'.repeat(200_000)}`);
      } catch (error) {
        rawError = error;
      }
      expect(String((rawError as Error | null)?.message)).toMatch(/OOM/);
      const rawLines: string[] = [];
      const raw = pino({}, new Writable({ write(chunk, _encoding, done) { rawLines.push(String(chunk)); done(); } }));
      raw.error({ event: 'request.storage_failed', err: rawError }, 'storage unavailable');
      expect(linesHolding(rawLines, canary)).toHaveLength(1);
    } finally {
      filler?.disconnect();
      for (const socket of sockets) socket.disconnect();
      await hub.stop();
      await ephemeral.stop();
    }
  }, 60_000);
});
