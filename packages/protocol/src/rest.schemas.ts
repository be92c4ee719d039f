/** REST bodies and path parameters. Every object is strict: unknown fields are refused. */
import { z } from 'zod';
import { alias, entityId, handle, inviteCode, passphrase, recoveryCode, timeZone } from './primitives.schemas';

export const emptyBody = z.strictObject({});

export const signUpBody = z.strictObject({
  inviteCode,
  handle,
  passphrase,
  timeZone: timeZone.optional(),
});

export const signInBody = z.strictObject({ handle, passphrase });

export const recoverBody = z.strictObject({ handle, recoveryCode, newPassphrase: passphrase });

export const updateAccountBody = z.strictObject({ timeZone: timeZone.nullable() });

export const deleteAccountBody = z.strictObject({ passphrase });

/** A new passphrase for the signed-in account; the current one is asked for again. */
export const changePassphraseBody = z.strictObject({ currentPassphrase: passphrase, newPassphrase: passphrase });

/** A new recovery code (the old one stops working); the passphrase is asked for again. */
export const renewRecoveryCodeBody = z.strictObject({ passphrase });

export const redeemInviteBody = z.strictObject({ inviteCode });

export const joinGroupBody = z.strictObject({
  /** null asks the server to generate one. */
  alias: alias.nullable(),
  acceptNorms: z.literal(true),
});

export const changeAliasBody = z.strictObject({ alias: alias.nullable() });

export const groupParams = z.strictObject({ groupId: entityId });
export const sessionParams = z.strictObject({ sessionId: entityId });
export const noParams = z.strictObject({});
