/**
 * JSON-line logging. Never logs message text, handles, aliases, passphrases, recovery codes,
 * tokens, cookies or IP addresses: callers log ids and outcomes only, and the redaction below is
 * the second line of defence should a payload ever be passed by mistake. The redaction walks the
 * whole logged object, at any depth, and every error object found in it is written through
 * `errorForLog`, which drops what ioredis attaches to a failed command (its arguments).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { errorForLog } from './observability/error-for-log';

export type { Logger };

/** Keys whose values are never written, wherever they stand in a logged object. */
export const redactedKeys: ReadonlySet<string> = new Set([
  'text', 'passphrase', 'newPassphrase', 'currentPassphrase', 'handle', 'alias', 'recoveryCode', 'token', 'cookie',
  'headers', 'ip', 'remoteAddress', 'body', 'payload', 'args', 'command',
]);

const CENSOR = '[redacted]';
/** Deeper than any log call nests; past it a value is dropped rather than walked. */
const MAX_DEPTH = 8;

/** A copy of `value` with every redacted key censored and every error serialized, at any depth. */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return errorForLog(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return CENSOR;
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, depth + 1));
  if (value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactedKeys.has(key) ? CENSOR : redactForLog(item, depth + 1);
  return copy;
}

export function createLogger(options: { level: string; nodeId: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'respite-hub', node: options.nodeId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactForLog(object) as Record<string, unknown>,
      },
      // An error passed alone (`logger.error(error)`) would otherwise give its raw message as the line's msg.
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const err = errorForLog(first);
            return method.apply(this, [{ err }, ...(typeof rest[0] === 'string' ? rest : [err.message])] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
      serializers: { err: (error: unknown) => (error instanceof Error ? errorForLog(error) : error) },
    },
    options.destination,
  );
}
