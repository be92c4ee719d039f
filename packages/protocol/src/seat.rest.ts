/**
 * Seats at a session: a member says they will attend (a seat, or a place on the waitlist past the
 * group's capacity), looks at where they stand, or gives the seat back (the first waiting member
 * is promoted and told with `seat:promoted`).
 */
import { emptyBody, sessionParams } from './rest.schemas';

export const seatRestRoutes = {
  getSeat: { method: 'GET', path: '/api/sessions/:sessionId/seat', params: sessionParams, body: emptyBody },
  reserveSeat: { method: 'POST', path: '/api/sessions/:sessionId/seat', params: sessionParams, body: emptyBody },
  releaseSessionSeat: { method: 'DELETE', path: '/api/sessions/:sessionId/seat', params: sessionParams, body: emptyBody },
} as const;

export type SeatRouteName = keyof typeof seatRestRoutes;

export interface SeatView {
  sessionId: string;
  status: 'seated' | 'waitlisted' | 'none';
  /** 1 for the first waiting member; null unless waitlisted. */
  position: number | null;
  capacity: number;
  seatsTaken: number;
}

export interface SeatRouteResults {
  getSeat: { seat: SeatView };
  reserveSeat: { seat: SeatView };
  releaseSessionSeat: { seat: SeatView };
}
