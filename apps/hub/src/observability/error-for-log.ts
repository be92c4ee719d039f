/**
 * The one way an error object reaches a log line. ioredis attaches the failed command to its reply
 * errors (`error.command.args`), and for a send those arguments hold the message text; pino's own
 * error serializer copies every enumerable property, so it would write them. This keeps only what
 * tells an operator what went wrong: the error's type, its code, its first message line and its
 * stack frames. It never copies an error's other properties, its command or its arguments.
 */

export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  /** The error this one wraps (`cause`), serialized the same way; a few levels at most. */
  cause?: LoggedError;
}

/** A Redis reply error's message is one line; anything after the first could echo input, so it is dropped. */
const MESSAGE_LIMIT = 300;
const CAUSE_DEPTH = 3;

export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) return { type: error === null ? 'null' : typeof error, message: '[not an Error]' };
  const message = firstLine(error.message);
  const logged: LoggedError = { type: error.name || 'Error', message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') logged.code = String(code);
  const frames = stackFrames(error.stack);
  if (frames) logged.stack = `${logged.type}: ${message}\n${frames}`;
  if (error.cause !== undefined && depth < CAUSE_DEPTH) logged.cause = errorForLog(error.cause, depth + 1);
  return logged;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT)}…` : line;
}

/** Only the "    at …" lines: the stack's head repeats the whole message, which may run over lines. */
function stackFrames(stack: string | undefined): string {
  if (!stack) return '';
  return stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
}
