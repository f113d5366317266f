#!/usr/bin/env node
// Runs the README's walkthrough ("Trying the API with the demo data") as one pasted block, on
// a free port and a scratch database, and checks that its last command prints the ranking.
// The database is a fresh one on the server in DATABASE_URL when set, otherwise the embedded
// default in a scratch folder; both are removed afterwards, and so is the service the block
// started (the whole process group of the shell that ran it).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const root = resolve(import.meta.dirname, '..');
const TIMEOUT_MS = 5 * 60_000;

/** The first bash block under the walkthrough heading, as the reader would copy it. */
function walkthroughBlock() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Trying the API with the demo data$/m)[1];
  const block = section?.match(/^```bash\n([\s\S]*?)^```$/m)?.[1];
  if (!block) throw new Error('README.md: no bash block under "## Trying the API with the demo data"');
  return block;
}

/** Its lines with the last command (backslash continuations included) split off. */
function splitLastCommand(block) {
  const lines = block.replace(/\n+$/, '').split('\n');
  let start = lines.length - 1;
  while (start > 0 && lines[start - 1].endsWith('\\')) start--;
  return { before: lines.slice(0, start).join('\n'), last: lines.slice(start).join('\n') };
}

/**
 * A port free now and outside the kernel's ephemeral range (32768–60999 on Linux), so that no
 * other process's listen(0) or outgoing connection can take it between this check and the
 * service's own listen; otherwise the block's curl could reach someone else's server.
 */
async function freePort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise((done) => {
      const server = createServer().once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (free) return port;
  }
}

async function onServer(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the block's process group (the shell, npm, the service, an embedded server), then SIGKILL. */
async function stopGroup(pgid) {
  if (!groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  for (let waited = 0; waited < 20_000 && groupAlive(pgid); waited += 200) await new Promise((r) => setTimeout(r, 200));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

function isRanking(text) {
  try {
    const ranking = JSON.parse(text);
    return (
      typeof ranking.callId === 'string' &&
      Array.isArray(ranking.entries) &&
      ranking.entries.length > 0 &&
      ranking.entries.every((entry, i) => typeof entry.acronym === 'string' && entry.rank >= (ranking.entries[i - 1]?.rank ?? 1))
    );
  } catch {
    return false;
  }
}

const { before, last } = splitLastCommand(walkthroughBlock());
const scratch = mkdtempSync(join(tmpdir(), 'efro-walkthrough-'));
const outFile = join(scratch, 'last-command.out');
const logFile = join(scratch, 'block.log');
const env = { ...process.env, PORT: String(await freePort()) };
let serverUrl = null;
let databaseName = null;
let embeddedDir = null;
if (process.env.DATABASE_URL) {
  serverUrl = process.env.DATABASE_URL;
  databaseName = `efro_walkthrough_${process.pid}_${Date.now()}`;
  await onServer(serverUrl, `CREATE DATABASE ${databaseName}`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  env.DATABASE_URL = url.toString();
} else {
  // Under the checkout: as root the embedded server runs as `postgres`, which may not reach /tmp/….
  embeddedDir = join(root, '.data', `walkthrough-pg-${process.pid}`);
  env.EMBEDDED_PG_DIR = embeddedDir;
  env.EMBEDDED_PG_PORT = String(await freePort());
}

// The block exactly as written; only the last command's output goes to a file to be checked.
const script = `${before}\n{\n${last}\n} > '${outFile}'\n`;
const log = openSync(logFile, 'w');
const shell = spawn('bash', ['-c', script], { cwd: root, env, detached: true, stdio: ['ignore', log, log] });
const started = Date.now();
let ok = false;
try {
  const code = await new Promise((done) => {
    const timer = setTimeout(() => done('timeout'), TIMEOUT_MS);
    shell.on('exit', (exitCode) => {
      clearTimeout(timer);
      done(exitCode);
    });
  });
  const output = (() => {
    try {
      return readFileSync(outFile, 'utf8');
    } catch {
      return '';
    }
  })();
  ok = code === 0 && isRanking(output);
  if (ok) {
    const { entries } = JSON.parse(output);
    console.log(`[walkthrough] README block ran on port ${env.PORT} in ${Math.round((Date.now() - started) / 1000)} s; ranking of ${entries.length} proposals`);
  } else {
    console.error(`[walkthrough] README block failed (exit ${code}); last command printed:\n${output || '(nothing)'}\n--- block output ---`);
    console.error(readFileSync(logFile, 'utf8'));
  }
} finally {
  await stopGroup(shell.pid);
  if (databaseName) await onServer(serverUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
