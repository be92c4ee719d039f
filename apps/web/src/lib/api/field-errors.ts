/**
 * Maps an error answer onto the form fields it concerns, so each message sits next to its field.
 * Pure. It must never show the submitted value back: the hub does not echo it, and neither do we.
 */
import type { ErrorBody } from '@respite/protocol';

export type FieldErrors = Record<string, string>;

/**
 * Spreads an error over fields. `fields` paths (e.g. "handle", "passphrase") get `describe(path)`
 * or the message; codes listed in `codeFields` land on that field; anything else goes to `form`.
 */
export function fieldErrorsFrom(
  error: ErrorBody,
  {
    known,
    codeFields = {},
    describe = {},
  }: { known: readonly string[]; codeFields?: Partial<Record<ErrorBody['code'], string>>; describe?: Record<string, string> },
): { fields: FieldErrors; form: string | null } {
  const fields: FieldErrors = {};
  const codeField = codeFields[error.code];
  if (codeField) {
    fields[codeField] = error.message;
    return { fields, form: null };
  }
  for (const path of error.fields ?? []) {
    const name = path.split('.')[0] ?? path;
    if (known.includes(name)) fields[name] = describe[name] ?? error.message;
  }
  return { fields, form: Object.keys(fields).length > 0 ? null : error.message };
}
