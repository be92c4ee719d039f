/** ScheduleLive over Socket.IO account rooms: each member of the group hears of a changed occurrence. */
import type { ScheduleRescheduledUpdate } from '@respite/protocol';
import type { ScheduleLive } from '../services/schedule-live';
import { type HubServer, roomNames } from './socket-types';

export class SocketScheduleLive implements ScheduleLive {
  constructor(private readonly io: HubServer) {}

  rescheduled(accountIds: string[], update: ScheduleRescheduledUpdate): void {
    if (accountIds.length === 0) return;
    this.io.to(accountIds.map((accountId) => roomNames.account(accountId))).emit('session:rescheduled', update);
  }

  seatPromoted(accountId: string, update: { sessionId: string; groupId: string }): void {
    this.io.to(roomNames.account(accountId)).emit('seat:promoted', update);
  }
}
