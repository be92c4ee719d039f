/**
 * The live room of one session, as runes state: connection, session, presence, messages (merged
 * by id, in order), pending sends, typing and notices. It joins on every (re)connect with the
 * last id seen, so nothing is missed or shown twice, and re-sends pending messages with the same
 * client id. It must never write anything of the session to localStorage, sessionStorage or
 * IndexedDB, and it forgets every message the moment the session closes.
 */
import type {
  AccessRevokedReason, ErrorBody, MessageView, PresenceMemberView, Response, RoomSnapshotView, SentMessageView,
  SessionView,
} from '@respite/protocol';
import { highestMessageId, mergeMessages, missesPredecessor } from './message-order';
import type { RespiteSocket } from './socket-client';
import { createTypingSignal, type TypingSignal } from './typing-signal';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type RoomPhase = 'joining' | 'open' | 'closed' | 'unavailable';

export interface PendingMessage {
  clientId: string;
  text: string;
  /** sending: on its way or waiting for a connection; failed: refused, with a reason. */
  status: 'sending' | 'failed';
  error: string | null;
}

export interface RoomOptions {
  sessionId: string;
  socket: RespiteSocket;
  /** The sign-in is gone: send the person to sign in again. */
  onUnauthenticated: () => void;
  /** Access ended (signed out elsewhere, removed, left, deleted). */
  onRevoked: (reason: AccessRevokedReason) => void;
  /** Makes client ids; crypto.randomUUID by default. */
  newClientId?: () => string;
  /** Every (re)join: the room as this person may see it, for the moderation state beside the room. */
  onJoined?: (snapshot: RoomSnapshotView) => void;
}

const ACK_TIMEOUT_MS = 10_000;
const REMOTE_TYPING_TTL_MS = 8_000;
const ANNOUNCE_MAX_CHARS = 160;

export class RoomState {
  readonly sessionId: string;

  connection = $state<ConnectionState>('connecting');
  phase = $state<RoomPhase>('joining');
  session = $state<SessionView | null>(null);
  groupName = $state('');
  self = $state<PresenceMemberView | null>(null);
  messages = $state.raw<MessageView[]>([]);
  pending = $state<PendingMessage[]>([]);
  presence = $state.raw<PresenceMemberView[]>([]);
  /** memberRef → alias of those typing now (never self). */
  typing = $state<Record<string, string>>({});
  historyReset = $state(false);
  /** The last error worth showing in the room (ack errors, refused events). */
  error = $state<ErrorBody | null>(null);
  /** Why the room cannot be shown (phase 'unavailable'). */
  unavailable = $state<ErrorBody | null>(null);
  /** Manual admission: this person waits in the lobby until a facilitator admits them (joins are retried). */
  waitingForAdmission = $state(false);
  /** Text for the polite live region: the newest message from someone else. */
  announcement = $state('');

  typingAliases = $derived(Object.values(this.typing));

  #socket: RespiteSocket;
  #options: RoomOptions;
  #lastSeenId: string | null = null;
  #joined = false;
  #draining = false;
  #stopped = false;
  #typingSignal: TypingSignal;
  // Timer handles, never rendered: a plain Map, so clearing one re-runs nothing.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #detach: (() => void)[] = [];

  constructor(options: RoomOptions) {
    this.sessionId = options.sessionId;
    this.#socket = options.socket;
    this.#options = options;
    this.#typingSignal = createTypingSignal({
      emit: (typing) => {
        if (this.#joined && this.#socket.connected) {
          this.#socket.emit('typing:set', { sessionId: this.sessionId, typing }, () => {});
        }
      },
    });
  }

  get isFacilitator(): boolean {
    return this.self?.role === 'facilitator';
  }

  get lastSeenId(): string | null {
    return this.#lastSeenId;
  }

  start(): void {
    const socket = this.#socket;
    const on = (event: Parameters<RespiteSocket['on']>[0], handler: Parameters<RespiteSocket['on']>[1]) => {
      socket.on(event, handler);
      this.#detach.push(() => socket.off(event, handler));
    };

    on('connect', () => {
      this.connection = 'connected';
      void this.#join();
    });
    on('disconnect', (reason: string) => {
      this.#joined = false;
      if (this.#stopped || this.phase === 'closed') return;
      this.connection = 'reconnecting';
      // The server closed this socket itself (draining, or a change of rights): Socket.IO does not
      // reconnect by itself then. Reconnect unless access was revoked.
      if (reason === 'io server disconnect') setTimeout(() => this.#stopped || socket.connect(), this.#draining ? 250 : 1000);
    });
    on('connect_error', (err: Error) => {
      if (err.message === 'unauthenticated') {
        this.#stop();
        this.#options.onUnauthenticated();
        return;
      }
      // socket.active is false when the server refused the handshake for good.
      if (!socket.active) {
        this.connection = 'offline';
        this.error = { code: 'unavailable', message: 'The room refused the connection. Please go back to your groups and try again.' };
      } else {
        this.connection = typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : 'reconnecting';
      }
    });
    const manager = socket.io;
    const onAttempt = () => {
      if (!this.#stopped) this.connection = typeof navigator !== 'undefined' && !navigator.onLine ? 'offline' : 'reconnecting';
    };
    const onFailed = () => {
      if (!this.#stopped) this.connection = 'offline';
    };
    manager.on('reconnect_attempt', onAttempt);
    manager.on('reconnect_failed', onFailed);
    this.#detach.push(() => manager.off('reconnect_attempt', onAttempt), () => manager.off('reconnect_failed', onFailed));

    on('message:posted', (message: MessageView) => {
      if (message.sessionId !== this.sessionId || this.phase === 'closed') return;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
      const gap = missesPredecessor(message, new Set(this.messages.map((known) => known.id)), this.#lastSeenId !== null);
      if (gap) {
        // Show it, but resume from the last complete id: the re-join returns what was missed.
        this.messages = mergeMessages(this.messages, [message]);
        void this.#join();
      } else {
        this.#receive([message]);
      }
      this.pending = this.pending.filter((entry) => entry.clientId !== message.clientId);
      this.#clearTyping(message.authorRef);
      if (message.authorRef !== this.self?.memberRef) {
        const text = message.text.length > ANNOUNCE_MAX_CHARS ? `${message.text.slice(0, ANNOUNCE_MAX_CHARS)}…` : message.text;
        this.announcement = `${message.alias}: ${text}`;
      }
    });
    on('presence:updated', (update: { sessionId: string; members: PresenceMemberView[] }) => {
      if (update.sessionId !== this.sessionId) return;
      this.presence = update.members;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
      const present = new Set(update.members.map((member) => member.memberRef));
      for (const ref of Object.keys(this.typing)) if (!present.has(ref)) this.#clearTyping(ref);
    });
    on('typing:changed', (update: { sessionId: string; memberRef: string; alias: string; typing: boolean }) => {
      if (update.sessionId !== this.sessionId || update.memberRef === this.self?.memberRef) return;
      if (update.typing) this.#setTyping(update.memberRef, update.alias);
      else this.#clearTyping(update.memberRef);
    });
    on('session:state-changed', (update: { sessionId: string; session: SessionView }) => {
      if (update.sessionId !== this.sessionId) return;
      this.session = update.session;
      if (update.session.state === 'closed') this.#close();
    });
    on('session:closed', (update: { sessionId: string }) => {
      if (update.sessionId === this.sessionId) this.#close();
    });
    on('session:history-reset', (update: { sessionId: string }) => {
      if (update.sessionId === this.sessionId) this.historyReset = true;
    });
    on('access:revoked', (update: { reason: AccessRevokedReason }) => {
      this.#stop();
      this.#forget();
      this.#options.onRevoked(update.reason);
    });
    on('request:rejected', (update: { event: string; error: ErrorBody }) => {
      if (update.event !== 'typing:set') this.error = update.error;
    });
    on('server:draining', () => {
      // The normal reconnect reaches another node; remember so a server-side disconnect is retried.
      this.#draining = true;
    });

    if (typeof window !== 'undefined') {
      const offline = () => {
        if (!this.#stopped && this.phase !== 'closed') this.connection = 'offline';
      };
      const online = () => {
        if (this.#stopped || this.phase === 'closed') return;
        this.connection = socket.connected ? 'connected' : 'reconnecting';
        if (!socket.connected) socket.connect();
      };
      window.addEventListener('offline', offline);
      window.addEventListener('online', online);
      this.#detach.push(() => window.removeEventListener('offline', offline), () => window.removeEventListener('online', online));
    }

    if (socket.connected) {
      this.connection = 'connected';
      void this.#join();
    } else {
      socket.connect();
    }
  }

  /** Leaves the room and closes the socket; forgets every message. */
  destroy(): void {
    if (this.#joined && this.#socket.connected) this.#socket.emit('session:leave', { sessionId: this.sessionId }, () => {});
    this.#stop();
    this.#forget();
  }

  /** Queues a message and sends it when the room is joined. Returns false for empty text. */
  send(text: string): boolean {
    if (text.trim().length === 0 || this.phase !== 'open') return false;
    const clientId = (this.#options.newClientId ?? (() => crypto.randomUUID()))();
    this.pending = [...this.pending, { clientId, text, status: 'sending', error: null }];
    this.#typingSignal.stop();
    void this.#deliver(clientId);
    return true;
  }

  /** Sends a failed message again, with the same client id so the hub can deduplicate. */
  retry(clientId: string): void {
    this.#patchPending(clientId, { status: 'sending', error: null });
    void this.#deliver(clientId);
  }

  /** Drops a failed message the person chose not to send. */
  discard(clientId: string): void {
    this.pending = this.pending.filter((entry) => entry.clientId !== clientId);
  }

  /** Call on every edit of the draft. */
  noteTyping(): void {
    if (this.phase === 'open') this.#typingSignal.input();
  }

  /** Facilitators only: ends the session for everyone. */
  async endSession(): Promise<Response<Record<string, never>>> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- socket.io-client types an acked emit after timeout() as any; the annotation is the contract's answer
      const answer: Response<Record<string, never>> = await this.#socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('session:end', { sessionId: this.sessionId });
      if (!answer.ok) this.#handleError(answer.error);
      return answer;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The room did not answer in time. Check the connection and try again.' } };
    }
  }

  clearError(): void {
    this.error = null;
  }

  /** A facilitator deleted this message for everyone: it goes from the list, and stays gone. */
  removeMessage(messageId: string): void {
    this.messages = this.messages.filter((message) => message.id !== messageId);
  }

  async #join(): Promise<void> {
    if (this.#stopped || this.phase === 'closed') return;
    let answer: Response<RoomSnapshotView>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- socket.io-client types an acked emit after timeout() as any; the annotation is the contract's answer
      answer = await this.#socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('session:join', { sessionId: this.sessionId, lastSeenId: this.#lastSeenId });
    } catch {
      // No answer: the socket is probably gone; the next connect joins again.
      if (this.#socket.connected) setTimeout(() => this.#socket.connected && void this.#join(), 2000);
      return;
    }
    // stop() may have run while the join was in flight.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (this.#stopped) return;
    if (!answer.ok) {
      this.#handleJoinError(answer.error);
      return;
    }
    const view = answer.data;
    this.#joined = true;
    this.waitingForAdmission = false;
    this.#draining = false;
    this.session = view.session;
    this.groupName = view.groupName;
    this.self = view.self;
    this.presence = view.presence;
    if (view.historyReset) this.historyReset = true;
    this.#receive(view.messages);
    // Deleted while this page was away (or before it loaded): gone from the list, as for everyone.
    if (view.deletedIds.length > 0) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
      const deleted = new Set(view.deletedIds);
      this.messages = this.messages.filter((message) => !deleted.has(message.id));
    }
    this.#options.onJoined?.(view);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built and dropped here
    const delivered = new Set(view.messages.map((message) => message.clientId));
    this.pending = this.pending.filter((entry) => !delivered.has(entry.clientId));
    this.phase = view.session.state === 'closed' ? 'closed' : 'open';
    if (this.phase === 'closed') return this.#close();
    this.error = null;
    // Re-send what was waiting, with the same client ids: the hub deduplicates.
    for (const entry of this.pending) if (entry.status === 'sending') void this.#deliver(entry.clientId);
  }

  async #deliver(clientId: string): Promise<void> {
    const entry = this.pending.find((candidate) => candidate.clientId === clientId);
    if (!entry || !this.#joined || !this.#socket.connected) return; // stays pending until the next join
    let answer: Response<SentMessageView>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- socket.io-client types an acked emit after timeout() as any; the annotation is the contract's answer
      answer = await this.#socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('message:send', { sessionId: this.sessionId, clientId, text: entry.text });
    } catch {
      return; // no answer: it stays "sending" and goes again after the next join
    }
    if (answer.ok) {
      const sent = answer.data;
      const self = this.self;
      if (self && this.phase === 'open') {
        const message: MessageView = {
          id: sent.id, sessionId: this.sessionId, authorRef: self.memberRef, alias: self.alias, role: self.role,
          text: entry.text, sentAt: sent.sentAt, clientId: sent.clientId,
        };
        // Shown at once; lastSeenId moves only with broadcasts, so a message from someone else
        // with a lower id that is still in flight is not skipped after a reconnect.
        this.messages = mergeMessages(this.messages, [message]);
      }
      this.pending = this.pending.filter((candidate) => candidate.clientId !== clientId);
      return;
    }
    const { error } = answer;
    if (error.code === 'session_closed') return this.#close();
    if (error.code === 'unauthenticated') {
      this.#stop();
      this.#options.onUnauthenticated();
      return;
    }
    // The hub's message already names the wait, in words ("about 5 minutes"): adding a figure here doubled it.
    this.#patchPending(clientId, { status: 'failed', error: error.message });
  }

  #handleJoinError(error: ErrorBody): void {
    if (error.code === 'session_closed') return this.#close();
    if (error.code === 'unauthenticated') {
      this.#stop();
      this.#options.onUnauthenticated();
      return;
    }
    if (error.code === 'awaiting_admission') {
      this.waitingForAdmission = true;
      setTimeout(() => this.#socket.connected && void this.#join(), 3000);
      return;
    }
    if (error.code === 'rate_limited' || error.code === 'unavailable' || error.code === 'internal') {
      this.error = error;
      const delay = error.retryAfterMs ?? 3000;
      setTimeout(() => this.#socket.connected && void this.#join(), delay);
      return;
    }
    this.phase = 'unavailable';
    this.unavailable = error;
    this.#stop();
  }

  #handleError(error: ErrorBody): void {
    if (error.code === 'session_closed') return this.#close();
    if (error.code === 'unauthenticated') {
      this.#stop();
      this.#options.onUnauthenticated();
      return;
    }
    this.error = error;
  }

  #receive(messages: MessageView[]): void {
    if (messages.length === 0) return;
    this.messages = mergeMessages(this.messages, messages);
    this.#lastSeenId = highestMessageId(this.#lastSeenId, messages.map((message) => message.id));
  }

  #patchPending(clientId: string, patch: Partial<PendingMessage>): void {
    this.pending = this.pending.map((entry) => (entry.clientId === clientId ? { ...entry, ...patch } : entry));
  }

  #setTyping(memberRef: string, alias: string): void {
    this.typing = { ...this.typing, [memberRef]: alias };
    const existing = this.#typingTimers.get(memberRef);
    if (existing) clearTimeout(existing);
    // A lost "stopped" signal must not leave someone typing forever.
    this.#typingTimers.set(memberRef, setTimeout(() => this.#clearTyping(memberRef), REMOTE_TYPING_TTL_MS));
  }

  #clearTyping(memberRef: string): void {
    const timer = this.#typingTimers.get(memberRef);
    if (timer) clearTimeout(timer);
    this.#typingTimers.delete(memberRef);
    if (memberRef in this.typing) {
      const { [memberRef]: _gone, ...rest } = this.typing;
      this.typing = rest;
    }
  }

  /** The session ended: everything of it is forgotten, and the socket closes. */
  #close(): void {
    this.phase = 'closed';
    if (this.session) this.session = { ...this.session, state: 'closed' };
    this.#forget();
    this.#stop();
  }

  #forget(): void {
    this.messages = [];
    this.pending = [];
    this.presence = [];
    this.announcement = '';
    for (const timer of this.#typingTimers.values()) clearTimeout(timer);
    this.#typingTimers.clear();
    this.typing = {};
    this.#lastSeenId = null;
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#joined = false;
    this.#typingSignal.stop();
    for (const detach of this.#detach.splice(0)) detach();
    this.#socket.disconnect();
    if (this.phase !== 'closed') this.connection = 'offline';
  }
}
