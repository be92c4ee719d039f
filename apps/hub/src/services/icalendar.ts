/**
 * A small iCalendar (RFC 5545) writer for the sponsor's protected-time feed: UTC instants,
 * escaped text, lines folded at 75 octets with CRLF. Never given names, aliases or attendance.
 */

export interface CalendarEvent {
  uid: string;
  startsAt: number;
  endsAt: number;
  summary: string;
  description: string;
}

/** 20261123T190000Z */
export function icalInstant(instant: number): string {
  return new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function serializeCalendar(input: { name: string; events: CalendarEvent[]; stampedAt: number }): string {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Respite//Protected time//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
  ];
  for (const event of input.events) {
    lines.push(
      'BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${icalInstant(input.stampedAt)}`,
      `DTSTART:${icalInstant(event.startsAt)}`, `DTEND:${icalInstant(event.endsAt)}`,
      `SUMMARY:${escapeText(event.summary)}`, `DESCRIPTION:${escapeText(event.description)}`, 'TRANSP:OPAQUE', 'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
