/** In-memory presence by connection. */
import type { PresenceMemberView } from '@respite/protocol';
import type { Clock } from '../../clock';
import type { PresenceStore } from '../presence.store';

export class MemoryPresenceStore implements PresenceStore {
  private readonly rooms = new Map<string, { expiresAt: number; connections: Map<string, PresenceMemberView> }>();
  private readonly nodesAliveUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async add(sessionId: string, connectionId: string, member: PresenceMemberView, expiresAt: number): Promise<void> {
    let room = this.rooms.get(sessionId);
    if (!room || room.expiresAt <= this.clock.now()) {
      room = { expiresAt, connections: new Map() };
      this.rooms.set(sessionId, room);
    }
    room.expiresAt = Math.max(room.expiresAt, expiresAt);
    room.connections.set(connectionId, { ...member });
  }

  async remove(sessionId: string, connectionId: string): Promise<void> {
    const room = this.rooms.get(sessionId);
    room?.connections.delete(connectionId);
    if (room && room.connections.size === 0) this.rooms.delete(sessionId);
  }

  async list(sessionId: string): Promise<PresenceMemberView[]> {
    const room = this.rooms.get(sessionId);
    if (!room || room.expiresAt <= this.clock.now()) return [];
    const byRef = new Map<string, PresenceMemberView>();
    for (const [connectionId, member] of room.connections) {
      if (!this.nodeAlive(connectionId)) {
        room.connections.delete(connectionId);
        continue;
      }
      byRef.set(member.memberRef, { ...member });
    }
    return [...byRef.values()].sort((a, b) => a.alias.localeCompare(b.alias));
  }

  async heartbeat(nodeId: string, until: number): Promise<void> {
    this.nodesAliveUntil.set(nodeId, until);
  }

  /** A connection id without a node part, or of a node that never beat, counts as alive. */
  private nodeAlive(connectionId: string): boolean {
    const slash = connectionId.indexOf('/');
    if (slash < 0) return true;
    const until = this.nodesAliveUntil.get(connectionId.slice(0, slash));
    return until === undefined || until > this.clock.now();
  }

  async eraseSession(sessionId: string): Promise<void> {
    this.rooms.delete(sessionId);
  }
}
