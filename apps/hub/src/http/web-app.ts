/**
 * Serves the built web app: static files, and the app shell for every other page path.
 * Without a build it serves a short page saying how to make one. Each page goes out with its
 * Content-Security-Policy header, read from the page's own meta tag (content-security-policy.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { PagePolicies, SERVICE_WORKER_POLICY } from './content-security-policy';

const SHELL_FILE = '200.html';

export function webAppRoutes(buildDir: string): Router {
  const router = express.Router();
  const shell = path.join(buildDir, SHELL_FILE);
  const policies = new PagePolicies();
  router.use(express.static(buildDir, {
    index: 'index.html',
    // Prerendered pages (/crisis) are served as files, so they work without scripts.
    extensions: ['html'],
    setHeaders: (response, filePath) => {
      const immutable = filePath.includes(`${path.sep}_app${path.sep}immutable${path.sep}`);
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (filePath.endsWith('.html')) response.setHeader('Content-Security-Policy', policies.for(filePath));
      else if (filePath === path.join(buildDir, 'service-worker.js')) response.setHeader('Content-Security-Policy', SERVICE_WORKER_POLICY);
    },
  }));
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_request, response) => {
    if (fs.existsSync(shell)) {
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('Content-Security-Policy', policies.for(shell));
      response.sendFile(shell);
    } else {
      response.status(503).type('text/plain').send('The web app is not built yet. Run `pnpm build`, or start with `pnpm start`, which builds it.');
    }
  });
  return router;
}
