import { readWallTime, wallTimeOf } from './zoned-time';

const at = (iso: string) => Date.parse(iso);

describe('readWallTime', () => {
  it('reads the wall time in the named zone, not the machine zone', () => {
    expect(readWallTime('2026-12-13T19:00', 'America/Chicago')).toEqual({ ok: true, instant: at('2026-12-14T01:00:00Z'), repeated: false });
    expect(readWallTime('2026-12-13T19:00', 'Europe/Berlin')).toEqual({ ok: true, instant: at('2026-12-13T18:00:00Z'), repeated: false });
    expect(readWallTime('2026-12-13T19:00', 'Asia/Kolkata')).toEqual({ ok: true, instant: at('2026-12-13T13:30:00Z'), repeated: false });
    expect(readWallTime('2026-12-13T19:00', 'Asia/Kathmandu')).toEqual({ ok: true, instant: at('2026-12-13T13:15:00Z'), repeated: false });
  });

  it('uses the offset of that date on either side of a daylight-saving change', () => {
    // Chicago: CST (−6) on 7 March 2026, CDT (−5) from 8 March.
    expect(readWallTime('2026-03-07T19:00', 'America/Chicago')).toMatchObject({ instant: at('2026-03-08T01:00:00Z') });
    expect(readWallTime('2026-03-08T19:00', 'America/Chicago')).toMatchObject({ instant: at('2026-03-09T00:00:00Z') });
    // Berlin: CET (+1) until 29 March 2026 02:00, CEST (+2) after.
    expect(readWallTime('2026-03-28T19:00', 'Europe/Berlin')).toMatchObject({ instant: at('2026-03-28T18:00:00Z') });
    expect(readWallTime('2026-03-29T19:00', 'Europe/Berlin')).toMatchObject({ instant: at('2026-03-29T17:00:00Z') });
  });

  it('refuses a wall time the clocks skip, and takes the earlier of a repeated one', () => {
    expect(readWallTime('2026-03-08T02:30', 'America/Chicago')).toEqual({ ok: false, reason: 'nonexistent' });
    expect(readWallTime('2026-03-29T02:30', 'Europe/Berlin')).toEqual({ ok: false, reason: 'nonexistent' });
    // Lord Howe moves by 30 minutes: 02:00 → 02:30 on 4 October 2026.
    expect(readWallTime('2026-10-04T02:15', 'Australia/Lord_Howe')).toEqual({ ok: false, reason: 'nonexistent' });
    // 01:30 on 1 November 2026 in Chicago happens at 06:30Z (CDT) and again at 07:30Z (CST).
    expect(readWallTime('2026-11-01T01:30', 'America/Chicago')).toEqual({ ok: true, instant: at('2026-11-01T06:30:00Z'), repeated: true });
  });

  it('refuses what is not a date and time', () => {
    expect(readWallTime('', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
    expect(readWallTime('2026-02-30T10:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
    expect(readWallTime('2026-12-13 19:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('wallTimeOf', () => {
  it('gives the datetime-local value of an instant in the zone, and reads back to the same instant', () => {
    expect(wallTimeOf(at('2026-12-14T01:00:00Z'), 'America/Chicago')).toBe('2026-12-13T19:00');
    expect(wallTimeOf(at('2026-12-14T01:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-14T06:30');
    expect(wallTimeOf(at('2026-12-13T23:00:00Z'), 'UTC')).toBe('2026-12-13T23:00');
    for (const zone of ['America/Chicago', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns']) {
      for (let hour = 0; hour < 24 * 400; hour += 37) {
        const instant = at('2026-01-01T00:00:00Z') + hour * 3_600_000;
        const read = readWallTime(wallTimeOf(instant, zone), zone);
        // A repeated hour reads back to its earlier instant; every other hour to itself.
        expect(read.ok && (read.instant === instant || (read.repeated && read.instant < instant))).toBe(true);
      }
    }
  });
});
