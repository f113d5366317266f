import type { AppUnderTest } from './app';

/** Outcome of one row: `n/a` when the measurement or its baseline could not be taken. */
export type Verdict = 'pass' | 'fail' | 'n/a';

/**
 * Thresholds a row is judged on. Ratios compare the row's value with the value of its baseline
 * row (`Row.baselineId`), which must be produced earlier in the same run.
 */
export interface Targets {
  /** value / baseline value must be at least this (0.65 = 65 %). */
  minRatio?: number;
  /** value must be at least this, in the row's own unit. */
  minValue?: number;
  /** value must not exceed this, in the row's own unit (e.g. a peak memory in MB). */
  maxValue?: number;
  /** p99 latency must not exceed this many milliseconds. */
  maxP99Ms?: number;
}

/** One line of the results table (and one object in bench/results/latest.json). */
export interface Row {
  /** Name of the section that produced it. */
  section: string;
  /** Stable key within the whole run, e.g. `http.plain-live`; baselines are referenced by it. */
  id: string;
  scenario: string;
  /** Unit of `value`: `req/s`, `tps`, `docs/s`, `MB/s`… */
  metric: string;
  value: number | null;
  p99Ms: number | null;
  /** True for rows other rows are compared with. */
  isBaseline: boolean;
  baselineId: string | null;
  baselineValue: number | null;
  ratio: number | null;
  targets: Targets;
  /** Transport errors (including timeouts) during the measurement. */
  errors: number;
  /** Responses outside 2xx (or failed transactions for pgbench). */
  non2xx: number;
  verdict: Verdict;
  /** Why a row failed or is n/a, and other remarks worth printing under the table. */
  notes: string[];
  /** Free-form raw numbers kept in the JSON output only. */
  details: Record<string, unknown>;
}

export interface BenchContext {
  /** Seconds per measurement (BENCH_DURATION, default 10). */
  durationSec: number;
  /** Seconds of discarded load before each measurement. */
  warmupSec: number;
  /** Concurrent connections (HTTP) or clients (pgbench). */
  connections: number;
  /** Node flags of the app's processes (package.json config.nodeFlags, or BENCH_APP_NODE_FLAGS). */
  appNodeFlags: readonly string[];
  /** Maintenance connection to the PostgreSQL server under test (from scripts/with-postgres.mjs). */
  databaseUrl: string;
  /** Repository root (where package.json lives). */
  repoRoot: string;
  /** Progress line on stderr. */
  log(message: string): void;
  /** Registers a clean-up step, run in reverse order at the end of the run, also on failure or Ctrl-C. */
  defer(label: string, step: () => Promise<void>): void;
  /** Creates an empty database dropped at the end of the run; returns its URL. `suffix`: [a-z0-9_]. */
  scratchDatabase(suffix: string): Promise<string>;
  /** The NestJS app in a child process on its own scratch database, started on first use and shared by sections. */
  app(): Promise<AppUnderTest>;
  /** Rows produced so far by earlier sections of this run (to compare against their baselines). */
  rows(): readonly Row[];
}

/** A group of measurements; add one by exporting it from a module and listing it in bench/sections.ts. */
export interface BenchSection {
  /** Selects the section on the command line: `npm run bench -- http`. */
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Row[]>;
}
