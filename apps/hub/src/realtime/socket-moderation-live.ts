/** ModerationLive over Socket.IO rooms; through the adapter these reach sockets on every hub node. */
import type {
  CheckInMessageView, CrisisAlertView, CrisisResourceView, MessageReportView, ModerationServerEvents,
  ReactionCountView, RoomModerationView, SupportReach,
} from '@respite/protocol';
import type { ModerationLive } from '../services/moderation-live';
import { moderationRoomNames } from './moderation-rooms';
import { type HubServer, roomNames } from './socket-types';

export class SocketModerationLive implements ModerationLive {
  constructor(private readonly io: HubServer) {}

  moderationChanged(view: RoomModerationView): void {
    const facilitators = moderationRoomNames.facilitators(view.sessionId);
    this.io.to(facilitators).emit('room:moderation-changed', view);
    this.io.to(roomNames.session(view.sessionId)).except(facilitators).emit('room:moderation-changed', { ...view, mutes: [], waiting: [] });
  }

  selfMuteChanged(sessionId: string, memberRef: string, until: number | null): void {
    this.io.to(moderationRoomNames.member(sessionId, memberRef)).emit('member:mute-changed', { sessionId, until: until === null ? null : new Date(until).toISOString() });
  }

  messageDeleted(sessionId: string, messageId: string): void {
    this.io.to(roomNames.session(sessionId)).emit('message:deleted', { sessionId, messageId });
  }

  memberRemoved(sessionId: string, update: { memberRef: string; alias: string; banned: boolean }): void {
    this.io.to(roomNames.session(sessionId)).emit('member:removed', { sessionId, ...update });
  }

  reactionAdded(update: ReactionCountView): void {
    this.io.to(roomNames.session(update.sessionId)).emit('reaction:added', update);
  }

  reportFiled(report: MessageReportView): void {
    this.io.to(moderationRoomNames.facilitators(report.sessionId)).emit('report:filed', report);
  }

  crisisAlerted(alert: CrisisAlertView): void {
    this.io.to(moderationRoomNames.facilitators(alert.sessionId)).emit('crisis:alerted', alert);
  }

  alertAcknowledged(update: Parameters<ModerationServerEvents['crisis:acknowledged']>[0]): void {
    this.io.to(moderationRoomNames.facilitators(update.sessionId)).emit('crisis:acknowledged', update);
  }

  moderationActed(update: Parameters<ModerationServerEvents['moderation:acted']>[0]): void {
    this.io.to(moderationRoomNames.facilitators(update.sessionId)).emit('moderation:acted', update);
  }

  crisisResources(sessionId: string, memberRef: string, resources: CrisisResourceView[], reached: SupportReach): void {
    this.io.to(moderationRoomNames.member(sessionId, memberRef)).emit('crisis:resources', { sessionId, resources, reached });
  }

  checkInOpened(sessionId: string, memberRef: string, alias: string): void {
    this.io.to([moderationRoomNames.facilitators(sessionId), moderationRoomNames.member(sessionId, memberRef)]).emit('check-in:opened', { sessionId, memberRef, alias });
  }

  checkInPosted(message: CheckInMessageView): void {
    this.io.to([moderationRoomNames.facilitators(message.sessionId), moderationRoomNames.member(message.sessionId, message.memberRef)]).emit('check-in:posted', message);
  }

  removeFromSession(sessionId: string, memberRef: string): void {
    const room = moderationRoomNames.member(sessionId, memberRef);
    this.io.to(room).emit('access:revoked', { reason: 'removed' });
    this.io.in(room).disconnectSockets(true);
  }
}
