/**
 * JSON-line logging. Never logs message text, handles, aliases, passphrases, recovery codes,
 * tokens, cookies or IP addresses: callers log ids and outcomes only, and the redaction below is
 * the second line of defence should a payload ever be passed by mistake.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const redactedPaths = [
  'text', '*.text', 'passphrase', '*.passphrase', 'newPassphrase', '*.newPassphrase', 'handle', '*.handle',
  'alias', '*.alias', 'recoveryCode', '*.recoveryCode', 'token', '*.token', 'cookie', '*.cookie',
  'headers', '*.headers', 'ip', '*.ip', 'remoteAddress', '*.remoteAddress', 'body', '*.body', 'payload', '*.payload',
];

export function createLogger(options: { level: string; nodeId: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'respite-hub', node: options.nodeId },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
