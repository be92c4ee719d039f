/**
 * Property tests of the weekly rule over random rules, zones and year-long ranges, checked against
 * an independent oracle (plain calendar arithmetic in UTC, where no daylight saving exists), plus
 * fixed cases for US, EU, Australian and half-hour-offset zones and their nonexistent and repeated hours.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { type WeeklyRule, occurrencesBetween } from './weekly-schedule';
import { applyExceptions, plannedOccurrencesBetween, withCancelledDate, withMovedOccurrence, withoutCancelledDate } from './schedule-exceptions';

const zones = [
  'America/Chicago', 'America/New_York', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata',
  'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Auckland', 'UTC',
];
const day = 86_400_000;

const ruleArbitrary = fc.record({
  weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  everyWeeks: fc.integer({ min: 1, max: 4 }),
  // Half the time an early-morning hour, where daylight-saving changes happen.
  hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
  minute: fc.constantFrom(0, 15, 30, 45, 7, 59),
  timeZone: fc.constantFrom(...zones),
  durationMinutes: fc.integer({ min: 15, max: 240 }),
  anchorOffsetDays: fc.integer({ min: 0, max: 400 }),
  fromDay: fc.integer({ min: 0, max: 365 * 6 }),
});

type GeneratedRule = typeof ruleArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build(generated: GeneratedRule): { rule: WeeklyRule; from: number; until: number } {
  const from = Date.UTC(2024, 0, 1) + generated.fromDay * day;
  const anchor = DateTime.fromMillis(from - generated.anchorOffsetDays * day, { zone: 'UTC' }).toISODate()!;
  const localStartTime = `${String(generated.hour).padStart(2, '0')}:${String(generated.minute).padStart(2, '0')}`;
  return {
    rule: { weekdays: generated.weekdays, everyWeeks: generated.everyWeeks, localStartTime, timeZone: generated.timeZone, durationMinutes: generated.durationMinutes, anchorDate: anchor },
    from,
    until: from + 365 * day,
  };
}

/** The dates the rule should meet, by calendar arithmetic alone (UTC dates: no daylight saving). */
function oracleDates(rule: WeeklyRule, firstDate: string, lastDate: string): string[] {
  const anchorMonday = DateTime.fromISO(rule.anchorDate, { zone: 'UTC' }).startOf('week');
  const dates: string[] = [];
  for (let date = DateTime.fromISO(firstDate, { zone: 'UTC' }); date.toISODate()! <= lastDate; date = date.plus({ days: 1 })) {
    const weeks = Math.floor(date.startOf('week').diff(anchorMonday, 'days').days / 7);
    if (rule.weekdays.includes(date.weekday) && weeks >= 0 && weeks % rule.everyWeeks === 0) dates.push(date.toISODate()!);
  }
  return dates;
}

/** Whether a wall time exists on a local date in a zone (false inside a spring-forward gap). */
function wallTimeExists(zone: string, localDate: string, hour: number, minute: number): boolean {
  const start = DateTime.fromISO(localDate, { zone }).startOf('day').toMillis();
  for (let instant = start - 3_600_000; instant < start + 27 * 3_600_000; instant += 60_000) {
    const local = DateTime.fromMillis(instant, { zone });
    if (local.toISODate() === localDate && local.hour === hour && local.minute === minute) return true;
  }
  return false;
}

describe('weekly occurrences, for any rule, zone and year', () => {
  it('fall on a rule weekday at the local start time (or just after a gap), last the duration, and none is lost or doubled', () => {
    fc.assert(fc.property(ruleArbitrary, (generated) => {
      const { rule, from, until } = build(generated);
      const [hour, minute] = rule.localStartTime.split(':').map(Number) as [number, number];
      const occurrences = occurrencesBetween(rule, from, until);
      const dates = occurrences.map((occurrence) => occurrence.localDate);
      expect(new Set(dates).size).toBe(dates.length); // none doubled
      expect([...occurrences].sort((a, b) => a.startsAt - b.startsAt)).toEqual(occurrences); // in order
      for (const occurrence of occurrences) {
        expect(occurrence.endsAt - occurrence.startsAt).toBe(rule.durationMinutes * 60_000);
        const local = DateTime.fromMillis(occurrence.startsAt, { zone: rule.timeZone });
        const ruleDay = DateTime.fromISO(occurrence.localDate, { zone: 'UTC' });
        expect(rule.weekdays).toContain(ruleDay.weekday);
        if (local.hour === hour && local.minute === minute) {
          expect(local.toISODate()).toBe(occurrence.localDate);
          // A repeated wall time resolves to the earlier instant: an hour (or half) earlier is not the same wall time.
          for (const back of [30, 60]) {
            const earlier = DateTime.fromMillis(occurrence.startsAt - back * 60_000, { zone: rule.timeZone });
            expect(earlier.hour === hour && earlier.minute === minute).toBe(false);
          }
        } else {
          // Only a nonexistent wall time may move, and only forward, by at most an hour.
          expect(wallTimeExists(rule.timeZone, occurrence.localDate, hour, minute)).toBe(false);
          const wanted = DateTime.fromISO(occurrence.localDate, { zone: 'UTC' }).set({ hour, minute });
          const shown = DateTime.fromISO(local.toISO({ includeOffset: false })!, { zone: 'UTC' });
          const shiftMinutes = shown.diff(wanted, 'minutes').minutes;
          expect(shiftMinutes).toBeGreaterThan(0);
          expect(shiftMinutes).toBeLessThanOrEqual(60);
        }
      }
      // None lost: every date the calendar calls for, away from the range's edges, is there.
      const firstDate = DateTime.fromMillis(from + 2 * day, { zone: 'UTC' }).toISODate()!;
      const lastDate = DateTime.fromMillis(until - 2 * day, { zone: 'UTC' }).toISODate()!;
      const inner = dates.filter((date) => date >= firstDate && date <= lastDate);
      expect(inner).toEqual(oracleDates(rule, firstDate, lastDate));
    }), { numRuns: 40 });
  });

  it('keep the same local start on both sides of every daylight-saving change in the range', () => {
    fc.assert(fc.property(ruleArbitrary.filter((generated) => generated.hour >= 4), (generated) => {
      const { rule, from, until } = build(generated);
      const times = new Set(occurrencesBetween(rule, from, until).map((occurrence) =>
        DateTime.fromMillis(occurrence.startsAt, { zone: rule.timeZone }).toFormat('HH:mm')));
      expect([...times]).toEqual(times.size === 0 ? [] : [rule.localStartTime]);
    }), { numRuns: 25 });
  });

  it('apply exceptions: a cancelled date is cancelled, a moved one takes its new start and duration, others are untouched', () => {
    fc.assert(fc.property(ruleArbitrary, fc.nat(), fc.nat(), fc.integer({ min: -3 * 60, max: 3 * 60 }), fc.option(fc.integer({ min: 15, max: 240 }), { nil: undefined }),
      (generated, cancelPick, movePick, shiftMinutes, newDuration) => {
        const { rule, from, until } = build(generated);
        const plain = occurrencesBetween(rule, from, until);
        if (plain.length < 2) return;
        const cancelled = plain[cancelPick % plain.length]!;
        const moved = plain[movePick % plain.length]!;
        let schedule = withMovedOccurrence(rule, { localDate: moved.localDate, startsAt: moved.startsAt + shiftMinutes * 60_000, durationMinutes: newDuration });
        schedule = withCancelledDate(schedule, cancelled.localDate); // a cancel wins over an earlier move of the same date
        const planned = plannedOccurrencesBetween(schedule, from, until);
        expect(planned.map((occurrence) => occurrence.originalStartsAt)).toEqual(plain.map((occurrence) => occurrence.startsAt));
        for (const occurrence of planned) {
          if (occurrence.localDate === cancelled.localDate) {
            expect(occurrence.status).toBe('cancelled');
          } else if (occurrence.localDate === moved.localDate) {
            expect(occurrence.moved).toBe(true);
            expect(occurrence.startsAt).toBe(moved.startsAt + shiftMinutes * 60_000);
            expect(occurrence.endsAt - occurrence.startsAt).toBe((newDuration ?? rule.durationMinutes) * 60_000);
          } else {
            expect(occurrence).toMatchObject({ status: 'scheduled', moved: false, startsAt: occurrence.originalStartsAt });
          }
        }
      }), { numRuns: 20 });
  });

  it('undo a cancellation: the date takes place at the rule time again, other exceptions untouched', () => {
    fc.assert(fc.property(ruleArbitrary, fc.nat(), fc.nat(), (generated, cancelPick, otherPick) => {
      const { rule, from, until } = build(generated);
      const plain = occurrencesBetween(rule, from, until);
      if (plain.length < 2) return;
      const target = plain[cancelPick % plain.length]!;
      const other = plain[otherPick % plain.length]!;
      const cancelled = withCancelledDate(withCancelledDate(rule, other.localDate), target.localDate);
      const restored = plannedOccurrencesBetween(withoutCancelledDate(cancelled, target.localDate), from, until);
      for (const occurrence of restored) {
        const expected = occurrence.localDate === other.localDate && other.localDate !== target.localDate ? 'cancelled' : 'scheduled';
        expect({ date: occurrence.localDate, status: occurrence.status }).toEqual({ date: occurrence.localDate, status: expected });
        if (expected === 'scheduled') expect(occurrence).toMatchObject({ moved: false, startsAt: occurrence.originalStartsAt });
      }
    }), { numRuns: 20 });
  });
});

function localTimes(rule: WeeklyRule, from: string, until: string) {
  return occurrencesBetween(rule, Date.parse(from), Date.parse(until))
    .map((occurrence) => DateTime.fromMillis(occurrence.startsAt, { zone: rule.timeZone }).toFormat('yyyy-MM-dd HH:mm ZZ'));
}

const base = { everyWeeks: 1, durationMinutes: 60 };

describe('fixed daylight-saving cases', () => {
  it('US: Sunday 19:00 Chicago stays 19:00 across the March change', () => {
    expect(localTimes({ ...base, weekdays: [7], localStartTime: '19:00', timeZone: 'America/Chicago', anchorDate: '2026-01-04' }, '2026-03-01T00:00Z', '2026-03-16T06:00Z'))
      .toEqual(['2026-03-01 19:00 -06:00', '2026-03-08 19:00 -05:00', '2026-03-15 19:00 -05:00']);
  });

  it('EU: Berlin 02:30 on the last Sunday of March does not exist and moves to 03:30; in October the first 02:30 is taken', () => {
    const rule = { ...base, weekdays: [7], localStartTime: '02:30', timeZone: 'Europe/Berlin', anchorDate: '2026-01-04' };
    expect(localTimes(rule, '2026-03-28T00:00Z', '2026-03-30T00:00Z')).toEqual(['2026-03-29 03:30 +02:00']);
    expect(localTimes(rule, '2026-10-24T00:00Z', '2026-10-26T00:00Z')).toEqual(['2026-10-25 02:30 +02:00']);
  });

  it('Australia: Sydney 02:30 in the October gap moves to 03:30; the April repeat takes the earlier (daylight) 02:30', () => {
    const rule = { ...base, weekdays: [7], localStartTime: '02:30', timeZone: 'Australia/Sydney', anchorDate: '2026-01-04' };
    expect(localTimes(rule, '2026-10-03T00:00Z', '2026-10-05T00:00Z')).toEqual(['2026-10-04 03:30 +11:00']);
    expect(localTimes(rule, '2026-04-04T00:00Z', '2026-04-06T00:00Z')).toEqual(['2026-04-05 02:30 +11:00']);
  });

  it('half-hour offsets: Kolkata keeps +05:30 all year; St Johns keeps 19:00 across its changes', () => {
    const kolkata = { ...base, weekdays: [1], localStartTime: '20:00', timeZone: 'Asia/Kolkata', anchorDate: '2026-01-05' };
    expect(localTimes(kolkata, '2026-03-01T00:00Z', '2026-03-17T00:00Z')).toEqual(['2026-03-02 20:00 +05:30', '2026-03-09 20:00 +05:30', '2026-03-16 20:00 +05:30']);
    const stJohns = { ...base, weekdays: [7], localStartTime: '19:00', timeZone: 'America/St_Johns', anchorDate: '2026-01-04' };
    expect(localTimes(stJohns, '2026-03-01T00:00Z', '2026-03-16T00:00Z')).toEqual(['2026-03-01 19:00 -03:30', '2026-03-08 19:00 -02:30', '2026-03-15 19:00 -02:30']);
  });

  it('half-hour daylight saving: Lord Howe 02:15 in the October gap moves forward 30 minutes; the April repeat takes the earlier 01:45', () => {
    const gap = { ...base, weekdays: [7], localStartTime: '02:15', timeZone: 'Australia/Lord_Howe', anchorDate: '2026-01-04' };
    expect(localTimes(gap, '2026-10-03T00:00Z', '2026-10-05T00:00Z')).toEqual(['2026-10-04 02:45 +11:00']);
    const repeat = { ...gap, localStartTime: '01:45' };
    expect(localTimes(repeat, '2026-04-04T00:00Z', '2026-04-06T00:00Z')).toEqual(['2026-04-05 01:45 +11:00']);
  });

  it('a cancelled or moved occurrence keeps its rule start as its identity', () => {
    const rule = { ...base, weekdays: [7], localStartTime: '19:00', timeZone: 'America/Chicago', anchorDate: '2026-01-04' };
    const [occurrence] = occurrencesBetween(rule, Date.parse('2026-03-08T00:00Z'), Date.parse('2026-03-09T12:00Z'));
    const moved = applyExceptions(occurrence!, { movedOccurrences: [{ localDate: '2026-03-08', startsAt: occurrence!.startsAt + 3_600_000 }] });
    expect(moved).toMatchObject({ originalStartsAt: occurrence!.startsAt, startsAt: occurrence!.startsAt + 3_600_000, endsAt: occurrence!.endsAt + 3_600_000, moved: true });
  });
});
