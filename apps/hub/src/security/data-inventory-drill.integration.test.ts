/**
 * The data inventory drill: a test member does what members do (sign up with a seat, join a group,
 * take a calendar feed, enter the live room, write, react, raise a hand, step away, report, get
 * muted and checked in with), then every key this hub holds in Redis is read back and compared with
 * `docs/data-inventory.md`: each key must match a documented key pattern, each hash field and stream
 * field a documented field, and each JSON property a name written in that row. Nothing undocumented.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { newEntityId } from '../random-ids';
import { type TestHub, callApi, request, signInFacilitator, startTestHub } from '../testing/hub-harness';
import { joinDemoSession, newMemberInRoom } from '../testing/moderation-fixtures';
import { scanAllKeys } from '../testing/redis-test-env';

interface InventoryRow { keyPattern: RegExp; key: string; fieldPatterns: RegExp[]; namesInRow: Set<string> }

function placeholderRegex(pattern: string, placeholder: string): string {
  return pattern.split(/(<[^>]+>)/).map((part) => (part.startsWith('<') ? placeholder : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
}

export function parseInventory(markdown: string, keyPrefix: string): InventoryRow[] {
  return markdown.split('\n').filter((line) => line.startsWith('| `respite:')).map((line) => {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    const key = /`([^`]+)`/.exec(cells[0]!)![1]!;
    const ticks = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    return {
      key,
      keyPattern: new RegExp(`^${placeholderRegex(key.replace(/^respite:/, keyPrefix), '[^:]+')}$`),
      fieldPatterns: ticks(cells[2] ?? '').map((field) => new RegExp(`^${placeholderRegex(field, '.+')}$`)),
      namesInRow: new Set(ticks(line)),
    };
  });
}

describe('the data inventory drill', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ stores: 'redis' });
  });
  afterAll(() => hub.stop());

  it('every key, field and JSON property Redis holds after a member\'s session is documented in docs/data-inventory.md', async () => {
    const facilitator = await joinDemoSession(hub, await signInFacilitator(hub));
    const member = await newMemberInRoom(hub);
    const sessionId = hub.demo.liveSessionId;
    await callApi(hub, 'POST', '/api/me/calendar-feed', { showGroupNames: false }, member.cookie);
    const posted = await request(member.socket, 'message:send', { sessionId, clientId: newEntityId(), text: 'drill message' });
    if (!posted.ok) throw new Error(`could not post: ${JSON.stringify(posted)}`);
    for (const [event, payload] of [
      ['reaction:add', { sessionId, messageId: posted.data.id, reaction: 'heart' }],
      ['hand:raise', { sessionId }],
      ['presence:set-away', { sessionId, away: true }],
      ['message:report', { sessionId, messageId: posted.data.id, reason: 'drill' }],
    ] as const) expect(await request(member.socket, event, payload)).toMatchObject({ ok: true });
    for (const [event, payload] of [
      ['member:mute', { sessionId, memberRef: member.memberRef, minutes: 1 }],
      ['check-in:open', { sessionId, memberRef: member.memberRef }],
      ['check-in:send', { sessionId, memberRef: member.memberRef, text: 'drill check-in' }],
      ['notice:pin', { sessionId, text: 'drill notice' }],
      ['room:set-slow-mode', { sessionId, intervalSeconds: 5 }],
    ] as const) expect(await request(facilitator.socket, event, payload)).toMatchObject({ ok: true });

    const rows = parseInventory(readFileSync(resolve(__dirname, '../../../../docs/data-inventory.md'), 'utf8'), hub.keyPrefix);
    expect(rows.length).toBeGreaterThan(20);
    const redis = hub.redis!.durable;
    const keys = await scanAllKeys(redis, `${hub.keyPrefix}*`);
    const undocumented: string[] = [];
    const jsonNames = (value: string): string[] => {
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed === null || typeof parsed !== 'object') return [];
        const objects = Array.isArray(parsed) ? parsed.filter((item) => item !== null && typeof item === 'object') : [parsed];
        return objects.flatMap((object) => Object.keys(object as object));
      } catch {
        return [];
      }
    };
    for (const key of keys) {
      const row = rows.find((candidate) => candidate.keyPattern.test(key));
      const shown = key.slice(hub.keyPrefix.length);
      if (!row) { undocumented.push(`key ${shown}`); continue; }
      const type = await redis.type(key);
      let fields: string[] = [];
      let values: string[] = [];
      if (type === 'hash') { const all = await redis.hgetall(key); fields = Object.keys(all); values = Object.values(all); }
      else if (type === 'stream') { const entries = await redis.xrange(key, '-', '+'); fields = entries.flatMap(([, pairs]) => pairs.filter((_, index) => index % 2 === 0)); }
      else if (type === 'string') values = [(await redis.get(key)) ?? ''];
      else if (type === 'list') values = await redis.lrange(key, 0, -1);
      else if (type === 'zset') values = await redis.zrange(key, 0, -1);
      for (const field of new Set(fields)) {
        if (!row.fieldPatterns.some((pattern) => pattern.test(field))) undocumented.push(`field ${field} of ${row.key}`);
      }
      for (const name of new Set(values.flatMap(jsonNames))) {
        if (!row.namesInRow.has(name) && ![...row.namesInRow].some((documented) => documented.split(/[^A-Za-z]+/).includes(name))) undocumented.push(`JSON property ${name} in ${row.key}`);
      }
    }
    expect([...new Set(undocumented)]).toEqual([]);
    // The drill did reach the member's own keys, not only the seed's.
    expect(keys.some((key) => key.includes(':mod:check-ins'))).toBe(true);
    expect(keys.some((key) => key.endsWith(':calendar-feed'))).toBe(true);
    member.socket.disconnect();
    facilitator.socket.disconnect();
  });
});
