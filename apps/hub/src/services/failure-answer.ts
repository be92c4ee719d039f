/**
 * Turns any error into the one answer shape. A ServiceError keeps its code and words. A storage
 * failure becomes `unavailable` (the action did not happen; try again). Anything else becomes
 * `internal`, with its detail in the log only: never the client, never message text.
 */
import { type Failure, failure } from '@respite/protocol';
import type { Logger } from '../logger';
import { ServiceError } from './service-error';

/**
 * ioredis errors that mean "Redis could not do it now": unreachable, reconnecting, full, loading,
 * read-only, or a transaction Redis discarded whole (EXECABORT: a queued command was refused, for
 * example for want of memory, so nothing of it ran).
 */
const STORAGE_FAILURE = /EXECABORT|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|max retries per request|Stream isn't writeable|OOM command not allowed|LOADING|READONLY|CLUSTERDOWN|MASTERDOWN|TRYAGAIN/i;

export function isStorageFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'MaxRetriesPerRequestError' || STORAGE_FAILURE.test(error.message));
}

export function toFailureAnswer(error: unknown, logger: Logger, where: string): Failure {
  if (error instanceof ServiceError) return failure(error.code, error.message, error.extra);
  const storage = isStorageFailure(error);
  // The logger writes the error through errorForLog, which drops a failed command's arguments.
  logger.error({ event: storage ? 'request.storage_failed' : 'request.failed', where, err: error }, storage ? 'storage unavailable' : 'unexpected error');
  return storage
    ? failure('unavailable', 'Respite could not reach its storage, so nothing was saved. Please try again in a moment.')
    : failure('internal', 'Something went wrong on our side. Nothing was changed. Please try again.');
}
