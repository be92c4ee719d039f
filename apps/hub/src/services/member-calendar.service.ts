/**
 * Each member's private, revocable calendar feed of their groups' sessions (RFC 5545, through the
 * shared iCalendar writer). Titles are neutral ("Protected time") unless the member chose to show
 * group names; nothing else about a group appears. Times come from the stores at request time, so a
 * cancelled, moved or extended session shows at once. The secret is never stored or logged: only
 * its digest.
 */
import { createHash } from 'node:crypto';
import { plannedOccurrencesBetween } from '@respite/domain';
import type { MemberCalendarFeedView } from '@respite/protocol';
import type { Clock } from '../clock';
import { newToken } from '../random-ids';
import type { Stores } from '../stores/stores';
import { type CalendarEvent, serializeCalendar } from './icalendar';
import { occurrenceSessionId } from './session-planner.service';

const DAY_MS = 24 * 60 * 60_000;
const FEED_PAST_MS = 7 * DAY_MS;
const FEED_AHEAD_MS = 56 * DAY_MS;
export const MEMBER_FEED_NEUTRAL_TITLE = 'Protected time';
const NEUTRAL_DESCRIPTION = 'Protected time for a scheduled peer-support session.';

export function memberFeedSecretDigest(secret: string): string {
  return createHash('sha256').update(`member-calendar-feed:${secret}`).digest('base64url');
}

export class MemberCalendarService {
  constructor(private readonly deps: { stores: Stores; clock: Clock }) {}

  async feed(accountId: string): Promise<MemberCalendarFeedView> {
    const feed = await this.deps.stores.memberCalendarFeeds.feedOf(accountId);
    return { active: feed !== null, url: null, showGroupNames: feed?.showGroupNames ?? false, createdAt: feed ? new Date(feed.createdAt).toISOString() : null };
  }

  /** Makes a new secret (the old URL stops at once) and answers the URL, shown only now. */
  async rotate(accountId: string, showGroupNames: boolean): Promise<MemberCalendarFeedView> {
    const secret = newToken();
    const createdAt = this.deps.clock.now();
    await this.deps.stores.memberCalendarFeeds.replace(accountId, { secretDigest: memberFeedSecretDigest(secret), createdAt, showGroupNames });
    return { active: true, url: `/calendar/member/${secret}.ics`, showGroupNames, createdAt: new Date(createdAt).toISOString() };
  }

  async revoke(accountId: string): Promise<MemberCalendarFeedView> {
    await this.deps.stores.memberCalendarFeeds.revoke(accountId);
    return { active: false, url: null, showGroupNames: false, createdAt: null };
  }

  /** The calendar a secret opens, or null. Reads only the schedule. */
  async calendarFor(secret: string): Promise<string | null> {
    const { stores, clock } = this.deps;
    const accountId = await stores.memberCalendarFeeds.accountFor(memberFeedSecretDigest(secret));
    if (!accountId) return null;
    const feed = await stores.memberCalendarFeeds.feedOf(accountId);
    const now = clock.now();
    const events: CalendarEvent[] = [];
    for (const groupId of await stores.groups.groupIdsOf(accountId)) {
      const membership = await stores.groups.getMembership(groupId, accountId);
      const group = await stores.groups.getGroup(groupId);
      if (!group || membership?.status !== 'active') continue;
      const sessions = new Map((await stores.sessions.listForGroup(groupId, now - FEED_PAST_MS - 8 * DAY_MS, now + FEED_AHEAD_MS + 8 * DAY_MS)).map((session) => [session.id, session]));
      for (const occurrence of plannedOccurrencesBetween(group.schedule, now - FEED_PAST_MS, now + FEED_AHEAD_MS)) {
        const sessionId = occurrenceSessionId(groupId, occurrence.originalStartsAt);
        const session = sessions.get(sessionId);
        if (occurrence.status === 'cancelled' || session?.cancelledAt) continue;
        events.push({
          uid: `${sessionId}@respite`, startsAt: session?.startsAt ?? occurrence.startsAt, endsAt: session?.endsAt ?? occurrence.endsAt,
          summary: feed?.showGroupNames ? group.name : MEMBER_FEED_NEUTRAL_TITLE, description: NEUTRAL_DESCRIPTION,
        });
      }
    }
    events.sort((a, b) => a.startsAt - b.startsAt);
    return serializeCalendar({ name: 'Protected time', events, stampedAt: now });
  }
}
