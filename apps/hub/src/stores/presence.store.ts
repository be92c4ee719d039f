/**
 * Who is in a session's room, by connection (ephemeral). Holds per-group refs and aliases only.
 * Connection ids are `<nodeId>/<socketId>`; each hub node keeps a heartbeat, and entries of a node
 * whose heartbeat lapsed (a node that died without saying goodbye) are dropped when read.
 */
import type { PresenceMemberView } from '@respite/protocol';

export interface PresenceStore {
  add(sessionId: string, connectionId: string, member: PresenceMemberView, expiresAt: number): Promise<void>;
  remove(sessionId: string, connectionId: string): Promise<void>;
  /** Distinct members, one entry per member ref however many connections they have. */
  list(sessionId: string): Promise<PresenceMemberView[]>;
  /** This node is alive until `until`; nodes renew it well before. */
  heartbeat(nodeId: string, until: number): Promise<void>;
  eraseSession(sessionId: string): Promise<void>;
}
