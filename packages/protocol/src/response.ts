/** The one answer shape for every REST response and every socket acknowledgement. */
import type { ErrorBody, ErrorCode } from './errors';

export type Success<T> = { ok: true; data: T };
export type Failure = { ok: false; error: ErrorBody };
export type Response<T> = Success<T> | Failure;

export function success<T>(data: T): Success<T> {
  return { ok: true, data };
}

export function failure(code: ErrorCode, message: string, extra: Omit<ErrorBody, 'code' | 'message'> = {}): Failure {
  return { ok: false, error: { code, message, ...extra } };
}
