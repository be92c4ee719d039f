/**
 * The sponsor's protected-time calendar feed: GET /calendar/<secret>.ics. The secret is the one
 * token Respite allows in a URL (calendar clients cannot send cookies); it opens only this feed,
 * which holds session instants and a neutral title, and rotating it makes the old URL answer 404.
 * Never logs the secret.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger';
import type { SponsorService } from '../services/sponsor.service';

export function calendarFeedRoutes(deps: { sponsors: SponsorService; logger: Logger }): Router {
  const router = express.Router();
  router.get('/calendar/:file', async (request: Request, response: Response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    const match = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(String(request.params.file ?? ''));
    try {
      const calendar = match ? await deps.sponsors.calendarFor(match[1]!) : null;
      if (!calendar) return void response.status(404).type('text/plain').send('No such calendar.');
      response.status(200).type('text/calendar; charset=utf-8').send(calendar);
    } catch (error) {
      deps.logger.error({ event: 'calendar_feed.failed', err: error }, 'calendar feed failed');
      response.status(503).type('text/plain').send('The calendar is unavailable right now.');
    }
  });
  return router;
}
