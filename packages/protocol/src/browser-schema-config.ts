/**
 * In a browser, zod runs without its JIT. The JIT compiles each object parser with `new Function`,
 * and first probes whether it may: under the web app's Content-Security-Policy (script-src without
 * 'unsafe-eval') that probe is refused and reported as a violation on every page. Parsing is the
 * same without it, only slower, which the browser's few small payloads never notice. The hub, with
 * no such policy and many payloads, keeps the JIT. Must run before any schema is built: zod decides
 * when a schema is constructed, so index.ts imports this module first.
 */
import { z } from 'zod';

if (typeof window !== 'undefined') z.config({ jitless: true });
