import { clientEventSchemas, messageSendPayload, restRoutes, signUpBody } from './index';

describe('payload schemas', () => {
  it('refuse unknown fields on every socket event and REST body', () => {
    for (const schema of Object.values(clientEventSchemas)) expect(schema.safeParse({ sessionId: 'abcdefgh12', sneaky: 1 }).success).toBe(false);
    for (const route of Object.values(restRoutes)) expect(route.body.safeParse({ sneaky: 1 }).success).toBe(false);
  });

  it('accept a message of up to 2,000 characters and refuse one more', () => {
    const base = { sessionId: 'abcdefgh12', clientId: 'client-01' };
    expect(messageSendPayload.safeParse({ ...base, text: 'x'.repeat(2000) }).success).toBe(true);
    expect(messageSendPayload.safeParse({ ...base, text: 'x'.repeat(2001) }).success).toBe(false);
  });

  it('refuse lone surrogates, control characters and blank messages, and keep newlines', () => {
    const base = { sessionId: 'abcdefgh12', clientId: 'client-01' };
    expect(messageSendPayload.safeParse({ ...base, text: 'a\uD800b' }).success).toBe(false);
    expect(messageSendPayload.safeParse({ ...base, text: 'bell\u0007' }).success).toBe(false);
    expect(messageSendPayload.safeParse({ ...base, text: '   \n ' }).success).toBe(false);
    expect(messageSendPayload.safeParse({ ...base, text: 'two\nlines 👋' }).success).toBe(true);
  });

  it('never asks for an email, phone or name at sign-up', () => {
    expect(Object.keys(signUpBody.shape).sort()).toEqual(['handle', 'inviteCode', 'passphrase', 'timeZone']);
  });

  it('check time zones against the IANA database', () => {
    expect(signUpBody.safeParse({ inviteCode: 'DEMO-ABC', handle: 'abc', passphrase: 'x', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(signUpBody.safeParse({ inviteCode: 'DEMO-ABC', handle: 'abc', passphrase: 'x', timeZone: 'Australia/Adelaide' }).success).toBe(true);
  });
});
