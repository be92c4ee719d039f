/**
 * Mounts every REST route of the contract. For each request: parse params and body with the
 * contract's schemas (unknown fields refused), authenticate from the cookie, authorize with the
 * access policy, call the feature's handler, answer in the one response shape.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { routePolicy } from '@respite/domain';
import {
  REST_MAX_BODY_BYTES, type RouteBody, type RouteName, type RouteParams, type RouteResults, failure, httpStatusByCode,
  restRoutes, routeNames, success,
} from '@respite/protocol';
import type { Logger } from '../logger';
import { AccountService } from '../services/account.service';
import type { AccessService, GrantedAccess } from '../services/access.service';
import { toFailureAnswer } from '../services/failure-answer';
import { EMPTY_BODY_ERROR_TYPE, csrfGuard, csrfRejected, refuseEmptyBody, requesterOf } from './request-guards';
import { readSessionToken } from './session-cookie';

export interface RouteContext<R extends RouteName> {
  params: RouteParams<R>;
  body: RouteBody<R>;
  granted: GrantedAccess;
  /** The signed-in account's id; handlers of non-public routes may rely on it. */
  accountId: string;
  tokenDigest: string | null;
  requester: string;
  response: Response;
}

export type RouteHandler<R extends RouteName> = (context: RouteContext<R>) => Promise<RouteResults[R]>;
export type RouteHandlers = { [R in RouteName]: RouteHandler<R> };

function fieldsOf(issues: { path: PropertyKey[] }[]): string[] {
  return [...new Set(issues.map((issue) => issue.path.map(String).join('.') || '(body)'))];
}

export function createApiRouter(deps: {
  handlers: RouteHandlers;
  accounts: AccountService;
  access: AccessService;
  allowedOrigins: readonly string[];
  logger: Logger;
}): Router {
  const router = express.Router();
  router.use(csrfGuard(deps.allowedOrigins));
  router.use(express.json({ limit: REST_MAX_BODY_BYTES, strict: true, type: 'application/json', verify: refuseEmptyBody }));

  for (const name of routeNames) {
    const route = restRoutes[name];
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    // Mounted under /api: the contract's paths include that prefix.
    router[method](route.path.replace(/^\/api/, ''), async (request: Request, response: Response) => {
      const answer = async () => {
        const params = route.params.safeParse({ ...request.params });
        if (!params.success) return failure('bad_request', 'The address of this request is not valid.', { fields: fieldsOf(params.error.issues) });
        const body = route.body.safeParse(request.body ?? {});
        if (!body.success) return failure('bad_request', 'Some fields are not valid.', { fields: fieldsOf(body.error.issues) });
        const token = readSessionToken(request.headers.cookie);
        const tokenDigest = token ? AccountService.tokenDigest(token) : null;
        const account = tokenDigest ? await deps.accounts.accountForLogin(tokenDigest) : null;
        const granted = await deps.access.authorize(routePolicy[name], account, params.data as { groupId?: string; sessionId?: string });
        const handler = deps.handlers[name] as RouteHandler<RouteName>;
        const data = await handler({
          params: params.data, body: body.data, granted, accountId: account?.id ?? '', tokenDigest,
          requester: requesterOf(request), response,
        });
        return success(data);
      };
      let result;
      try {
        result = await answer();
      } catch (error) {
        result = toFailureAnswer(error, deps.logger, name);
      }
      if (!result.ok && result.error.retryAfterMs) response.setHeader('Retry-After', Math.ceil(result.error.retryAfterMs / 1000));
      response.status(result.ok ? 200 : httpStatusByCode[result.error.code]).json(result);
    });
  }

  router.use((_request: Request, response: Response) => {
    response.status(404).json(failure('not_found', 'There is no such API route.'));
  });
  router.use((error: { type?: string; status?: number }, _request: Request, response: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') return void response.status(413).json(failure('payload_too_large', 'That request is too large.'));
    if (error.type === EMPTY_BODY_ERROR_TYPE) return void response.status(403).json(csrfRejected());
    if (error.type === 'entity.parse.failed' || error.status === 400) return void response.status(400).json(failure('bad_request', 'The request body is not valid JSON.'));
    response.status(500).json(toFailureAnswer(error, deps.logger, 'api'));
  });
  return router;
}
