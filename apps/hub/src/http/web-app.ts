/**
 * Serves the built web app: static files, and the app shell for every other page path.
 * Without a build it serves a short page saying how to make one. Each page goes out with its
 * Content-Security-Policy header, read from the page's own meta tag (content-security-policy.ts).
 * Files the build precompressed go out as their brotli or gzip copy to a client that accepts it
 * (precompressed-files.ts), with the original's type and headers.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { PagePolicies, SERVICE_WORKER_POLICY } from './content-security-policy';
import { builtFileFor, compressedCopies, copyPath, originalOf, preferredEncoding } from './precompressed-files';

const SHELL_FILE = '200.html';

export function webAppRoutes(buildDir: string): Router {
  const router = express.Router();
  const shell = path.join(buildDir, SHELL_FILE);
  const policies = new PagePolicies();
  /** Says which copy of `file` to send and sets its headers; answers the path to send (the file itself when none fits). */
  const chooseCopy = (request: Request, response: Response, file: string): string => {
    const copies = compressedCopies(file);
    if (copies.length === 0) return file;
    response.vary('Accept-Encoding');
    const encoding = preferredEncoding(request.headers['accept-encoding'], copies);
    if (!encoding) return file;
    response.setHeader('Content-Encoding', encoding);
    // The original's type: the static handler would name the copy's own (`.br`: octet-stream).
    response.type(path.extname(file));
    return copyPath(file, encoding);
  };
  router.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const file = builtFileFor(buildDir, request.path);
    if (!file) return next();
    const chosen = chooseCopy(request, response, file);
    if (chosen !== file) {
      // The static handler below sends the copy, with its own ETag, length and ranges.
      const query = request.url.indexOf('?');
      request.url = `/${path.relative(buildDir, chosen).split(path.sep).map(encodeURIComponent).join('/')}${query >= 0 ? request.url.slice(query) : ''}`;
    }
    next();
  });
  router.use(express.static(buildDir, {
    index: 'index.html',
    // Prerendered pages (/crisis) are served as files, so they work without scripts.
    extensions: ['html'],
    setHeaders: (response, copyOrFile) => {
      const filePath = originalOf(copyOrFile);
      const immutable = filePath.includes(`${path.sep}_app${path.sep}immutable${path.sep}`);
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (filePath.endsWith('.html')) response.setHeader('Content-Security-Policy', policies.for(filePath));
      else if (filePath === path.join(buildDir, 'service-worker.js')) response.setHeader('Content-Security-Policy', SERVICE_WORKER_POLICY);
    },
  }));
  router.get(/^\/(?!api\/|socket\.io\/).*/, (request, response) => {
    // Set only when a copy was chosen for a file the static handler then did not send.
    response.removeHeader('Content-Encoding');
    response.removeHeader('Content-Type');
    if (fs.existsSync(shell)) {
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('Content-Security-Policy', policies.for(shell));
      response.sendFile(chooseCopy(request, response, shell));
    } else {
      response.status(503).type('text/plain').send('The web app is not built yet. Run `pnpm build`, or start with `pnpm start`, which builds it.');
    }
  });
  return router;
}
