/** Liveness and readiness for load balancers and orchestrators. Answers carry no user data. */
import express, { type Router } from 'express';

export function healthRoutes(deps: { isReady: () => Promise<boolean> }): Router {
  const router = express.Router();
  router.get('/healthz', (_request, response) => {
    response.json({ ok: true, data: { status: 'alive' } });
  });
  router.get('/readyz', async (_request, response) => {
    const ready = await deps.isReady().catch(() => false);
    response.status(ready ? 200 : 503).json(ready ? { ok: true, data: { status: 'ready' } } : { ok: false, error: { code: 'unavailable', message: 'not ready' } });
  });
  return router;
}
