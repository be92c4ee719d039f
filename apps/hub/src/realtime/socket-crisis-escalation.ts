/** CrisisEscalation over Socket.IO: a broadcast with acknowledgements to account rooms or the on-call room, across nodes. */
import type { EscalatedAlertView } from '@respite/protocol';
import { type CrisisEscalation, ESCALATION_SEEN_WAIT_MS } from '../services/crisis-escalation';
import { type HubServer, roomNames } from './socket-types';

export class SocketCrisisEscalation implements CrisisEscalation {
  constructor(private readonly io: HubServer) {}

  toAccounts(accountIds: string[], alert: EscalatedAlertView): Promise<number> {
    if (accountIds.length === 0) return Promise.resolve(0);
    return this.seenBy(accountIds.map((accountId) => roomNames.account(accountId)), alert);
  }

  toOnCall(alert: EscalatedAlertView): Promise<number> {
    return this.seenBy([roomNames.onCall()], alert);
  }

  /** Screens that called `seen` in time; one that timed out or never listens counts for nothing. */
  private seenBy(rooms: string[], alert: EscalatedAlertView): Promise<number> {
    return new Promise((resolve) => {
      this.io.to(rooms).timeout(ESCALATION_SEEN_WAIT_MS).emit('crisis:escalated', alert, (_late: Error | null, answers: true[]) => resolve(answers.length));
    });
  }
}
