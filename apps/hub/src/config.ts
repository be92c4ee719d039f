/**
 * The one reader of process.env. Every setting is declared here with its meaning, type and
 * default; nothing else in the hub looks at the environment.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadModerationSettings } from './moderation-config';

const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const environmentSchema = z.object({
  /** production turns on Secure cookies and refuses unsafe settings. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The port the hub listens on. 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The interface to bind. Containers set 0.0.0.0. */
  HOST: z.string().default('127.0.0.1'),
  /** Durable Redis (accounts, groups, schedules, sponsors). Unset: in-memory stores, one node only. */
  REDIS_URL: z.url().optional(),
  /** Ephemeral Redis (messages, presence); production runs it with persistence off. Defaults to REDIS_URL. */
  REDIS_EPHEMERAL_URL: z.url().optional(),
  /** Prefix for every Redis key, so several deployments or test runs can share a server. */
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9:_-]*$/).default('respite:'),
  /** Origins allowed to call the API and open sockets, comma-separated. Default: this host on PORT. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Keys the handle digest. At least 32 characters in production; changing it signs everyone out for good. */
  RESPITE_SECRET: z.string().min(16).default(DEVELOPMENT_SECRET),
  /** Where the built web app lives. */
  WEB_BUILD_DIR: z.string().default(path.resolve(__dirname, '../../web/build')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed a demo group, facilitator and invite code. Defaults to on when no Redis is configured. */
  DEMO_SEED: booleanFlag.optional(),
  /** How many reverse proxies (load balancer, ingress) sit in front of the hub; their X-Forwarded-For is believed, nobody else's. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * On SIGTERM, how long the hub answers not-ready (while still serving the sockets it has) before
   * it closes them: long enough for a load balancer's health check to notice. The hub force-exits
   * 10 s after SIGTERM, so this stays below that.
   */
  DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(8_000).default(5_000),
  /** How often the lifecycle looks for due session transitions. */
  LIFECYCLE_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Concurrent passphrase hashes at most (each takes ~19 MiB and one thread-pool thread). */
  PASSPHRASE_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.availableParallelism())),
  /** A JSON file holding an array of extra crisis-detector patterns (regular expressions). Unset: the built-in list only. */
  CRISIS_PATTERNS_FILE: z.string().optional(),
  /** A JSON file holding the crisis resources shown to members ([{ name, detail, href }]). Unset: 988, the Physician Support Line, 911. */
  CRISIS_RESOURCES_FILE: z.string().optional(),
  /** How long the moderation record keeps an entry, in days. */
  MODERATION_RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type HubConfig = ReturnType<typeof loadConfig>;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env) {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production && (env.RESPITE_SECRET === DEVELOPMENT_SECRET || env.RESPITE_SECRET.length < 32)) {
    throw new Error('Invalid configuration: RESPITE_SECRET must be set to at least 32 characters in production');
  }
  if (production && env.REDIS_URL && !env.REDIS_EPHEMERAL_URL) {
    throw new Error('Invalid configuration: set REDIS_EPHEMERAL_URL in production, to a Redis with persistence off, so message text never reaches a disk');
  }
  const allowedOrigins = env.ALLOWED_ORIGINS
    ? env.ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean)
    : [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    redis: env.REDIS_URL
      ? { durableUrl: env.REDIS_URL, ephemeralUrl: env.REDIS_EPHEMERAL_URL ?? env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }
      : null,
    allowedOrigins,
    secret: env.RESPITE_SECRET,
    webBuildDir: env.WEB_BUILD_DIR,
    logLevel: env.LOG_LEVEL,
    demoSeed: env.DEMO_SEED ?? !env.REDIS_URL,
    lifecycleTickMs: env.LIFECYCLE_TICK_MS,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    drainDelayMs: env.DRAIN_DELAY_MS,
    passphraseHashConcurrency: env.PASSPHRASE_HASH_CONCURRENCY,
    moderation: loadModerationSettings({
      crisisPatternsFile: env.CRISIS_PATTERNS_FILE, crisisResourcesFile: env.CRISIS_RESOURCES_FILE,
      retentionDays: env.MODERATION_RECORD_RETENTION_DAYS,
    }),
  };
}
