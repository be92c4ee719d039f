/**
 * The only file that wires things: config → stores → createApp → listen. Runs one hub node.
 * With no Redis configured: in-memory stores and a demo seed, for trying Respite on one machine.
 */
import { randomBytes } from 'node:crypto';
import { createRoomAdapter } from './realtime/socket-adapter';
import { createApp } from './app';
import { systemClock } from './clock';
import { loadConfig } from './config';
import { seedDemo, DEMO_FACILITATOR, DEMO_SPONSOR_ADMIN } from './demo-seed';
import { createLogger } from './logger';
import { ephemeralPersistenceProblems } from './stores/redis/ephemeral-persistence';
import { connectRedis, createMemoryStores, createRedisStores, type Stores } from './stores/stores';
import { lowerHelperThreadPriority } from './services/helper-thread-priority';

async function main(): Promise<void> {
  // First, before anything else starts libuv's pool: hashing must never keep the loop waiting.
  const helperPriority = await lowerHelperThreadPriority();
  const config = loadConfig();
  const nodeId = randomBytes(4).toString('hex');
  const logger = createLogger({ level: config.logLevel, nodeId });
  if (config.production && config.demoSeed) throw new Error('DEMO_SEED is not allowed in production');
  logger.info({ event: 'hub.thread_priority', ...helperPriority }, 'hashing and helper threads yield to the event loop');

  let stores: Stores;
  let configureSocketServer: Parameters<typeof createApp>[0]['configureSocketServer'];
  if (config.redis) {
    const connections = connectRedis(config.redis);
    if (config.production) {
      const problems = await ephemeralPersistenceProblems(connections.ephemeral);
      if (problems.length > 0) throw new Error(`Refusing to start: the ephemeral Redis would write message text to disk: ${problems.join('; ')}`);
    }
    stores = createRedisStores(connections, config.redis.keyPrefix, systemClock);
    const rooms = createRoomAdapter({ ephemeral: connections.ephemeral, keyPrefix: config.redis.keyPrefix });
    configureSocketServer = (io) => io.adapter(rooms.adapter);
  } else {
    stores = createMemoryStores(systemClock);
    logger.warn({ event: 'stores.memory' }, 'no REDIS_URL: running on in-memory stores, one node only; nothing survives a restart');
  }

  const hub = createApp({ config, stores, clock: systemClock, logger, configureSocketServer, nodeId });
  const port = await hub.start(config.port, config.host);
  logger.info({ event: 'hub.listening', port, host: config.host, metricsPort: hub.metricsPort(), stores: stores.kind }, 'hub listening');

  if (config.demoSeed) {
    const demo = await seedDemo({ stores, accounts: hub.services.accounts, hasher: hub.services.hasher, lifecycle: hub.services.lifecycle, clock: systemClock });
    logger.info({ event: 'demo.seeded', inviteCode: demo.inviteCode }, 'demo seeded');
    process.stderr.write(
      `\n  Respite is running at http://localhost:${port}\n` +
      `  Demo invite code:   ${demo.inviteCode}\n` +
      `  Demo facilitator:   handle "${DEMO_FACILITATOR.handle}", passphrase "${DEMO_FACILITATOR.passphrase}"\n` +
      `  Demo sponsor admin: handle "${DEMO_SPONSOR_ADMIN.handle}", passphrase "${DEMO_SPONSOR_ADMIN.passphrase}" (the sponsor dashboard, /sponsor)\n` +
      `  The "Sunday Evening Circle" has a session live now. Open two browser windows to try it.\n\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'hub.draining', signal }, 'draining');
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    forceExit.unref();
    await hub.stop();
    await stores.close();
    logger.info({ event: 'hub.stopped' }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ event: 'process.unhandled_rejection', err: reason }, 'unhandled rejection'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', event: 'hub.start_failed', message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
