/**
 * How often each kind of request may come. Counters shared across nodes live in the ephemeral
 * Redis under digests; limits per network address are kept only in this process's memory, so no
 * address is ever written to Redis.
 */
import { createHmac } from 'node:crypto';
import { waitInWords } from '@respite/protocol';
import type { CountedHit, RateLimitStore } from '../stores/rate-limit.store';
import type { MemoryRateLimitStore } from '../stores/memory/rate-limit.store.memory';
import { ServiceError } from './service-error';
import { SPONSOR_SIGN_UPS_ALL_CODES_FACTOR, SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT } from '@respite/protocol';

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
}

export const rateLimitRules = {
  /** Guesses at one handle: slows a guesser to 10 per 15 minutes; the owner is never locked out for longer. */
  signInPerHandle: { name: 'sign-in-handle', limit: 10, windowMs: 15 * 60_000 },
  signInPerAddress: { name: 'sign-in-address', limit: 30, windowMs: 60_000 },
  /**
   * Sign-ups from one address, per hub process: only a ceiling against a flood. A hospital's Wi-Fi
   * is one address for a whole class of residents, so the real limits are per invite code and per
   * sponsor (below, counted in Redis) and on failed codes.
   */
  signUpPerAddress: { name: 'sign-up-address', limit: 300, windowMs: 60 * 60_000 },
  /** Invalid, paused, expired or used-up invite codes tried from one address: enough for typos, not for guessing. */
  signUpCodeMissesPerAddress: { name: 'sign-up-code-miss-address', limit: 30, windowMs: 60 * 60_000 },
  /** Sign-ups with one invite code; `limit` is replaced by the sponsor's own figure (SponsorRecord.signUpsPerHour). */
  signUpPerInvite: { name: 'sign-up-invite', limit: SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT, windowMs: 60 * 60_000 },
  /** Sign-ups over all of a sponsor's codes: SPONSOR_SIGN_UPS_ALL_CODES_FACTOR times its figure, so a few sites can onboard in one hour. */
  signUpPerSponsor: { name: 'sign-up-sponsor', limit: SPONSOR_SIGN_UPS_PER_HOUR_DEFAULT * SPONSOR_SIGN_UPS_ALL_CODES_FACTOR, windowMs: 60 * 60_000 },
  redeemPerAccount: { name: 'redeem-account', limit: 10, windowMs: 60 * 60_000 },
  /** Messages per member per session: a burst of 20, about one a second sustained. */
  messagesPerMember: { name: 'messages-member', limit: 20, windowMs: 20_000 },
  typingPerConnection: { name: 'typing-connection', limit: 30, windowMs: 10_000 },
  joinsPerAccount: { name: 'joins-account', limit: 30, windowMs: 60_000 },
  /** Reports per member per session: enough for a bad evening, not enough to flood the facilitators. */
  reportsPerMember: { name: 'reports-member', limit: 5, windowMs: 10 * 60_000 },
  /** Hands, reactions and "stepped away" per member per session. The support button is never limited. */
  memberToolsPerMember: { name: 'tools-member', limit: 60, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof rateLimitRules;


/** Limits counted in the room, whose subjects are opaque ids: their digests may be remembered. */
const hotRuleNames = new Set<RateLimitName>(['messagesPerMember', 'typingPerConnection', 'joinsPerAccount', 'reportsPerMember', 'memberToolsPerMember']);
const HOT_DIGESTS_MAX = 50_000;

export class RateLimiter {
  private readonly rules: Record<RateLimitName, RateLimitRule>;

  constructor(
    private readonly shared: RateLimitStore,
    private readonly processLocal: MemoryRateLimitStore,
    private readonly secret: string,
    /** Tests that are not about limits raise them; production uses the rules above. */
    overrides: Partial<Record<RateLimitName, RateLimitRule>> = {},
  ) {
    this.rules = { ...rateLimitRules, ...overrides };
    this.overridden = new Set(Object.keys(overrides) as RateLimitName[]);
  }

  private readonly overridden: Set<RateLimitName>;

  /**
   * Counts against the shared store under a digest of the subject. `limit` replaces the rule's
   * (a sponsor's own figure), unless a test raised the rule for everyone.
   */
  async enforce(name: RateLimitName, subject: string, limit?: number): Promise<void> {
    const counted = this.counter(name, subject);
    const raised = this.overridden.has(name);
    const verdict = await this.shared.hit(counted.key, limit !== undefined && !raised ? limit : counted.limit, counted.windowMs);
    if (!verdict.allowed) throw rateLimitedError(verdict.retryAfterMs);
  }

  /**
   * The same count as `enforce`, for a shared store to take inside its own atomic step; the store
   * answers the retry delay when over, and the caller throws `rateLimitedError(retryAfterMs)`.
   */
  counter(name: RateLimitName, subject: string): CountedHit {
    const rule = this.rules[name];
    return { key: `${rule.name}:${this.digest(subject, hotRuleNames.has(name))}`, limit: rule.limit, windowMs: rule.windowMs };
  }

  /** Counts in this process only: for network addresses, which must never reach Redis. */
  async enforceLocally(name: RateLimitName, subject: string): Promise<void> {
    const { key, limit, windowMs } = this.counter(name, subject);
    const verdict = await this.processLocal.hit(key, limit, windowMs);
    if (!verdict.allowed) throw rateLimitedError(verdict.retryAfterMs);
  }

  /**
   * Takes back one count of `enforceLocally`: for limits on failures, which must be counted before
   * the attempt (so that many attempts in flight at once cannot all pass a limit that is nearly
   * spent, and a limited guesser cannot learn that a guess was right) and given back once it
   * turns out not to be one.
   */
  refundLocally(name: RateLimitName, subject: string): void {
    this.processLocal.refund(this.counter(name, subject).key);
  }

  /**
   * Digests of the subjects of the room's hot-path limits (member refs, account ids, connection
   * ids: never a handle or an address), remembered so a busy room does not compute one HMAC per
   * message. Bounded: cleared whole when full.
   */
  private readonly hotDigests = new Map<string, string>();

  private digest(subject: string, remember = false): string {
    const known = remember ? this.hotDigests.get(subject) : undefined;
    if (known) return known;
    const digest = createHmac('sha256', this.secret).update(subject).digest('base64url').slice(0, 22);
    if (remember) {
      if (this.hotDigests.size >= HOT_DIGESTS_MAX) this.hotDigests.clear();
      this.hotDigests.set(subject, digest);
    }
    return digest;
  }
}

/** The typed refusal of an action over its limit, with when to try again, in words ("about an hour"). */
export function rateLimitedError(retryAfterMs: number): ServiceError {
  return new ServiceError('rate_limited', `Too many attempts. Please try again in ${waitInWords(retryAfterMs)}.`, { retryAfterMs });
}
