/**
 * Moves sessions through scheduled → lobby → live → closing → closed on time, by itself.
 * Coordination is through the session store: a due check is claimed by exactly one hub node, and
 * each state change is a compare-and-set, so every transition happens once however many nodes run.
 * The queue is durable, so checks that fell due while every node was down run at the next start.
 * Closing erases every ephemeral key of the session.
 *
 * The same queue carries two duties, each claimed by one node and re-queued by it: planning the
 * weeks ahead (so a hub that runs for months always has the coming three weeks planned) and the
 * daily retention run. The claim itself moves a duty a lease ahead (DUTY_LEASE_MS), so a node that
 * dies while running it leaves it to another; when done, the node re-queues it at its next run.
 * Every node queues both if absent at its start and every lease length after (an older node in a
 * rolling upgrade would claim a duty as an unknown session and drop it). Session checks in a
 * claimed batch run before its duties, so a long planning run never delays a lobby.
 */
import { isForward, nextTransitionAt, stateAt } from '@respite/domain';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { DUTY_LEASE_MS, type LifecycleDuty, type SessionRecord, dutyOfCheck } from '../stores/session.store';
import type { Stores } from '../stores/stores';
import type { LiveConnections } from './live-connections';
import type { RetentionService } from './retention.service';
import { roomExpiry } from './room.service';
import type { SessionPlanner } from './session-planner.service';
import { reportMonth } from './sponsor-attendance';
import { toSessionView } from './view-mapping';

const CLAIM_BATCH = 200;
const RETRY_AFTER_FAILURE_MS = 5_000;
/** How often the weeks ahead are planned again: well inside the 21-day horizon, so a missed run or two costs nothing. */
export const PLANNING_INTERVAL_MS = 24 * 60 * 60_000;
/** How often retention runs. */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60_000;

const DUTY_INTERVAL_MS: Record<LifecycleDuty, number> = { planning: PLANNING_INTERVAL_MS, retention: RETENTION_INTERVAL_MS };

export type CloseReason = 'ended_on_time' | 'ended_by_facilitator';

export class SessionLifecycleService {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private followUp: Promise<void> | null = null;
  private dutiesQueuedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: {
    stores: Stores; live: LiveConnections; clock: Clock; logger: Logger; tickMs: number; planner: SessionPlanner; retention: RetentionService;
  }) {}

  /** Queues each duty that is not queued (a first start, or a claim lost to a crash): due at once. */
  async queueDuties(): Promise<void> {
    const now = this.deps.clock.now();
    this.dutiesQueuedAt = now;
    await Promise.all((Object.keys(DUTY_INTERVAL_MS) as LifecycleDuty[]).map((duty) => this.deps.stores.sessions.queueDuty(duty, now, 'if-absent')));
  }

  /** Plans every group's weeks ahead now (idempotent): the planning duty, and a group that must have its sessions at once. */
  async planAhead(): Promise<number> {
    return this.deps.planner.planAll();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.followUp;
    await this.ticking;
  }

  /**
   * Runs every due check once. A call made while a run is under way gets one more run after it,
   * shared by every call made meanwhile: the run under way read the clock at its start, and a caller
   * who moved the clock, or made a session due, must see a run that reads it after.
   */
  tick(): Promise<void> {
    if (this.ticking) {
      this.followUp ??= this.ticking.catch(() => undefined).then(() => {
        this.followUp = null;
        return this.tick();
      });
      return this.followUp;
    }
    this.ticking = this.runDueChecks().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runDueChecks(): Promise<void> {
    let claimed: string[];
    try {
      if (this.deps.clock.now() >= this.dutiesQueuedAt + DUTY_LEASE_MS) await this.queueDuties();
      claimed = await this.deps.stores.sessions.claimDueChecks(this.deps.clock.now(), CLAIM_BATCH);
    } catch (error) {
      this.deps.logger.error({ event: 'lifecycle.claim_failed', err: error }, 'could not claim due session checks');
      return;
    }
    const duties = claimed.flatMap((checkId) => dutyOfCheck(checkId) ?? []);
    for (const sessionId of claimed.filter((checkId) => !dutyOfCheck(checkId))) {
      try {
        await this.advance(sessionId);
      } catch (error) {
        this.deps.logger.error({ event: 'lifecycle.advance_failed', sessionId, err: error }, 'session transition failed; retrying');
        await this.deps.stores.sessions.scheduleCheck(sessionId, this.deps.clock.now() + RETRY_AFTER_FAILURE_MS).catch(() => {});
      }
    }
    for (const duty of duties) await this.runDuty(duty);
  }

  private async runDuty(duty: LifecycleDuty): Promise<void> {
    const { stores, clock, logger } = this.deps;
    const claimedAt = clock.now();
    try {
      const outcome = duty === 'planning' ? { created: await this.planAhead() } : await this.deps.retention.sweep();
      await stores.sessions.queueDuty(duty, claimedAt + DUTY_INTERVAL_MS[duty], 'replace');
      logger.info({ event: 'lifecycle.duty_done', duty, ...outcome }, 'lifecycle duty done');
    } catch (error) {
      // The lease stays queued: this node or another runs the duty again when it falls due.
      logger.error({ event: 'lifecycle.duty_failed', duty, err: error }, 'lifecycle duty failed; it runs again after its lease');
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
    await this.countHeld(sessionId);
    try {
      await this.erase(sessionId);
    } catch (error) {
      this.deps.logger.error({ event: 'session.erase_failed', sessionId, err: error }, 'erase failed; retrying');
      await stores.sessions.scheduleCheck(sessionId, clock.now() + RETRY_AFTER_FAILURE_MS).catch(() => {});
    }
    this.deps.logger.info({ event: 'session.closed', sessionId, reason }, 'session closed and erased');
    return true;
  }

  /** The sponsor report's held-session figure; a failure here is caught up by the retention run. */
  private async countHeld(sessionId: string): Promise<void> {
    try {
      const session = await this.deps.stores.sessions.get(sessionId);
      if (session) await this.deps.stores.sessions.countHeld(sessionId, reportMonth(session.startsAt));
    } catch (error) {
      this.deps.logger.warn({ event: 'session.count_held_failed', sessionId, err: error }, 'could not count the held session; retention will');
    }
  }

  private async erase(sessionId: string): Promise<void> {
    await Promise.all([
      this.deps.stores.messages.eraseSession(sessionId), this.deps.stores.presence.eraseSession(sessionId),
      this.deps.stores.roomModeration.eraseSession(sessionId),
    ]);
  }
}
