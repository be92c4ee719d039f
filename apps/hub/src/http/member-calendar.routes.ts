/**
 * A member's calendar feed: the signed-in routes that make, rotate and revoke it, and the feed
 * itself at GET /calendar/member/<secret>.ics. The secret is the one token allowed in a URL
 * (calendar clients send no cookies); it opens only this read-only feed. Never logs the secret.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger';
import type { MemberCalendarService } from '../services/member-calendar.service';
import type { RouteHandlers } from './api-router';

type MemberCalendarRoutes = Pick<RouteHandlers, 'getMyCalendarFeed' | 'rotateMyCalendarFeed' | 'revokeMyCalendarFeed'>;

export function memberCalendarRoutes(deps: { calendars: MemberCalendarService }): MemberCalendarRoutes {
  const { calendars } = deps;
  return {
    getMyCalendarFeed: async ({ accountId }) => ({ feed: await calendars.feed(accountId) }),
    rotateMyCalendarFeed: async ({ accountId, body }) => ({ feed: await calendars.rotate(accountId, body.showGroupNames) }),
    revokeMyCalendarFeed: async ({ accountId }) => ({ feed: await calendars.revoke(accountId) }),
  };
}

export function memberCalendarFeedRoutes(deps: { calendars: MemberCalendarService; logger: Logger }): Router {
  const router = express.Router();
  router.get('/calendar/member/:file', async (request: Request, response: Response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    const match = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(String(request.params.file ?? ''));
    try {
      const calendar = match ? await deps.calendars.calendarFor(match[1]!) : null;
      if (!calendar) return void response.status(404).type('text/plain').send('No such calendar.');
      response.status(200).type('text/calendar; charset=utf-8').send(calendar);
    } catch (error) {
      deps.logger.error({ event: 'member_calendar_feed.failed', err: error }, 'member calendar feed failed');
      response.status(503).type('text/plain').send('The calendar is unavailable right now.');
    }
  });
  return router;
}
