import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter } from './app.setup';
import { AuthService } from './auth/auth.service';
import { ConfigError, loadConfig, loadDotEnv } from './core/config/app.config';
import { runMigrations } from './database/data-source';
import { privilegeWarning, resolveDatabase } from './core/database/database-url';
import { shutdownGracefully } from './core/lifecycle/graceful-shutdown';

async function main(): Promise<void> {
  const logger = new Logger('Boot');
  loadDotEnv();
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => logger.log(line));
  config.DATABASE_URL = database.url;
  if (config.MIGRATIONS_RUN) {
    const applied = await runMigrations(database.ownerUrl, (line) => logger.log(line));
    logger.log(`migrations up to date (${applied} applied now)`);
  }
  const warning = await privilegeWarning(database.url).catch(() => null);
  if (warning) logger.warn(warning);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, { embedded: database.embedded }), createFastifyAdapter(config), {
    bufferLogs: false,
  });
  await configureApp(app, config);
  await app.get(AuthService).ensureBootstrapAdmin();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: no new connections; finishing requests in flight (at most ${config.SHUTDOWN_GRACE_SECONDS} s)`);
    const outcome = await shutdownGracefully(app, config.SHUTDOWN_GRACE_SECONDS * 1000, (line) => logger.log(line));
    await database.release();
    logger.log(outcome.drained ? 'stopped cleanly' : `stopped; ${outcome.cutOff} connection(s) were cut off`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  logger.log(`efro-grants listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
