/** In-memory messages of live sessions. Expired rooms read as empty and are dropped on access. */
import type { Clock } from '../../clock';
import { type AppendOutcome, type MessageStore, type NewMessage, type StoredMessage, sentAtOfId } from '../message.store';

interface Room {
  expiresAt: number;
  messages: StoredMessage[];
  deletedIds: string[];
  idByClientKey: Map<string, string>;
  lastMs: number;
  sequence: number;
}

export class MemoryMessageStore implements MessageStore {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly clock: Clock) {}

  private liveRoom(sessionId: string): Room | null {
    const room = this.rooms.get(sessionId);
    if (room && room.expiresAt <= this.clock.now()) {
      this.rooms.delete(sessionId);
      return null;
    }
    return room ?? null;
  }

  async openRoom(sessionId: string, expiresAt: number): Promise<boolean> {
    const room = this.liveRoom(sessionId);
    if (room) room.expiresAt = Math.max(room.expiresAt, expiresAt);
    else this.rooms.set(sessionId, { expiresAt, messages: [], deletedIds: [], idByClientKey: new Map(), lastMs: 0, sequence: 0 });
    return !room;
  }

  async isRoomOpen(sessionId: string): Promise<boolean> {
    return this.liveRoom(sessionId) !== null;
  }

  async deletedIds(sessionId: string): Promise<string[]> {
    return [...(this.liveRoom(sessionId)?.deletedIds ?? [])];
  }

  async append(sessionId: string, message: NewMessage, expiresAt: number): Promise<AppendOutcome> {
    const room = this.liveRoom(sessionId);
    if (!room) return { status: 'closed' };
    const existing = room.idByClientKey.get(message.clientKey);
    if (existing) return { status: 'duplicate', id: existing, sentAt: sentAtOfId(existing) };
    // Same id scheme as a Redis stream: milliseconds, then a sequence within the millisecond.
    const now = Math.max(this.clock.now(), room.lastMs);
    room.sequence = now === room.lastMs ? room.sequence + 1 : 0;
    room.lastMs = now;
    const previousId = room.messages[room.messages.length - 1]?.id ?? null;
    const id = `${now}-${room.sequence}`;
    room.messages.push({
      id, authorRef: message.authorRef, alias: message.alias, role: message.role, text: message.text,
      clientId: message.clientId, sentAt: now,
    });
    room.idByClientKey.set(message.clientKey, id);
    room.expiresAt = Math.max(room.expiresAt, expiresAt);
    return { status: 'stored', id, sentAt: now, previousId };
  }

  async readAfter(sessionId: string, afterId: string | null, limit: number): Promise<StoredMessage[]> {
    const room = this.liveRoom(sessionId);
    if (!room) return [];
    if (afterId === null) return room.messages.slice(-limit).map((message) => ({ ...message }));
    return room.messages.filter((message) => compareMessageIds(message.id, afterId) > 0).map((message) => ({ ...message }));
  }

  async deleteMessage(sessionId: string, messageId: string): Promise<{ authorRef: string; alias: string } | null> {
    const room = this.liveRoom(sessionId);
    const index = room ? room.messages.findIndex((message) => message.id === messageId) : -1;
    if (!room || index < 0) return null;
    const [message] = room.messages.splice(index, 1);
    room.deletedIds.push(messageId);
    return { authorRef: message!.authorRef, alias: message!.alias };
  }

  async eraseSession(sessionId: string): Promise<void> {
    this.rooms.delete(sessionId);
  }
}

export function compareMessageIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
