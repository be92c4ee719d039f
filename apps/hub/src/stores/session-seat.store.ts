/**
 * Seats at one session: who said they will attend (a seat, up to the group's capacity) and who
 * waits for one (a waitlist in arrival order). Members appear only by their per-group member ref,
 * never an account id. Every change is atomic, so two members racing for the last seat cannot
 * both win, and a freed seat goes to exactly one waiting member. Keys expire with the session.
 */
export type SeatStatus = { status: 'seated' } | { status: 'waitlisted'; position: number } | { status: 'none' };

export interface SessionSeatStore {
  /** Takes a seat if one is free, else joins the waitlist. Idempotent for a member already in either. */
  reserve(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<SeatStatus>;
  /** Gives up a seat or a waitlist place; when a seat frees, the first waiting member takes it and is answered. */
  release(sessionId: string, memberRef: string, capacity: number): Promise<{ promoted: string | null }>;
  /** For entering the room: true when the member holds a seat or takes a free one now (a late member). */
  claimForEntry(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<boolean>;
  status(sessionId: string, memberRef: string): Promise<SeatStatus>;
  counts(sessionId: string): Promise<{ seated: number; waiting: number }>;
  /** Forgets the session's seats and waitlist (retention, with the session record). */
  eraseSession(sessionId: string): Promise<void>;
}
