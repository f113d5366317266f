import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { ServiceClient } from '../../src/database/data-source';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.setup';
import { ManualClock } from '../../src/core/clock/clock';
import { loadConfig } from '../../src/core/config/app.config';
import type { EmbeddedServer } from '../../src/core/database/database-url';
import { createTestDatabase, serviceUrlFor } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  clock: ManualClock;
  db: DataSource;
  /** The OpenAPI document, as the app serves it at /docs-json. */
  document: OpenAPIObject;
  /** The database's URL (its owner's), for a second instance on it. */
  databaseUrl: string;
  /**
   * The owner's connection to the same database, for what a test does behind the service's
   * back (skipping a trigger, tampering with the audit log): the service itself cannot.
   */
  owner: DataSource;
  close(): Promise<void>;
}

/** A full application on its own database, with a clock the test moves by hand. */
export async function createTestApp(
  options: {
    now?: string;
    env?: Record<string, string>;
    imports?: DynamicModule['imports'];
    /** Another app's database (a second instance on one PostgreSQL): used as is and not dropped. */
    databaseUrl?: string;
    embedded?: EmbeddedServer;
  } = {},
): Promise<TestApp> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: serviceUrlFor(database.url),
    DATABASE_OWNER_URL: database.url,
    LOG_LEVEL: 'silent',
    SCHEDULER_ENABLED: 'false',
    DATABASE_POOL_SIZE: '10',
    ...options.env,
  });
  const clock = new ManualClock(new Date(options.now ?? '2020-07-15T08:00:00Z'));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { clock, embedded: options.embedded }), ...(options.imports ?? [])] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config));
  const document = await configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const owner = new DataSource({ type: 'postgres', url: database.url, extra: { max: 2, application_name: 'efro-grants-test-owner', Client: ServiceClient } });
  await owner.initialize();
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    db: app.get(DataSource),
    document,
    databaseUrl: database.url,
    owner,
    close: async () => {
      if (owner.isInitialized) await owner.destroy();
      await app.close();
      await database.drop();
    },
  };
}
