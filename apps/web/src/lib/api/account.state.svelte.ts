/**
 * Whether this browser is signed in, and the account's settings (its time zone). The session
 * cookie is httpOnly, so the only way to know is to ask the hub (`GET /api/me`). One instance per
 * app, handed down through Svelte context. It must never store anything in web storage.
 */
import { getContext, setContext } from 'svelte';
import { goto } from '$app/navigation';
import type { AccountView } from '@respite/protocol';
import { callApi } from './api-client';
import { viewerTimeZone } from '../time/time-format';

export type SignInStatus = 'unknown' | 'signed-in' | 'signed-out';

export class AccountState {
  status = $state<SignInStatus>('unknown');
  account = $state<AccountView | null>(null);
  /** Set when the hub could not be reached, so pages can say so instead of "signed out". */
  unreachable = $state(false);
  /** A one-time message for the sign-in page (e.g. "you were signed out"). */
  notice = $state<string | null>(null);

  #loading: Promise<void> | null = null;

  /** The zone times are shown in: the account's, else the browser's. */
  timeZone = $derived(viewerTimeZone(this.account?.timeZone));

  isFacilitator = $derived(this.account?.roles.includes('facilitator') ?? false);

  load(force = false): Promise<void> {
    if (this.#loading && !force) return this.#loading;
    this.#loading = (async () => {
      const answer = await callApi('getAccount');
      if (answer.ok) {
        this.unreachable = false;
        this.signedIn(answer.data.account);
      } else if (answer.error.code === 'unauthenticated') {
        this.unreachable = false;
        this.signedOut();
      } else {
        this.unreachable = true;
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  signedIn(account: AccountView): void {
    this.account = account;
    this.status = 'signed-in';
  }

  signedOut(notice: string | null = null): void {
    this.account = null;
    this.status = 'signed-out';
    this.#loading = Promise.resolve();
    if (notice) this.notice = notice;
  }

  /** Sends a signed-out visitor to the sign-in page, returning here afterwards. */
  async requireSignIn(notice: string | null = null): Promise<void> {
    this.signedOut(notice);
    const next = typeof location === 'undefined' ? '/groups' : location.pathname;
    await goto(`/signin?next=${encodeURIComponent(next)}`, { replaceState: true });
  }
}

const ACCOUNT_KEY = Symbol('respite-account');

export function provideAccountState(): AccountState {
  return setContext(ACCOUNT_KEY, new AccountState());
}

export function useAccountState(): AccountState {
  const state = getContext<AccountState | undefined>(ACCOUNT_KEY);
  if (!state) throw new Error('useAccountState() needs the root layout to call provideAccountState()');
  return state;
}

/** Only same-site paths are followed after sign-in, so a crafted link cannot send anyone elsewhere. */
export function safeNextPath(next: string | null, fallback = '/groups'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
