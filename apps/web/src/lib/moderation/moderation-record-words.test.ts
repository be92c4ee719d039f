import { describeRecordEntry } from './moderation-record-words';

const entry = (overrides: Partial<Parameters<typeof describeRecordEntry>[0]>) => ({
  at: '2026-12-06T01:05:00.000Z', action: 'member_muted' as const, actorAlias: 'Facilitator Sam', actorRole: 'facilitator' as const, targetAlias: 'Quiet Heron', amount: 5, ...overrides,
});

describe('describeRecordEntry', () => {
  it('says who did what to whom, with the amount', () => {
    expect(describeRecordEntry(entry({}))).toBe('Facilitator Sam muted Quiet Heron (5 min)');
    expect(describeRecordEntry(entry({ action: 'slow_mode_set', targetAlias: null, amount: 30 }))).toBe('Facilitator Sam set slow mode (30 s)');
    expect(describeRecordEntry(entry({ action: 'slow_mode_set', targetAlias: null, amount: 0 }))).toBe('Facilitator Sam set slow mode (off)');
  });

  it('names whose message it was, and keeps a reporter hidden', () => {
    expect(describeRecordEntry(entry({ action: 'message_deleted', amount: null }))).toBe('Facilitator Sam deleted a message by Quiet Heron');
    expect(describeRecordEntry(entry({ action: 'message_reported', actorAlias: null, actorRole: null, targetAlias: 'Quiet Heron', amount: null }))).toBe('A member reported a message by Quiet Heron');
  });
});
