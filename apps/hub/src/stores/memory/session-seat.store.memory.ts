/** In-memory session seats and waitlists (one node); single-threaded, so each call is atomic. */
import type { SeatStatus, SessionSeatStore } from '../session-seat.store';

interface SessionSeats {
  seated: Set<string>;
  waiting: string[];
  expiresAt: number;
}

export class MemorySessionSeatStore implements SessionSeatStore {
  private readonly sessions = new Map<string, SessionSeats>();

  constructor(private readonly now: () => number) {}

  private of(sessionId: string, expiresAt?: number): SessionSeats {
    let seats = this.sessions.get(sessionId);
    if (seats && seats.expiresAt <= this.now()) seats = undefined;
    if (!seats) {
      seats = { seated: new Set(), waiting: [], expiresAt: expiresAt ?? Number.MAX_SAFE_INTEGER };
      this.sessions.set(sessionId, seats);
    }
    if (expiresAt !== undefined) seats.expiresAt = expiresAt;
    return seats;
  }

  async reserve(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<SeatStatus> {
    const seats = this.of(sessionId, expiresAt);
    if (seats.seated.has(memberRef)) return { status: 'seated' };
    const index = seats.waiting.indexOf(memberRef);
    if (index >= 0) return { status: 'waitlisted', position: index + 1 };
    if (seats.seated.size < capacity) {
      seats.seated.add(memberRef);
      return { status: 'seated' };
    }
    seats.waiting.push(memberRef);
    return { status: 'waitlisted', position: seats.waiting.length };
  }

  async release(sessionId: string, memberRef: string, capacity: number): Promise<{ promoted: string | null }> {
    const seats = this.of(sessionId);
    const wasSeated = seats.seated.delete(memberRef);
    seats.waiting = seats.waiting.filter((waiting) => waiting !== memberRef);
    if (wasSeated && seats.seated.size < capacity && seats.waiting.length > 0) {
      const promoted = seats.waiting.shift()!;
      seats.seated.add(promoted);
      return { promoted };
    }
    return { promoted: null };
  }

  async claimForEntry(sessionId: string, memberRef: string, capacity: number, expiresAt: number): Promise<boolean> {
    const seats = this.of(sessionId, expiresAt);
    if (seats.seated.has(memberRef)) return true;
    if (seats.seated.size >= capacity) return false;
    seats.seated.add(memberRef);
    seats.waiting = seats.waiting.filter((waiting) => waiting !== memberRef);
    return true;
  }

  async status(sessionId: string, memberRef: string): Promise<SeatStatus> {
    const seats = this.of(sessionId);
    if (seats.seated.has(memberRef)) return { status: 'seated' };
    const index = seats.waiting.indexOf(memberRef);
    return index >= 0 ? { status: 'waitlisted', position: index + 1 } : { status: 'none' };
  }

  async counts(sessionId: string): Promise<{ seated: number; waiting: number }> {
    const seats = this.of(sessionId);
    return { seated: seats.seated.size, waiting: seats.waiting.length };
  }

  async eraseSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }
}
