import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ManualClock } from '../core/clock/clock';
import { DemoModule } from '../demo/demo.module';
import { DEMO_PASSWORD, DemoSeeder } from '../demo/demo.seeder';
import { prepare } from './bootstrap';

/** `npm run seed`: loads the demo data set (idempotent) and prints the demo accounts. */
async function main(): Promise<void> {
  const { config, database } = await prepare({ SCHEDULER_ENABLED: 'false' });
  const app = await NestFactory.createApplicationContext(
    // The demo replays the 2020 call, so the seed runs on a clock it moves itself, starting
    // from now: the open demo call is placed around the day the seed runs.
    { module: class SeedModule {}, imports: [AppModule.forRoot(config, { clock: new ManualClock(new Date()) }), DemoModule] },
    { logger: ['log', 'warn', 'error'] },
  );
  try {
    const { accounts } = await app.get(DemoSeeder).run();
    console.log('\nDemo accounts (password for all: %s)', DEMO_PASSWORD);
    console.table(accounts.map((a) => ({ role: a.role, email: a.email, organisation: a.organisation?.name ?? '' })));
  } finally {
    await app.close();
    await database.release();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
