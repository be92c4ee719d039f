/**
 * Property-based fuzzing of every socket event and every REST body: at least 10,000 malformed
 * payloads each per run (FUZZ_RUNS raises it: `FUZZ_RUNS=100000 pnpm test:security`). Socket
 * payloads go through the real event router in process (its `socket.use` middleware, with the real
 * stores and access service), REST bodies through the contract's parser in process plus a sample
 * over real HTTP. Pass criteria: nothing throws out, no unhandled rejection, `Object.prototype`
 * unchanged, heap back near its baseline after GC, and every answer a typed error from the closed list.
 * The router here refuses everything past the schema (its socket is in no room); in-room-fuzz sends
 * the same kind of cases as a joined member and a facilitator, through the real handlers.
 */
import fc from 'fast-check';
import type { ZodObject } from 'zod';
import {
  type ClientEventName, type Response, type RouteName, clientEventNames, errorCodes, httpStatusByCode, restRoutes, routeNames, routePath,
} from '@respite/protocol';
import { createEventRouter, type EventHandlers } from '../realtime/event-router';
import type { HubSocket } from '../realtime/socket-types';
import { type TestHub, startTestHub } from '../testing/hub-harness';
import { recordTally } from './security-tally';
import { Writable } from 'node:stream';
import { createLogger } from '../logger';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const httpSample = Number(process.env.FUZZ_HTTP_SAMPLE ?? 20);
const closedCodes = new Set<string>(errorCodes);

/** Strings an attacker reaches for: zero-width, bidi overrides, lone surrogates, markup, just over the size limits. */
const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom('\u200B', '\u200D\u200C', '\u202E', '\u2066abc\u2069', '\uFEFF', '\uD800', '\uDC00x', 'a\uD83D', '<script>alert(1)</script>', '%00', '\u0000') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('\u200B', '\u202E', '\uD800', 'a', '\u0301'), maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => 'x'.repeat(n * 16 * 1024 + 1)) },
);
/** 1 MB strings, kept rare (about 1 case in 100) so a run stays fast. */
const megabyteString = fc.constantFrom('y', '\u200B', '\uD800').map((unit) => unit.repeat(1024 * 1024));

/** Keys that pollute prototypes when code merges objects carelessly; built by JSON.parse, as the wire would. */
const pollutingObject = fc.constantFrom(
  '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"sessionId":"abcdefgh12","__proto__":{"isAdmin":true}}',
  '{"__proto__":null}', '{"toString":"x","valueOf":1,"hasOwnProperty":"no"}',
).map((text) => JSON.parse(text) as unknown);

function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
  return value;
}

const validShape = { sessionId: 'abcdefgh12', memberRef: 'ref-aaaaaaaa', messageId: '1700000000000-0', text: 'hello', clientId: 'client-00001' };

/** A malformed payload: wrong types, nulls, extra fields, deep nesting, hostile strings, polluting keys. */
const malformedPayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true, withBigInt: false, withBoxedValues: true, withSparseArray: true }) },
  { weight: 12, arbitrary: fc.constantFrom(null, undefined, 0, -1, NaN, Infinity, true, '', [], 'session:join') },
  { weight: 12, arbitrary: fc.record({ sessionId: fc.oneof(hostileString, fc.integer(), fc.constant(null), fc.array(fc.string())) }, { requiredKeys: [] }) },
  {
    weight: 12,
    arbitrary: fc.tuple(fc.constantFrom(...Object.keys(validShape)), fc.oneof(hostileString, fc.anything({ maxDepth: 2 })), fc.boolean())
      .map(([key, wrong, extra]) => ({ ...validShape, [key]: wrong, ...(extra ? { extra: 'field' } : {}) })),
  },
  { weight: 12, arbitrary: fc.dictionary(hostileString, fc.oneof(hostileString, fc.integer(), fc.constant(null)), { maxKeys: 6 }) },
  { weight: 12, arbitrary: fc.integer({ min: 10, max: 5_000 }).chain((depth) => fc.boolean().map((asArray) => deeplyNested(depth, asArray))) },
  { weight: 12, arbitrary: hostileString },
  { weight: 12, arbitrary: pollutingObject },
  { weight: 1, arbitrary: megabyteString },
);

function prototypeFingerprint(): string {
  return JSON.stringify({ object: Object.getOwnPropertyNames(Object.prototype).sort(), array: Object.getOwnPropertyNames(Array.prototype).sort(), probe: ({} as any).polluted ?? null, admin: ({} as any).isAdmin ?? null });
}

describe('fuzzing every socket event and REST body (fast-check)', () => {
  let hub: TestHub;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const fingerprint = prototypeFingerprint();
  let fuzzCases = 0;
  let crashes = 0;
  let heapBaseline = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    hub = await startTestHub({ stores: 'redis' });
    global.gc?.();
    heapBaseline = process.memoryUsage().heapUsed;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await hub.stop();
    recordTally({ area: 'fuzzing', fuzzCases, crashes });
    console.log(`fuzzing: ${fuzzCases} cases, ${crashes} crashes`);
  });

  /** The real router on a stand-in socket: signed in, in no room; packets go through its `socket.use` middleware. */
  function routerDriver() {
    const rejected: unknown[] = [];
    let middleware: ((packet: unknown[], next: () => void) => void) | null = null;
    const socket = {
      id: 'fuzz-socket', data: { accountId: 'no-such-account', roles: ['member'], tokenDigest: 'x', joined: new Map() }, rooms: new Set<string>(),
      use(fn: typeof middleware) { middleware = fn; },
      emit(event: string, payload: unknown) { if (event === 'request:rejected') rejected.push(payload); return true; },
    } as unknown as HubSocket;
    // No handler may be reached by a malformed payload that the router let through: they all fail loudly.
    const handlers = new Proxy({}, { get: () => async () => { throw new Error('a handler was reached'); } }) as EventHandlers;
    createEventRouter({ handlers, access: hub.app.services.access, stores: hub.stores, logger: createSilentLogger() })(socket);
    const send = (event: unknown, ...args: unknown[]) => new Promise<Response<unknown>>((resolve) => {
      middleware!([event, ...args, (answer: Response<unknown>) => resolve(answer)], () => { throw new Error('next() must never be called'); });
    });
    return { send, rejected };
  }

  function expectTyped(answer: Response<unknown>, context: string) {
    if (answer.ok || !closedCodes.has(answer.error.code) || answer.error.code === 'internal') {
      crashes += 1;
      throw new Error(`${context}: answered ${JSON.stringify(answer).slice(0, 300)}`);
    }
  }

  it.each(clientEventNames.map((event) => [event]))(`%s: ${runs} malformed payloads through the event router`, async (event: ClientEventName) => {
    const { send } = routerDriver();
    await fc.assert(fc.asyncProperty(malformedPayload, async (payload) => {
      fuzzCases += 1;
      const answer = await send(event, payload);
      expectTyped(answer, event);
      // Only a payload the schema accepts may get past bad_request, and then the access check refuses it.
      if (!answer.ok && answer.error.code !== 'bad_request') expect(['forbidden', 'not_found', 'unauthenticated']).toContain(answer.error.code);
    }), { numRuns: runs });
    expect(prototypeFingerprint()).toBe(fingerprint);
  }, 300_000);

  it(`packets that are not events: unknown names, object names, no payload, several payloads (${runs} cases)`, async () => {
    const { send } = routerDriver();
    await fc.assert(fc.asyncProperty(fc.anything({ maxDepth: 2 }), fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }), async (name, args) => {
      fuzzCases += 1;
      const answer = await send(name, ...args);
      expectTyped(answer, 'packet');
      if (!(typeof name === 'string' && (clientEventNames as string[]).includes(name))) expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    }), { numRuns: runs });
  }, 300_000);

  it.each(routeNames.map((route) => [route]))(`%s: ${runs} malformed bodies through the contract's parser`, (route: RouteName) => {
    fc.assert(answersOnlyWhatItWasGiven(restRoutes[route].body, () => { fuzzCases += 1; }), { numRuns: runs });
    expect(prototypeFingerprint()).toBe(fingerprint);
  }, 300_000);

  it('positive control: the same property fails for a schema that strips unknown fields instead of refusing them', () => {
    expect(() => fc.assert(answersOnlyWhatItWasGiven(restRoutes.signOut.body.strip()), { numRuns: runs })).toThrow(/Property failed/);
  });

  it(`every REST route over real HTTP: ${httpSample} malformed bodies each answer a typed error with its status`, async () => {
    const params = { groupId: 'abcdefgh12', sessionId: 'abcdefgh12', sponsorId: 'abcdefgh12', code: 'abcdefgh12' };
    const samples = fc.sample(malformedPayload.filter((value) => value !== undefined), { numRuns: httpSample * routeNames.length });
    let next = 0;
    for (const route of routeNames) {
      const { method, path } = { method: restRoutes[route].method, path: routePath(route, params) };
      await Promise.all(Array.from({ length: httpSample }, async () => {
        const body = samples[next++];
        fuzzCases += 1;
        const text = wireText(body);
        const response = await fetch(`${hub.url}${path}`, { method, headers: { origin: hub.origin, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : text });
        const answer = (await response.json()) as Response<unknown>;
        if (answer.ok) return; // a public route with a body that happens to parse (sign-in with an unknown handle answers an error anyway)
        expectTyped(answer, route);
        expect(response.status).toBe(httpStatusByCode[answer.error.code]);
      }));
    }
  }, 300_000);

  it('leaves no unhandled rejection, Object.prototype unchanged, and the heap near its baseline', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
    expect(prototypeFingerprint()).toBe(fingerprint);
    expect(({} as any).polluted).toBeUndefined();
    if (global.gc) {
      global.gc();
      const grown = process.memoryUsage().heapUsed - heapBaseline;
      console.log(`fuzzing: heap after GC ${(grown / 1e6).toFixed(1)} MB above the baseline`);
      expect(grown).toBeLessThan(64 * 1024 * 1024);
    }
    expect(crashes).toBe(0);
  });
});

/**
 * A strict schema answers only what it was given: a malformed body that parses held no field
 * outside the schema's shape, and the parsed value holds every field the body had. A schema that
 * strips or ignores unknown fields (a mass-assignment hole) breaks it.
 */
function answersOnlyWhatItWasGiven(schema: ZodObject, onCase: () => void = () => {}) {
  const fields = new Set(Object.keys(schema.shape));
  return fc.property(malformedPayload, (body) => {
    onCase();
    const parsed = schema.safeParse(body);
    if (!parsed.success) return true;
    const given = Object.keys(body as object).filter((key) => (body as Record<string, unknown>)[key] !== undefined).sort();
    const kept = Object.keys(parsed.data as object).filter((key) => parsed.data[key] !== undefined).sort();
    return given.every((key) => fields.has(key)) && JSON.stringify(kept) === JSON.stringify(given);
  });
}

/** JSON for the wire; nesting too deep for JSON.stringify is written by hand, as an attacker would. */
function wireText(body: unknown): string {
  try {
    return JSON.stringify(body) ?? 'null';
  } catch {
    return `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
  }
}

function createSilentLogger() {
  return createLogger({ level: 'error', nodeId: 'fuzz', destination: new Writable({ write(_chunk, _encoding, done) { done(); } }) });
}
