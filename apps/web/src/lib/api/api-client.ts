/**
 * The typed REST client: calls a route of the protocol's table by name and returns its typed
 * `Response`. Every failure, including a network one, comes back as `{ ok: false, error }`, never
 * as a thrown error. It must never put a secret in a URL, and never store a response anywhere.
 */
import { restRoutes, routePath } from '@respite/protocol';
import type { ErrorBody, Failure, Response, RouteBody, RouteName, RouteParams, RouteResults } from '@respite/protocol';

export const UNREACHABLE_MESSAGE = 'We could not reach Respite. Check your connection and try again.';
const UNEXPECTED_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

export interface CallOptions<R extends RouteName> {
  params?: RouteParams<R>;
  body?: RouteBody<R>;
  /** Lets a page abandon a call it no longer needs. */
  signal?: AbortSignal;
}

function failure(error: ErrorBody): Failure {
  return { ok: false, error };
}

export async function callApi<R extends RouteName>(route: R, options: CallOptions<R> = {}): Promise<Response<RouteResults[R]>> {
  const contract = restRoutes[route];
  const url = routePath(route, options.params ?? {});
  const init: RequestInit = {
    method: contract.method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    signal: options.signal,
  };
  if (contract.method !== 'GET') {
    // The hub requires application/json on every state-changing request (its CSRF guard), even empty ones.
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.body ?? {});
  }

  let answer: globalThis.Response;
  try {
    answer = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return failure({ code: 'unavailable', message: UNREACHABLE_MESSAGE });
  }

  let parsed: unknown;
  try {
    parsed = await answer.json();
  } catch {
    // A proxy page or an empty body: the hub did not answer in its own shape.
    return failure(
      answer.status >= 500 || answer.status === 0
        ? { code: 'unavailable', message: UNREACHABLE_MESSAGE }
        : { code: 'internal', message: UNEXPECTED_MESSAGE },
    );
  }
  if (isResponseShape(parsed)) return parsed as Response<RouteResults[R]>;
  return failure({ code: 'internal', message: UNEXPECTED_MESSAGE });
}

function isResponseShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const record = value as { ok: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (record.ok === true) return 'data' in record;
  return record.ok === false && typeof record.error?.code === 'string' && typeof record.error.message === 'string';
}
