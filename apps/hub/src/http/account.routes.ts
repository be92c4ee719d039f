/**
 * The signed-in account: read it, set its time zone, redeem another invite, change its passphrase,
 * renew its recovery code, sign out on every device, delete it. Never logs what was typed.
 */
import type { AccountService } from '../services/account.service';
import type { GroupService } from '../services/group.service';
import type { RouteHandlers } from './api-router';
import { clearedSessionCookie } from './session-cookie';

type AccountRoutes = Pick<RouteHandlers,
  'getAccount' | 'updateAccount' | 'deleteAccount' | 'redeemInvite' | 'changePassphrase' | 'renewRecoveryCode' | 'signOutEverywhere'>;

export function accountRoutes(deps: { accounts: AccountService; groups: GroupService; secureCookies: boolean }): AccountRoutes {
  const { accounts, groups, secureCookies } = deps;
  return {
    getAccount: async ({ accountId }) => ({ account: await accounts.getAccount(accountId) }),
    updateAccount: async ({ accountId, body }) => ({ account: await accounts.updateTimeZone(accountId, body.timeZone) }),
    deleteAccount: async ({ accountId, body, response }) => {
      await accounts.deleteAccount(accountId, body.passphrase);
      response.setHeader('Set-Cookie', clearedSessionCookie(secureCookies));
      return {};
    },
    changePassphrase: async ({ accountId, tokenDigest, body }) => {
      // An account-scoped route is only reached with a sign-in, so the digest is there.
      await accounts.changePassphrase(accountId, tokenDigest ?? '', body);
      return {};
    },
    renewRecoveryCode: async ({ accountId, body, response }) => {
      const result = await accounts.renewRecoveryCode(accountId, body.passphrase);
      response.setHeader('Cache-Control', 'no-store');
      return result;
    },
    signOutEverywhere: async ({ accountId, response }) => {
      await accounts.signOutEverywhere(accountId);
      response.setHeader('Set-Cookie', clearedSessionCookie(secureCookies));
      return {};
    },
    redeemInvite: async ({ accountId, body }) => {
      await accounts.redeemInvite(accountId, body.inviteCode);
      return { groups: await groups.listGroups(accountId) };
    },
  };
}
