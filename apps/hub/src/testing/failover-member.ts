/**
 * A member's client as the web app behaves, for multi-node tests: it resumes from the last message
 * id it saw, re-sends unacknowledged messages with the same client id, and when its node dies it
 * reconnects, after a random delay, to another node (what the load balancer does in production).
 */
import { io as connectSocket } from 'socket.io-client';
import type { MessageView } from '@respite/protocol';
import type { ClientSocket } from './hub-harness';
import { CLUSTER_ORIGIN } from './hub-process';

function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number) as [number, number];
  const [bMs, bSeq] = b.split('-').map(Number) as [number, number];
  return aMs - bMs || aSeq - bSeq;
}

export class FailoverMember {
  /** Messages shown, by id: each id at most once. */
  readonly shown = new Map<string, MessageView>();
  /** Every arrival (broadcast or history), to prove the client never had to hide a true duplicate it could not recognise. */
  readonly acked = new Set<string>();
  readonly pending = new Map<string, string>();
  lastSeenId: string | null = null;
  /** When each join (first or after a failover) completed. */
  readonly joinedAt: number[] = [];
  private socket: ClientSocket | null = null;
  private nodeIndex: number;
  private closed = false;
  private sent = 0;

  constructor(private readonly name: string, private readonly cookie: string, private readonly sessionId: string, private readonly nodes: () => string[], startNode: number) {
    this.nodeIndex = startNode;
  }

  async connect(): Promise<void> {
    const url = this.nodes()[this.nodeIndex % this.nodes().length]!;
    const socket: ClientSocket = connectSocket(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: CLUSTER_ORIGIN, cookie: this.cookie } });
    this.socket = socket;
    socket.on('message:posted', (message) => {
      const gap = message.previousId !== undefined && message.previousId !== null && !this.shown.has(message.previousId) && this.lastSeenId !== null;
      this.show(message);
      // A broadcast whose predecessor never arrived: fetch what is missing by re-joining from the last complete id.
      if (gap) void this.resync(socket);
    });
    socket.on('disconnect', () => this.reconnectElsewhere());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    const joined = await (socket as any).timeout(3000).emitWithAck('session:join', { sessionId: this.sessionId, lastSeenId: this.lastSeenId });
    if (!joined.ok) throw new Error(`${this.name} could not join: ${JSON.stringify(joined)}`);
    for (const message of joined.data.messages as MessageView[]) this.show(message);
    this.joinedAt.push(Date.now());
    for (const [clientId, text] of this.pending) void this.emitSend(clientId, text);
  }

  /** Like the web app: back off a random 100-400 ms, so a dead node's clients do not arrive as a herd. */
  private reconnectElsewhere(): void {
    if (this.closed) return;
    this.nodeIndex += 1;
    setTimeout(() => {
      this.connect().catch(() => this.reconnectElsewhere());
    }, 100 + Math.random() * 300);
  }

  send(): void {
    this.sent += 1;
    const clientId = `${this.name}-${this.sent}-${Math.random().toString(36).slice(2, 8)}`;
    const text = `${this.name} message ${this.sent}`;
    this.pending.set(clientId, text);
    void this.emitSend(clientId, text);
  }

  private async emitSend(clientId: string, text: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) return;
    try {
      const answer = await (socket as any).timeout(2000).emitWithAck('message:send', { sessionId: this.sessionId, clientId, text });
      if (answer.ok) {
        this.pending.delete(clientId);
        this.acked.add(answer.data.id);
      }
    } catch {
      // No ack (the node died): it stays pending and is re-sent, same client id, after the next join.
    }
  }

  /** Highest id up to which every message has been shown; resumes start after it. */
  private completeId: string | null = null;

  private show(message: MessageView): void {
    this.shown.set(message.id, message);
    const follows = message.previousId === undefined || message.previousId === this.completeId || (message.previousId !== null && this.shown.has(message.previousId));
    if (follows && (this.completeId === null || compareIds(message.id, this.completeId) > 0)) this.completeId = message.id;
    this.lastSeenId = this.completeId;
  }

  private async resync(socket: ClientSocket): Promise<void> {
    const joined = await (socket as any).timeout(3000).emitWithAck('session:join', { sessionId: this.sessionId, lastSeenId: this.completeId }).catch(() => null);
    if (!joined?.ok) return;
    for (const message of joined.data.messages as MessageView[]) this.shown.set(message.id, message);
    const newest = this.orderedIds().at(-1) ?? null;
    this.completeId = newest;
    this.lastSeenId = newest;
  }

  /** Ids in the order the member's screen shows them. */
  orderedIds(): string[] {
    return [...this.shown.keys()].sort(compareIds);
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }
}
