// Entry of `npm run bench [-- section...]`: runs the selected sections, prints one table on stdout
// (progress goes to stderr) and writes the rows to bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { AppUnderTest, startApp } from './lib/app';
import { createDatabase, dropDatabase, serverVersion } from './lib/database';
import { describeTargets, failedRow } from './lib/rows';
import { renderTable } from './lib/table';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { SECTIONS } from './sections';

const USAGE = `usage: npm run bench [-- [--list] [section...]]

Sections (all when none is named):
${SECTIONS.map((s) => `  ${s.name.padEnd(12)} ${s.description}`).join('\n')}

Environment:
  BENCH_DURATION     seconds per measurement (default 10)
  BENCH_WARMUP       seconds of discarded load before each measurement (default 2)
  BENCH_CONNECTIONS  concurrent connections / pgbench clients (default 50)
  BENCH_STRICT=1     exit with status 1 when a row fails
  PGBENCH            path of pgbench (default /usr/bin/pgbench, then PATH); row is n/a without one
  BENCH_PDF_LINES    lines of the cost statement the pdf section renders (default 200)
  BENCH_PDF_CONNECTIONS  connections fetching PDFs (default 4)
  BENCH_PDF_ROUNDS   rounds of renderer-alone / service measurements, medians reported (default 3)
  BENCH_EXPORT_ROWS  cost lines the export section exports (default 1000000)
  BENCH_UPLOAD_CONCURRENCY  concurrent uploads in the uploads section (default 12)
  BENCH_UPLOAD_MIB   size of each upload in MiB (default 19; the app's limit is UPLOAD_MAX_BYTES, 20 MiB)
  BENCH_UPLOAD_ROUNDS  rounds of concurrent uploads (default 2)
  BENCH_SCALE_ROUTES comma-separated route keys the scale section measures (default all), e.g. ranking,award
  BENCH_SCALE_SIZES  comma-separated proposal counts the scale section measures (default all), e.g. 100000
  BENCH_SCALE_SAMPLES  requests per route and size in the scale section (default 30)
  BENCH_APP_NODE_FLAGS  node flags for the app's processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them
  BENCH_KEEP_DATABASES=1  keep the scratch databases after the run, to inspect them
  BENCH_WEB_RUNS     fresh browser contexts per web timing (default 10)
  CHROMIUM_PATH      Chromium for the web section (default /usr/bin/chromium)
  PSQL               path of psql for the export section's \copy reference (default /usr/bin/psql, then PATH)
  DATABASE_URL       PostgreSQL server (set by scripts/with-postgres.mjs)`;

function positiveNumber(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${raw}"`);
  }
  return value;
}

function selectSections(args: string[]): BenchSection[] {
  const names = args.filter((a) => !a.startsWith('-'));
  if (names.length === 0) return [...SECTIONS];
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')}\n\n${USAGE}`);
  return SECTIONS.filter((s) => names.includes(s.name));
}

function findRepoRoot(): string {
  const fromDist = resolve(__dirname, '..', '..');
  return existsSync(join(fromDist, 'package.json')) ? fromDist : process.cwd();
}

function gitCommit(cwd: string): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h') || args.includes('--list')) {
    console.log(USAGE);
    return 0;
  }
  const sections = selectSections(args);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set (run through scripts/with-postgres.mjs: npm run bench)');

  const keepDatabases = process.env.BENCH_KEEP_DATABASES === '1';
  const started = Date.now();
  const log = (message: string) => process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  const cleanups: { label: string; step: () => Promise<void> }[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const { label, step } of cleanups.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`clean-up "${label}" failed: ${(error as Error).message}`);
        }
      }
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  const repoRoot = findRepoRoot();
  const prefix = `efro_bench_${process.pid}`;
  const rows: Row[] = [];
  let appPromise: Promise<AppUnderTest> | null = null;

  const ctx: BenchContext = {
    durationSec: positiveNumber('BENCH_DURATION', 10),
    warmupSec: positiveNumber('BENCH_WARMUP', 2, true),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 50)),
    // The flags `npm start` runs the service with (package.json config.nodeFlags), unless overridden.
    appNodeFlags: (process.env.BENCH_APP_NODE_FLAGS ?? productionNodeFlags(repoRoot)).split(/\s+/).filter((flag) => flag !== ''),
    databaseUrl,
    repoRoot,
    log,
    defer(label, step) {
      cleanups.push({ label, step });
    },
    async scratchDatabase(suffix) {
      const name = `${prefix}_${suffix}`;
      const url = await createDatabase(databaseUrl, name);
      if (!keepDatabases) ctx.defer(`drop database ${name}`, () => dropDatabase(databaseUrl, name));
      else log(`BENCH_KEEP_DATABASES: ${name} is kept`);
      log(`scratch database ${name} created`);
      return url;
    },
    app() {
      appPromise ??= (async () => {
        // The app's database is named efro_bench_<pid>; other scratch databases get a suffix.
        const url = await createDatabase(databaseUrl, prefix);
        if (!keepDatabases) ctx.defer(`drop database ${prefix}`, () => dropDatabase(databaseUrl, prefix));
        else log(`BENCH_KEEP_DATABASES: ${prefix} is kept`);
        log(`scratch database ${prefix} created; starting the app (migrations run at boot)`);
        const app = await startApp({ repoRoot, databaseUrl: url, nodeOptions: [...ctx.appNodeFlags] });
        ctx.defer('stop the app', () => app.server.stop());
        log(`app up at ${app.baseUrl} (pid ${app.server.pid}), admin signed in`);
        return app;
      })();
      return appPromise;
    },
    rows: () => rows,
  };

  const loadAtStart = loadavg()[0];
  const pgVersion = await serverVersion(databaseUrl).catch((error: Error) => `unreachable (${error.message})`);
  log(
    `sections: ${sections.map((s) => s.name).join(', ')}; ${ctx.durationSec}s per measurement after ${ctx.warmupSec}s warm-up, ` +
      `${ctx.connections} connections; PostgreSQL ${pgVersion}; ${availableParallelism()} CPU(s)`,
  );

  try {
    for (const section of sections) {
      log(`— section ${section.name}: ${section.description}`);
      try {
        rows.push(...(await section.run(ctx)));
      } catch (error) {
        log(`section ${section.name} failed: ${(error as Error).stack ?? String(error)}`);
        rows.push(failedRow({ section: section.name, id: `${section.name}.error`, scenario: 'section failed', metric: '—' }, error));
      }
    }
  } finally {
    log('cleaning up');
    await cleanUp();
  }

  const finished = Date.now();
  const header =
    `efro-grants bench — ${new Date(started).toISOString()} — node ${process.version}, ${availableParallelism()} CPU(s), ` +
    `PostgreSQL ${pgVersion}, ${ctx.durationSec}s per measurement (+${ctx.warmupSec}s warm-up), ${ctx.connections} connections, ` +
    `load average ${loadAtStart.toFixed(2)} at start (other work on the machine skews the numbers)`;
  console.log(`\n${header}\n\n${renderTable(rows)}\n`);

  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, 'latest.json');
  const report = {
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    elapsedSec: (finished - started) / 1000,
    commit: gitCommit(repoRoot),
    node: process.version,
    cpus: availableParallelism(),
    loadAverageAtStart: loadAtStart,
    postgres: pgVersion,
    durationSec: ctx.durationSec,
    warmupSec: ctx.warmupSec,
    connections: ctx.connections,
    sections: sections.map((s) => s.name),
    rows: rows.map((row) => ({ ...row, target: describeTargets(row, row.baselineId) })),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const failed = rows.filter((r) => r.verdict === 'fail').length;
  log(`done in ${report.elapsedSec.toFixed(1)}s: ${rows.length} row(s), ${failed} failed; rows written to ${file}`);
  return failed > 0 && ['1', 'true', 'yes'].includes((process.env.BENCH_STRICT ?? '').toLowerCase()) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);

function productionNodeFlags(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return pkg.config?.nodeFlags ?? '';
}
