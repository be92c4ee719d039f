import { escapeText, foldLine, icalInstant, serializeCalendar } from './icalendar';

describe('the iCalendar writer', () => {
  it('writes instants in UTC basic format', () => {
    expect(icalInstant(Date.UTC(2026, 2, 8, 7, 30))).toBe('20260308T073000Z');
  });

  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds at 75 octets without splitting a multi-byte character, and unfolds to the original', () => {
    const line = `DESCRIPTION:${'é'.repeat(60)}${'x'.repeat(40)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').length).toBeGreaterThan(1);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('ends every line with CRLF and wraps events in a calendar', () => {
    const text = serializeCalendar({ name: 'Protected time', stampedAt: 0, events: [{ uid: 'x@respite', startsAt: 0, endsAt: 3_600_000, summary: 'Protected time', description: 'd' }] });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('DTSTART:19700101T000000Z\r\nDTEND:19700101T010000Z\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
