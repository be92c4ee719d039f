/** In-memory room moderation state. A room past its expiry reads as empty and is dropped. */
import type { AccessRevokedReason } from '@respite/protocol';
import type { Clock } from '../../clock';
import {
  type JoinGate, type MemberFlag, type RoomAsker, type RoomRefusal, type RoomModerationState, type RoomModerationStore, type RoomSettings, type SendGate,
  type StoredAlert, type StoredCheckInMessage, type StoredReaction, type StoredReport, defaultRoomSettings,
} from '../room-moderation.store';

interface Room {
  expiresAt: number;
  settings: RoomSettings;
  mutes: Map<string, number>;
  hands: Map<string, number>;
  waiting: Map<string, string>;
  flags: Record<MemberFlag, Set<string>>;
  lastSends: Map<string, number>;
  /** `member:<ref>` or `login:<digest>` → the reason. */
  refusals: Map<string, AccessRevokedReason>;
  reactions: Map<string, Set<string>>;
  reports: StoredReport[];
  alerts: StoredAlert[];
  checkInMessages: StoredCheckInMessage[];
}

export class MemoryRoomModerationStore implements RoomModerationStore {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly clock: Clock) {}

  private existing(sessionId: string): Room | null {
    const room = this.rooms.get(sessionId);
    if (room && room.expiresAt <= this.clock.now()) {
      this.rooms.delete(sessionId);
      return null;
    }
    return room ?? null;
  }

  private room(sessionId: string, expiresAt: number): Room {
    let room = this.existing(sessionId);
    if (!room) {
      room = {
        expiresAt, settings: { ...defaultRoomSettings }, mutes: new Map(), hands: new Map(), waiting: new Map(),
        flags: { away: new Set(), removed: new Set(), admitted: new Set(), entered: new Set(), 'check-in': new Set() }, lastSends: new Map(), refusals: new Map(), reactions: new Map(),
        reports: [], alerts: [], checkInMessages: [],
      };
      this.rooms.set(sessionId, room);
    }
    room.expiresAt = Math.max(room.expiresAt, expiresAt);
    return room;
  }

  async read(sessionId: string, now: number): Promise<RoomModerationState> {
    const room = this.existing(sessionId);
    if (!room) return { ...defaultRoomSettings, mutes: new Map(), hands: new Map(), away: new Set(), removed: new Set(), admitted: new Set(), waiting: new Map(), checkIns: new Set() };
    return {
      ...room.settings,
      goRound: room.settings.goRound ? { order: [...room.settings.goRound.order], index: room.settings.goRound.index } : null,
      mutes: new Map([...room.mutes].filter(([, until]) => until > now)),
      hands: new Map(room.hands),
      away: new Set(room.flags.away), removed: new Set(room.flags.removed), admitted: new Set(room.flags.admitted),
      waiting: new Map(room.waiting), checkIns: new Set(room.flags['check-in']),
    };
  }

  async updateSettings(sessionId: string, change: Partial<RoomSettings>, expiresAt: number): Promise<void> {
    const room = this.room(sessionId, expiresAt);
    room.settings = { ...room.settings, ...change };
  }

  async mute(sessionId: string, memberRef: string, until: number, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).mutes.set(memberRef, until);
  }

  async unmute(sessionId: string, memberRef: string): Promise<void> {
    this.existing(sessionId)?.mutes.delete(memberRef);
  }

  async muteRemaining(sessionId: string, memberRef: string, now: number): Promise<number> {
    const until = this.existing(sessionId)?.mutes.get(memberRef) ?? 0;
    return Math.max(0, until - now);
  }

  async raiseHand(sessionId: string, memberRef: string, at: number, expiresAt: number): Promise<void> {
    const room = this.room(sessionId, expiresAt);
    if (!room.hands.has(memberRef)) room.hands.set(memberRef, at);
  }

  async lowerHand(sessionId: string, memberRef: string): Promise<void> {
    this.existing(sessionId)?.hands.delete(memberRef);
  }

  async setFlag(sessionId: string, flag: MemberFlag, memberRef: string, on: boolean, expiresAt: number): Promise<void> {
    const set = this.room(sessionId, expiresAt).flags[flag];
    if (on) set.add(memberRef);
    else set.delete(memberRef);
  }

  async hasFlag(sessionId: string, flag: MemberFlag, memberRef: string): Promise<boolean> {
    return this.existing(sessionId)?.flags[flag].has(memberRef) ?? false;
  }

  async setWaiting(sessionId: string, memberRef: string, alias: string | null, expiresAt: number): Promise<void> {
    const room = this.room(sessionId, expiresAt);
    if (alias === null) room.waiting.delete(memberRef);
    else room.waiting.set(memberRef, alias);
  }

  async refuse(sessionId: string, refusal: RoomRefusal, reason: AccessRevokedReason, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).refusals.set('memberRef' in refusal ? `member:${refusal.memberRef}` : `login:${refusal.loginDigest}`, reason);
  }

  async refusalOf(sessionId: string, asker: RoomAsker): Promise<AccessRevokedReason | null> {
    const room = this.existing(sessionId);
    if (!room) return null;
    const membership = room.refusals.get(`member:${asker.memberRef}`);
    if (membership) return membership;
    if (room.flags.removed.has(asker.memberRef)) return 'removed';
    return room.refusals.get(`login:${asker.loginDigest}`) ?? null;
  }

  async joinGate(sessionId: string, memberRef: string): Promise<JoinGate> {
    const room = this.existing(sessionId);
    const settings = room?.settings ?? defaultRoomSettings;
    return {
      removed: room?.flags.removed.has(memberRef) ?? false, entered: room?.flags.entered.has(memberRef) ?? false,
      admitted: room?.flags.admitted.has(memberRef) ?? false, waiting: room?.waiting.has(memberRef) ?? false,
      locked: settings.locked, admission: settings.admission,
    };
  }

  async sendGate(sessionId: string, memberRef: string, now: number, expiresAt: number): Promise<SendGate> {
    const room = this.existing(sessionId);
    if (room?.settings.paused) return { verdict: 'paused' };
    const mutedUntil = room?.mutes.get(memberRef) ?? 0;
    if (mutedUntil > now) return { verdict: 'muted', retryAfterMs: mutedUntil - now };
    const intervalMs = (room?.settings.slowModeSeconds ?? 0) * 1000;
    if (intervalMs <= 0) return { verdict: 'allowed' };
    const lastSends = this.room(sessionId, expiresAt).lastSends;
    const last = lastSends.get(memberRef);
    if (last !== undefined && now - last < intervalMs) return { verdict: 'slowed', retryAfterMs: intervalMs - (now - last) };
    lastSends.set(memberRef, now);
    return { verdict: 'allowed' };
  }

  async addReaction(sessionId: string, messageId: string, reaction: string, memberRef: string, expiresAt: number): Promise<number> {
    const room = this.room(sessionId, expiresAt);
    const key = `${messageId}:${reaction}`;
    const reactors = room.reactions.get(key) ?? new Set<string>();
    reactors.add(memberRef);
    room.reactions.set(key, reactors);
    return reactors.size;
  }

  async listReactions(sessionId: string): Promise<StoredReaction[]> {
    const room = this.existing(sessionId);
    if (!room) return [];
    return [...room.reactions].flatMap(([key, reactors]) => {
      const [messageId, reaction] = key.split(':') as [string, StoredReaction['reaction']];
      return [...reactors].map((memberRef) => ({ messageId, reaction, memberRef }));
    });
  }

  async addAlert(sessionId: string, alert: StoredAlert, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).alerts.push({ ...alert });
  }

  async listAlerts(sessionId: string): Promise<StoredAlert[]> {
    return (this.existing(sessionId)?.alerts ?? []).map((alert) => ({ ...alert })).sort((a, b) => a.at - b.at);
  }

  async acknowledgeAlert(sessionId: string, alertId: string): Promise<boolean> {
    const room = this.existing(sessionId);
    const index = room ? room.alerts.findIndex((alert) => alert.alertId === alertId) : -1;
    if (!room || index < 0) return false;
    room.alerts.splice(index, 1);
    return true;
  }

  async addReport(sessionId: string, report: StoredReport, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).reports.push({ ...report });
  }

  async listReports(sessionId: string): Promise<StoredReport[]> {
    return (this.existing(sessionId)?.reports ?? []).map((report) => ({ ...report }));
  }

  async openCheckIn(sessionId: string, memberRef: string, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).flags['check-in'].add(memberRef);
  }

  async isCheckInOpen(sessionId: string, memberRef: string): Promise<boolean> {
    return this.existing(sessionId)?.flags['check-in'].has(memberRef) ?? false;
  }

  async addCheckInMessage(sessionId: string, message: StoredCheckInMessage, expiresAt: number): Promise<void> {
    this.room(sessionId, expiresAt).checkInMessages.push({ ...message });
  }

  async listCheckInMessages(sessionId: string): Promise<StoredCheckInMessage[]> {
    return (this.existing(sessionId)?.checkInMessages ?? []).map((message) => ({ ...message }));
  }

  async eraseSession(sessionId: string): Promise<void> {
    this.rooms.delete(sessionId);
  }
}
