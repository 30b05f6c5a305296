import { createHost } from '@zhenxing/core';
import { bootstrapLogger } from './logger.ts';
import { ConfigError, hostSecurityOptions, loadConfig } from './config.ts';
import { openConfiguredDatabase } from './database.ts';
import { DEMO_PASSWORD, DEMO_USERS, firstRun, seedDemo } from './bootstrap.ts';
import { buildServer } from './http.ts';
import { claimPgliteDirectory } from './pglite-lock.ts';
import { selectPlugins } from './plugins.ts';

/** `pnpm start`: config → database → migrations → (demo | first run) → jobs → HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = bootstrapLogger(config.LOG_LEVEL);
  const release = config.DATABASE_URL ? () => {} : claimPgliteDirectory(config.ZX_DATA_DIR);
  const { handle, description } = await openConfiguredDatabase(config);
  logger.info({ database: description }, 'database opened');
  const host = createHost({ database: handle, plugins: selectPlugins(config.ZX_PLUGINS), logger, ...hostSecurityOptions(config) });
  await host.migrate();

  const demo = config.ZX_DEMO === 'on' || (config.ZX_DEMO === 'auto' && handle.driver === 'pglite');
  if (demo) {
    if (await seedDemo(host, logger)) {
      logger.info({}, `demo ready — sign in as ${DEMO_USERS.map((user) => user.username).join(', ')} with password ${DEMO_PASSWORD} (demo only)`);
    }
  } else {
    const password = await firstRun(host, config.ZX_PROVINCE, logger);
    if (password) {
      // Printed once, on purpose: this is how the first administrator gets in.
      console.log(`\nFirst run: created province admin "admin" with one-time password: ${password}\nChange it at first sign-in.\n`);
    }
  }

  // Events a previous process committed but did not finish delivering (crash, failed handler).
  const pendingEvents = await host.runtime.events.redeliver(0);
  if (pendingEvents > 0) logger.info({ events: pendingEvents }, 'redelivering events left in the outbox');
  if (config.ZX_JOBS) host.jobs.start();
  const server = await buildServer({ config, host });
  await server.listen({ host: config.HOST, port: config.PORT });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down: finishing requests, stopping jobs, closing the database');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await server.close();
    await host.stop();
    await handle.close();
    release();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
