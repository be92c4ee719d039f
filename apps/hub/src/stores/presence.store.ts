/** Who is in a session's room, by connection (ephemeral). Holds per-group refs and aliases only. */
import type { PresenceMemberView } from '@respite/protocol';

export interface PresenceStore {
  add(sessionId: string, connectionId: string, member: PresenceMemberView, expiresAt: number): Promise<void>;
  remove(sessionId: string, connectionId: string): Promise<void>;
  /** Distinct members, one entry per member ref however many connections they have. */
  list(sessionId: string): Promise<PresenceMemberView[]>;
  eraseSession(sessionId: string): Promise<void>;
}
