/**
 * Moves sessions through scheduled → lobby → live → closing → closed on time, by itself.
 * Coordination is through the session store: a due check is claimed by exactly one hub node, and
 * each state change is a compare-and-set, so every transition happens once however many nodes run.
 * The queue is durable, so checks that fell due while every node was down run at the next start.
 * Closing erases every ephemeral key of the session.
 */
import { isForward, nextTransitionAt, stateAt } from '@respite/domain';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { SessionRecord } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import { roomExpiry } from './room.service';
import { toSessionView } from './view-mapping';

const CLAIM_BATCH = 200;
const RETRY_AFTER_FAILURE_MS = 5_000;

export type CloseReason = 'ended_on_time' | 'ended_by_facilitator';

export class SessionLifecycleService {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(private readonly deps: { stores: Stores; live: LiveConnections; clock: Clock; logger: Logger; tickMs: number }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Runs every due check once. Overlapping calls share one run. */
  tick(): Promise<void> {
    this.ticking ??= this.runDueChecks().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runDueChecks(): Promise<void> {
    let claimed: string[];
    try {
      claimed = await this.deps.stores.sessions.claimDueChecks(this.deps.clock.now(), CLAIM_BATCH);
    } catch (error) {
      this.deps.logger.error({ event: 'lifecycle.claim_failed', err: error }, 'could not claim due session checks');
      return;
    }
    for (const sessionId of claimed) {
      try {
        await this.advance(sessionId);
      } catch (error) {
        this.deps.logger.error({ event: 'lifecycle.advance_failed', sessionId, err: error }, 'session transition failed; retrying');
        await this.deps.stores.sessions.scheduleCheck(sessionId, this.deps.clock.now() + RETRY_AFTER_FAILURE_MS).catch(() => {});
      }
    }
  }

  /** Brings one session to the state its times call for, then queues its next check. */
  async advance(sessionId: string): Promise<void> {
    const { stores, clock } = this.deps;
    const session = await stores.sessions.get(sessionId);
    if (!session) return;
    if (session.state === 'closed') {
      await this.erase(session.id); // a retry after an erase that failed
      return;
    }
    const now = clock.now();
    const target = stateAt(session, now, session.closedAt);
    if (target === 'closed') {
      await this.close(sessionId, 'ended_on_time');
      return;
    }
    if (isForward(session.state, target) && (await stores.sessions.transition(sessionId, session.state, target, now))) {
      if (session.state === 'scheduled') await stores.messages.openRoom(sessionId, roomExpiry(session));
      const updated: SessionRecord = { ...session, state: target, openedAt: session.openedAt ?? now };
      this.deps.live.stateChanged(sessionId, target, toSessionView(updated));
      this.deps.logger.info({ event: 'session.state_changed', sessionId, state: target }, 'session state changed');
    }
    const next = nextTransitionAt(session, target);
    if (next !== null) await stores.sessions.scheduleCheck(sessionId, next);
  }

  /** Closes once (the first caller wins), erases everything ephemeral, and tells the room. */
  async close(sessionId: string, reason: CloseReason): Promise<boolean> {
    const { stores, clock } = this.deps;
    if (!(await stores.sessions.markClosed(sessionId, clock.now()))) return false;
    this.deps.live.sessionClosed(sessionId);
    try {
      await this.erase(sessionId);
    } catch (error) {
      this.deps.logger.error({ event: 'session.erase_failed', sessionId, err: error }, 'erase failed; retrying');
      await stores.sessions.scheduleCheck(sessionId, clock.now() + RETRY_AFTER_FAILURE_MS).catch(() => {});
    }
    this.deps.logger.info({ event: 'session.closed', sessionId, reason }, 'session closed and erased');
    return true;
  }

  private async erase(sessionId: string): Promise<void> {
    await Promise.all([
      this.deps.stores.messages.eraseSession(sessionId), this.deps.stores.presence.eraseSession(sessionId),
      this.deps.stores.roomModeration.eraseSession(sessionId),
    ]);
  }
}
