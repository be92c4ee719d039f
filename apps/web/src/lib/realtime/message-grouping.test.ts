import type { MessageView } from '@respite/protocol';
import { GROUP_WITHIN_MS, continuesPrevious } from './message-grouping';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 1, 0) + minutes * 60_000).toISOString();
const message = (id: string, authorRef: string, minutes: number): MessageView => ({
  id, sessionId: 's', clientId: `c-${id}`, authorRef, alias: authorRef === 'a' ? 'Calm Fern' : 'Quiet Elm', role: 'member', text: 't', sentAt: at(minutes),
});

describe('continuesPrevious', () => {
  it('groups a run by one author within the window, and starts again at another author or after a pause', () => {
    const messages = [
      message('1', 'a', 0), message('2', 'a', 1), message('3', 'a', 1 + GROUP_WITHIN_MS / 60_000),
      message('4', 'b', 7), message('5', 'b', 13), message('6', 'a', 13.5),
    ];
    expect(continuesPrevious(messages)).toEqual([false, true, true, false, false, false]);
  });

  it('never groups the first message, nor one whose clock runs backwards', () => {
    expect(continuesPrevious([message('1', 'a', 5), message('2', 'a', 4)])).toEqual([false, false]);
    expect(continuesPrevious([])).toEqual([]);
  });
});
