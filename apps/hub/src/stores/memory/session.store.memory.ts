/** In-memory session records and lifecycle queue. */
import type { SessionState } from '@respite/protocol';
import type { SessionTimes } from '@respite/domain';
import { DUTY_LEASE_MS, type LifecycleDuty, type SessionRecord, type SessionStore, dutyCheckId, dutyOfCheck } from '../session.store';

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly dueChecks = new Map<string, number>();
  private readonly counted = new Set<string>();
  private readonly held = new Map<string, Map<string, number>>();

  async create(session: SessionRecord): Promise<'created' | 'exists'> {
    if (this.sessions.has(session.id)) return 'exists';
    this.sessions.set(session.id, { ...session });
    this.dueChecks.set(session.id, session.lobbyOpensAt);
    return 'created';
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const session = this.sessions.get(sessionId);
    return session ? { ...session } : null;
  }

  async listForGroup(groupId: string, from: number, until: number): Promise<SessionRecord[]> {
    return [...this.sessions.values()]
      .filter((session) => session.groupId === groupId && session.startsAt >= from && session.startsAt < until)
      .sort((a, b) => a.startsAt - b.startsAt)
      .map((session) => ({ ...session }));
  }

  async transition(sessionId: string, from: SessionState, to: SessionState, at: number): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session || session.state !== from) return false;
    session.state = to;
    if (to === 'lobby' && session.openedAt === null) session.openedAt = at;
    return true;
  }

  async markClosed(sessionId: string, at: number): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session || session.state === 'closed') return false;
    session.state = 'closed';
    session.closedAt = at;
    this.dueChecks.delete(sessionId);
    return true;
  }

  async scheduleCheck(sessionId: string, at: number): Promise<void> {
    if (this.sessions.has(sessionId)) this.dueChecks.set(sessionId, at);
  }

  async claimDueChecks(now: number, limit: number): Promise<string[]> {
    const due = [...this.dueChecks].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]).slice(0, limit);
    for (const [checkId] of due) {
      if (dutyOfCheck(checkId)) this.dueChecks.set(checkId, now + DUTY_LEASE_MS);
      else this.dueChecks.delete(checkId);
    }
    return due.map(([sessionId]) => sessionId);
  }

  async retime(sessionId: string, states: readonly SessionState[], change: SessionTimes & { extendedMinutes?: number; checkAt: number }): Promise<SessionRecord | null> {
    const session = this.sessions.get(sessionId);
    if (!session || !states.includes(session.state)) return null;
    const { checkAt, ...times } = change;
    Object.assign(session, times);
    this.dueChecks.set(sessionId, checkAt);
    return { ...session };
  }

  async cancel(sessionId: string, at: number): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session || session.state !== 'scheduled') return false;
    Object.assign(session, { state: 'closed', closedAt: at, cancelledAt: at });
    this.dueChecks.delete(sessionId);
    return true;
  }

  async uncancel(sessionId: string, change: SessionTimes & { checkAt: number }): Promise<SessionRecord | null> {
    const session = this.sessions.get(sessionId);
    if (!session || session.state !== 'closed' || !session.cancelledAt || session.openedAt !== null) return null;
    const { checkAt, ...times } = change;
    Object.assign(session, times, { state: 'scheduled', closedAt: null, cancelledAt: null });
    this.dueChecks.set(sessionId, checkAt);
    return { ...session };
  }

  async queueDuty(duty: LifecycleDuty, at: number, mode: 'replace' | 'if-absent'): Promise<void> {
    const checkId = dutyCheckId(duty);
    if (mode === 'if-absent' && this.dueChecks.has(checkId)) return;
    this.dueChecks.set(checkId, at);
  }

  async countHeld(sessionId: string, month: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session || session.state !== 'closed' || session.cancelledAt || this.counted.has(sessionId)) return false;
    this.counted.add(sessionId);
    const months = this.held.get(session.groupId) ?? new Map<string, number>();
    months.set(month, (months.get(month) ?? 0) + 1);
    this.held.set(session.groupId, months);
    return true;
  }

  async heldCounts(groupId: string, months: readonly string[]): Promise<number[]> {
    return months.map((month) => this.held.get(groupId)?.get(month) ?? 0);
  }

  async pruneHeldCounts(groupId: string, firstKept: string): Promise<void> {
    const months = this.held.get(groupId);
    for (const month of months?.keys() ?? []) if (month < firstKept) months!.delete(month);
  }

  async delete(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    this.dueChecks.delete(sessionId);
    this.counted.delete(sessionId);
  }
}
