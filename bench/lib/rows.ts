import type { Row, Targets, Verdict } from './types';

/** What a single measurement yields, whatever tool took it. */
export interface Measurement {
  value: number | null;
  p99Ms: number | null;
  errors: number;
  non2xx: number;
  notes?: string[];
  details?: Record<string, unknown>;
}

export interface RowSpec {
  section: string;
  id: string;
  scenario: string;
  metric: string;
}

function hasErrors(m: Measurement): string[] {
  const notes: string[] = [];
  if (m.errors > 0) notes.push(`${m.errors} transport error(s)/timeout(s)`);
  if (m.non2xx > 0) notes.push(`${m.non2xx} non-2xx response(s) / failed transaction(s)`);
  return notes;
}

/** A reference row: it passes when it was measured without errors. */
export function baselineRow(spec: RowSpec, m: Measurement): Row {
  const errorNotes = hasErrors(m);
  const notes = [...(m.notes ?? []), ...errorNotes];
  const verdict: Verdict = errorNotes.length > 0 ? 'fail' : m.value === null ? 'n/a' : 'pass';
  return {
    ...spec,
    value: m.value,
    p99Ms: m.p99Ms,
    isBaseline: true,
    baselineId: null,
    baselineValue: null,
    ratio: null,
    targets: {},
    errors: m.errors,
    non2xx: m.non2xx,
    verdict,
    notes,
    details: m.details ?? {},
  };
}

/**
 * A row judged on `targets`: fails on any error or missed target, `n/a` when a target cannot be
 * evaluated (no value, or a ratio target without a measured baseline), else passes.
 */
export function targetRow(spec: RowSpec, m: Measurement, targets: Targets, baseline?: Row | null): Row {
  const notes = [...(m.notes ?? [])];
  const baselineValue = baseline?.value ?? null;
  const ratio = m.value !== null && baselineValue !== null && baselineValue > 0 ? m.value / baselineValue : null;
  const checks: (boolean | undefined)[] = [];

  const errorNotes = hasErrors(m);
  checks.push(errorNotes.length === 0);
  notes.push(...errorNotes);

  if (targets.minRatio !== undefined) {
    if (ratio === null) {
      checks.push(undefined);
      notes.push(baseline ? `baseline ${baseline.id} has no value: ratio not evaluated` : 'no baseline: ratio not evaluated');
    } else {
      const ok = ratio >= targets.minRatio;
      checks.push(ok);
      if (!ok) notes.push(`ratio ${pct(ratio)} below target ${pct(targets.minRatio)}`);
    }
  }
  if (targets.minValue !== undefined) {
    if (m.value === null) checks.push(undefined);
    else {
      const ok = m.value >= targets.minValue;
      checks.push(ok);
      if (!ok) notes.push(`${fmtNumber(m.value)} ${spec.metric} below target ${fmtNumber(targets.minValue)}`);
    }
  }
  if (targets.maxValue !== undefined) {
    if (m.value === null) checks.push(undefined);
    else {
      const ok = m.value <= targets.maxValue;
      checks.push(ok);
      if (!ok) notes.push(`${fmtNumber(m.value)} ${spec.metric} above target ${fmtNumber(targets.maxValue)}`);
    }
  }
  if (targets.maxP99Ms !== undefined) {
    if (m.p99Ms === null) checks.push(undefined);
    else {
      const ok = m.p99Ms <= targets.maxP99Ms;
      checks.push(ok);
      if (!ok) notes.push(`p99 ${fmtMs(m.p99Ms)} ms above target ${targets.maxP99Ms} ms`);
    }
  }
  if (m.value === null) checks.push(undefined);

  const verdict: Verdict = checks.includes(false) ? 'fail' : checks.includes(undefined) ? 'n/a' : 'pass';
  return {
    ...spec,
    value: m.value,
    p99Ms: m.p99Ms,
    isBaseline: false,
    baselineId: baseline?.id ?? null,
    baselineValue,
    ratio,
    targets,
    errors: m.errors,
    non2xx: m.non2xx,
    verdict,
    notes,
    details: m.details ?? {},
  };
}

/** A row for a section or measurement that threw: always a failure. */
export function failedRow(spec: RowSpec, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...spec,
    value: null,
    p99Ms: null,
    isBaseline: false,
    baselineId: null,
    baselineValue: null,
    ratio: null,
    targets: {},
    errors: 0,
    non2xx: 0,
    verdict: 'fail',
    notes: [message.split('\n')[0]],
    details: { error: message },
  };
}

/** Human-readable targets; `baselineRef` names the baseline (`#1` in the table, its id in JSON). */
export function describeTargets(row: Row, baselineRef: string | null): string {
  if (row.isBaseline) return 'baseline';
  const parts: string[] = [];
  const t = row.targets;
  if (t.minRatio !== undefined) parts.push(`≥ ${pct(t.minRatio)} of ${baselineRef ?? '?'}`);
  if (t.minValue !== undefined) parts.push(`≥ ${fmtNumber(t.minValue)} ${row.metric}`);
  if (t.maxValue !== undefined) parts.push(`≤ ${fmtNumber(t.maxValue)} ${row.metric}`);
  if (t.maxP99Ms !== undefined) parts.push(`p99 ≤ ${t.maxP99Ms} ms`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

export function pct(ratio: number): string {
  const value = ratio * 100;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`;
}

export function fmtNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function fmtMs(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * Runs one measurement and returns its row, or a failed row (message logged) when it throws, so
 * one broken scenario does not discard the other rows of its section.
 */
export async function attempt(spec: RowSpec, log: (message: string) => void, measure: () => Promise<Row>): Promise<Row> {
  try {
    return await measure();
  } catch (error) {
    log(`${spec.scenario}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return failedRow(spec, error);
  }
}
