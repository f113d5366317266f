import 'reflect-metadata';
import { prepare } from './bootstrap';

/** `npm run migrate`: applies pending migrations, for deployments that set MIGRATIONS_RUN=false. */
prepare()
  .then(({ database }) => database.release())
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
