/** Sign-up, sign-in, sign-out and recovery. Sets and clears the httpOnly cookie; never logs what was typed. */
import type { AccountService } from '../services/account.service';
import type { RouteHandlers } from './api-router';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

type AuthRoutes = Pick<RouteHandlers, 'signUp' | 'signIn' | 'signOut' | 'recover'>;

export function authRoutes(deps: { accounts: AccountService; secureCookies: boolean; now: () => number }): AuthRoutes {
  const { accounts, secureCookies, now } = deps;
  return {
    signUp: async ({ body, requester, response }) => {
      const signedIn = await accounts.signUp(body, requester);
      response.setHeader('Set-Cookie', sessionCookie(signedIn.token, signedIn.expiresAt, secureCookies, now()));
      response.setHeader('Cache-Control', 'no-store');
      return { account: signedIn.account, recoveryCode: signedIn.recoveryCode };
    },
    signIn: async ({ body, requester, response }) => {
      const signedIn = await accounts.signIn(body, requester);
      response.setHeader('Set-Cookie', sessionCookie(signedIn.token, signedIn.expiresAt, secureCookies, now()));
      return { account: signedIn.account };
    },
    signOut: async ({ tokenDigest, response }) => {
      if (tokenDigest) await accounts.signOut(tokenDigest);
      response.setHeader('Set-Cookie', clearedSessionCookie(secureCookies));
      return {};
    },
    recover: async ({ body, requester, response }) => {
      const result = await accounts.recover(body, requester);
      response.setHeader('Cache-Control', 'no-store');
      return result;
    },
  };
}
