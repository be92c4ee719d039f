/** Seat routes: thin edges over SeatService; the policy has checked membership and the session state. */
import type { GrantedAccess } from '../services/access.service';
import type { SeatService } from '../services/seat.service';
import { ServiceError } from '../services/service-error';
import type { RouteHandlers } from './api-router';

type SeatRoutes = Pick<RouteHandlers, 'getSeat' | 'reserveSeat' | 'releaseSessionSeat'>;

function targetOf(granted: GrantedAccess) {
  if (!granted.session || !granted.membership) throw new ServiceError('forbidden', 'You do not have access to this.');
  return [granted.session, granted.membership] as const;
}

export function seatRoutes(deps: { seats: SeatService }): SeatRoutes {
  const { seats } = deps;
  return {
    getSeat: async ({ granted }) => ({ seat: await seats.view(...targetOf(granted)) }),
    reserveSeat: async ({ granted }) => ({ seat: await seats.reserve(...targetOf(granted)) }),
    releaseSessionSeat: async ({ granted }) => ({ seat: await seats.release(...targetOf(granted)) }),
  };
}
