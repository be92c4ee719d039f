/**
 * What the crisis pathway may ask of the live sockets when no facilitator of the session is in the
 * room, without knowing Socket.IO: show an alert on the screens of given accounts (the group's
 * other facilitators) or of the on-call role, and learn how many screens showed it in time.
 * Implemented over the adapter, so it reaches sockets on every hub node. Never carries text.
 */
import type { EscalatedAlertView } from '@respite/protocol';

/** How long the pathway waits for a screen to say it showed an escalated alert before trying the next rung. */
export const ESCALATION_SEEN_WAIT_MS = 1_500;

export interface CrisisEscalation {
  /** Answers how many screens of these accounts showed the alert within ESCALATION_SEEN_WAIT_MS. */
  toAccounts(accountIds: string[], alert: EscalatedAlertView): Promise<number>;
  /** The same, to every connected account holding the on-call role. */
  toOnCall(alert: EscalatedAlertView): Promise<number>;
}
