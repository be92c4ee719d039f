/**
 * What a sponsor administrator can do and see: invite codes and seats, the schedule of sponsored
 * groups, totals that identify no one, and the protected-time calendar feed; and a member giving
 * up a seat. Every answer is built from counts and schedules only: this service never reads
 * memberships' aliases, handles, messages or any per-session attendance, and a sponsor reaches
 * only its own codes and groups.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';
import { figureText, plannedOccurrencesBetween, type PublishedFigure, suppressSmallCounts, SMALL_COUNT_THRESHOLD } from '@respite/domain';
import {
  type FigureView, SPONSOR_SIGN_UPS_ALL_CODES_FACTOR, SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT, SPONSOR_SIGN_UPS_PER_HOUR_MAX,
  SPONSOR_SIGN_UPS_PER_HOUR_MIN, type SponsorCalendarFeedView, type SponsorGroupView, type SponsorInviteView, type SponsorReportView,
  type SponsorSettingsView,
} from '@respite/protocol';
import type { Clock } from '../clock';
import { newToken } from '../random-ids';
import type { GroupRecord } from '../stores/group.store';
import type { InviteRecord, SponsorRecord } from '../stores/sponsor.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import { RoomRights } from './room-rights';
import { serializeCalendar } from './icalendar';
import { reportMonth } from './sponsor-attendance';
import { ServiceError } from './service-error';
import { occurrenceSessionId } from './session-planner.service';

const DAY_MS = 24 * 60 * 60_000;
/** How many months the report covers, the current one included. */
export const REPORT_MONTHS = 6;
/** The calendar feed covers one week back and eight weeks ahead. */
const FEED_PAST_MS = 7 * DAY_MS;
const FEED_AHEAD_MS = 56 * DAY_MS;
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const CALENDAR_EVENT_SUMMARY = 'Protected time';
const CALENDAR_EVENT_DESCRIPTION = 'Protected time for a scheduled peer-support session.';

function newInviteCode(): string {
  const groups = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join(''));
  return groups.join('-');
}

/**
 * A sponsor feed event's UID: stable for one session in one sponsor's feed (so calendar apps update
 * rather than duplicate it across rotations of the feed's URL), keyed with the hub's secret so it
 * names no session id a sponsor could match against anything else, and differs between sponsors.
 */
export function sponsorFeedEventUid(hubSecret: string, sponsorId: string, sessionId: string): string {
  return `${createHmac('sha256', hubSecret).update(`sponsor-feed-event:${sponsorId}:${sessionId}`).digest('base64url').slice(0, 32)}@respite`;
}

export function feedSecretDigest(secret: string): string {
  return createHash('sha256').update(`calendar-feed:${secret}`).digest('base64url');
}

function figureView(figure: PublishedFigure): FigureView {
  return { value: figure.shown ? figure.value : null, text: figureText(figure) };
}

/** The months of the report, oldest first, ending with the month of `now` (UTC). */
export function reportMonths(now: number, count = REPORT_MONTHS): string[] {
  const date = new Date(now);
  return Array.from({ length: count }, (_, index) => reportMonth(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (count - 1 - index), 1)));
}

function csvField(value: string): string {
  // A leading formula character would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Sign-ups per hour per invite code of this sponsor: its own choice, or the default. */
export function signUpsPerHourOf(sponsor: Pick<SponsorRecord, 'signUpsPerHour'> | null): number {
  return sponsor?.signUpsPerHour ?? SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT;
}

function settingsView(sponsor: SponsorRecord): SponsorSettingsView {
  const signUpsPerHour = signUpsPerHourOf(sponsor);
  return {
    signUpsPerHour, signUpsPerHourAllCodes: signUpsPerHour * SPONSOR_SIGN_UPS_ALL_CODES_FACTOR,
    limits: { min: SPONSOR_SIGN_UPS_PER_HOUR_MIN, max: SPONSOR_SIGN_UPS_PER_HOUR_MAX, default: SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT },
  };
}

export class SponsorService {
  /** `live` ends the room access of a member who gives up a seat; optional for callers that serve no sockets. */
  private readonly rights: RoomRights;

  constructor(private readonly deps: { stores: Stores; clock: Clock; secret: string; live?: LiveConnections }) {
    this.rights = new RoomRights(deps);
  }

  async settings(sponsorId: string): Promise<SponsorSettingsView> {
    return settingsView(await this.sponsorRecord(sponsorId));
  }

  /** Lets a sponsor admit a larger class per hour (onboarding day) or fewer; the schema bounds the figure. */
  async updateSettings(sponsorId: string, settings: { signUpsPerHour: number }): Promise<SponsorSettingsView> {
    const sponsor = { ...(await this.sponsorRecord(sponsorId)), signUpsPerHour: settings.signUpsPerHour };
    await this.deps.stores.sponsors.saveSponsor(sponsor);
    return settingsView(sponsor);
  }

  private async sponsorRecord(sponsorId: string): Promise<SponsorRecord> {
    const sponsor = await this.deps.stores.sponsors.getSponsor(sponsorId);
    if (!sponsor) throw new ServiceError('not_found', 'This sponsor no longer exists.');
    return sponsor;
  }

  private async sponsoredGroups(sponsorId: string): Promise<GroupRecord[]> {
    const groups: GroupRecord[] = [];
    for (const groupId of await this.deps.stores.groups.listGroupIds()) {
      const group = await this.deps.stores.groups.getGroup(groupId);
      if (group?.sponsorIds.includes(sponsorId)) groups.push(group);
    }
    return groups.sort((a, b) => a.name.localeCompare(b.name));
  }

  private inviteView(invite: InviteRecord, groupNames: Map<string, string>): SponsorInviteView {
    return {
      code: invite.code, seats: invite.seats, seatsUsed: invite.seatsUsed, seatsLeft: Math.max(0, invite.seats - invite.seatsUsed),
      expiresAt: new Date(invite.expiresAt).toISOString(), status: invite.status,
      expired: invite.expiresAt <= this.deps.clock.now(),
      groups: invite.groupIds.map((id) => ({ id, name: groupNames.get(id) ?? 'A group no longer offered' })),
      createdAt: new Date(invite.createdAt).toISOString(),
    };
  }

  private async groupNames(sponsorId: string): Promise<Map<string, string>> {
    return new Map((await this.sponsoredGroups(sponsorId)).map((group) => [group.id, group.name]));
  }

  async listInvites(sponsorId: string): Promise<SponsorInviteView[]> {
    const names = await this.groupNames(sponsorId);
    const invites: SponsorInviteView[] = [];
    for (const code of await this.deps.stores.sponsors.listInviteCodes(sponsorId)) {
      const invite = await this.deps.stores.sponsors.getInvite(code);
      if (invite && invite.sponsorId === sponsorId) invites.push(this.inviteView(invite, names));
    }
    return invites.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.code.localeCompare(b.code));
  }

  async createInvite(sponsorId: string, input: { seats: number; validDays: number; groupIds: string[] }): Promise<SponsorInviteView> {
    const names = await this.groupNames(sponsorId);
    const groupIds = [...new Set(input.groupIds)];
    if (groupIds.some((id) => !names.has(id))) throw new ServiceError('forbidden', 'A code can open only groups your organisation sponsors.', { fields: ['groupIds'] });
    const now = this.deps.clock.now();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = newInviteCode();
      if (await this.deps.stores.sponsors.getInvite(code)) continue;
      const invite: InviteRecord = { code, sponsorId, seats: input.seats, seatsUsed: 0, expiresAt: now + input.validDays * DAY_MS, groupIds, status: 'active', createdAt: now };
      await this.deps.stores.sponsors.saveInvite(invite);
      return this.inviteView(invite, names);
    }
    throw new ServiceError('conflict', 'Could not create a new code just now. Please try again.');
  }

  async setInviteStatus(sponsorId: string, code: string, status: InviteRecord['status']): Promise<SponsorInviteView> {
    const upper = code.toUpperCase();
    const invite = await this.deps.stores.sponsors.getInvite(upper);
    if (!invite || invite.sponsorId !== sponsorId) throw new ServiceError('not_found', 'Your organisation has no such code.');
    if (invite.status === 'revoked' && status !== 'revoked') throw new ServiceError('conflict', 'A revoked code stays revoked. Create a new code instead.');
    await this.deps.stores.sponsors.setInviteStatus(upper, status);
    const updated = await this.deps.stores.sponsors.getInvite(upper);
    return this.inviteView(updated!, await this.groupNames(sponsorId));
  }

  async listGroups(sponsorId: string): Promise<SponsorGroupView[]> {
    const now = this.deps.clock.now();
    return (await this.sponsoredGroups(sponsorId)).map((group) => ({
      id: group.id, name: group.name, description: group.description,
      schedule: {
        weekdays: group.schedule.weekdays, everyWeeks: group.schedule.everyWeeks, localStartTime: group.schedule.localStartTime,
        timeZone: group.schedule.timeZone, durationMinutes: group.schedule.durationMinutes,
      },
      // Cancelled occurrences are left out and moved ones shown at their new time (schedule exceptions).
      upcoming: plannedOccurrencesBetween(group.schedule, now, now + 28 * DAY_MS).filter((occurrence) => occurrence.status === 'scheduled').slice(0, 8)
        .map((occurrence) => ({ startsAt: new Date(occurrence.startsAt).toISOString(), endsAt: new Date(occurrence.endsAt).toISOString() })),
    }));
  }

  async report(sponsorId: string): Promise<SponsorReportView> {
    const { stores, clock } = this.deps;
    const sponsor = await stores.sponsors.getSponsor(sponsorId);
    if (!sponsor) throw new ServiceError('not_found', 'That organisation no longer exists.');
    const now = clock.now();
    const months = reportMonths(now);
    const groups = await this.sponsoredGroups(sponsorId);
    const counts: number[][] = [];
    const sessionsHeld: number[] = [];
    for (const group of groups) {
      counts.push(await Promise.all(months.map((month) => stores.sponsors.attendanceCount(sponsorId, group.id, month))));
      // Held: closed, and not closed by a cancellation; counted per month at close, as session records are deleted after weeks.
      sessionsHeld.push((await stores.sessions.heldCounts(group.id, months)).reduce((sum, count) => sum + count, 0));
    }
    let issued = 0;
    for (const code of await stores.sponsors.listInviteCodes(sponsorId)) {
      const invite = await stores.sponsors.getInvite(code);
      if (invite && invite.status !== 'revoked') issued += invite.seats;
      else if (invite) issued += invite.seatsUsed; // a revoked code's unused seats are no longer issued
    }
    const table = groups.length > 0 ? suppressSmallCounts(counts) : null;
    const empty = figureView({ shown: false, reason: 'fewer_than_threshold' });
    return {
      sponsorName: sponsor.name, generatedAt: new Date(now).toISOString(), threshold: SMALL_COUNT_THRESHOLD,
      seats: { issued, inUse: await stores.sponsors.seatsInUse(sponsorId) },
      months,
      groups: groups.map((group, row) => ({
        id: group.id, name: group.name, sessionsHeld: sessionsHeld[row]!,
        attendance: table!.cells[row]!.map(figureView), total: figureView(table!.rowTotals[row]!),
      })),
      monthTotals: table ? table.columnTotals.map(figureView) : months.map(() => empty),
      grandTotal: table ? figureView(table.grandTotal) : empty,
    };
  }

  async exportCsv(sponsorId: string): Promise<{ fileName: string; csv: string }> {
    const report = await this.report(sponsorId);
    const rows: string[][] = [
      ['Respite totals', report.sponsorName],
      ['Generated', report.generatedAt],
      ['Seats issued', String(report.seats.issued)],
      ['Seats in use', String(report.seats.inUse)],
      [],
      ['Group', 'Sessions held', ...report.months.map((month) => `Distinct members ${month}`), 'Total (member-months)'],
      ...report.groups.map((group) => [group.name, String(group.sessionsHeld), ...group.attendance.map((figure) => figure.text), group.total.text]),
      ['All groups', String(report.groups.reduce((total, group) => total + group.sessionsHeld, 0)), ...report.monthTotals.map((figure) => figure.text), report.grandTotal.text],
      [],
      [`Counts below ${report.threshold} are shown as "fewer than ${report.threshold}"; figures that would reveal them are "withheld".`],
    ];
    return { fileName: `respite-totals-${report.generatedAt.slice(0, 10)}.csv`, csv: `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n` };
  }

  async calendarFeed(sponsorId: string): Promise<SponsorCalendarFeedView> {
    const feed = await this.deps.stores.sponsors.calendarFeedOf(sponsorId);
    return { active: feed !== null, url: null, createdAt: feed ? new Date(feed.createdAt).toISOString() : null };
  }

  /** Creates or replaces the feed's secret; the old URL stops working at once. The URL is shown only now. */
  async rotateCalendarFeed(sponsorId: string): Promise<SponsorCalendarFeedView> {
    const secret = newToken();
    const createdAt = this.deps.clock.now();
    await this.deps.stores.sponsors.setCalendarFeed(sponsorId, { secretDigest: feedSecretDigest(secret), createdAt });
    return { active: true, url: `/calendar/${secret}.ics`, createdAt: new Date(createdAt).toISOString() };
  }

  /** The feed behind a secret, or null (unknown or rotated away). Holds instants and a neutral title only. */
  async calendarFor(secret: string): Promise<string | null> {
    const sponsorId = await this.deps.stores.sponsors.sponsorForCalendarFeed(feedSecretDigest(secret));
    if (!sponsorId) return null;
    const now = this.deps.clock.now();
    const events = (await this.sponsoredGroups(sponsorId)).flatMap((group) => plannedOccurrencesBetween(group.schedule, now - FEED_PAST_MS, now + FEED_AHEAD_MS)
      .filter((occurrence) => occurrence.status === 'scheduled')
      .map((occurrence) => ({
        uid: sponsorFeedEventUid(this.deps.secret, sponsorId, occurrenceSessionId(group.id, occurrence.originalStartsAt)), startsAt: occurrence.startsAt, endsAt: occurrence.endsAt,
        summary: CALENDAR_EVENT_SUMMARY, description: CALENDAR_EVENT_DESCRIPTION,
      })))
      .sort((a, b) => a.startsAt - b.startsAt);
    return serializeCalendar({ name: 'Protected time', events, stampedAt: now });
  }

  /** A member gives up their seat of one sponsor, and leaves the groups no other seat opens. */
  async releaseSeat(accountId: string, sponsorId: string): Promise<void> {
    const { stores } = this.deps;
    const seats = await stores.sponsors.seatsOf(accountId);
    const released = seats.find((seat) => seat.sponsorId === sponsorId);
    if (!released || !(await stores.sponsors.releaseSeat(accountId, sponsorId))) throw new ServiceError('not_found', 'You hold no seat of that organisation.');
    const stillOpen = new Set(seats.filter((seat) => seat.sponsorId !== sponsorId).flatMap((seat) => seat.groupIds));
    for (const groupId of released.groupIds) {
      if (stillOpen.has(groupId)) continue;
      const membership = await stores.groups.getMembership(groupId, accountId);
      if (membership?.role !== 'member' || membership.status !== 'active') continue;
      // Refused in the group's rooms first, then removed, then the sockets ended (as GroupService.leave).
      await this.rights.refuseMembership(membership, 'left_group');
      try {
        await stores.groups.removeMembership(groupId, accountId);
      } finally {
        this.deps.live?.revokeMembership(groupId, accountId, 'left_group');
      }
    }
  }
}
