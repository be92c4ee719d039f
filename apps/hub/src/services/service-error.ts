/** A failure a service decides on, with a code from the protocol's closed list. The edges turn it into an answer. */
import type { ErrorBody, ErrorCode } from '@respite/protocol';

export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<ErrorBody, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
