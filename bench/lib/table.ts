import { describeTargets, fmtMs, fmtNumber, pct } from './rows';
import type { Row } from './types';

const HEADERS = ['#', 'section', 'scenario', 'metric', 'value', 'p99 ms', 'baseline', 'ratio', 'target', 'err/non2xx', 'result'] as const;
const RIGHT_ALIGNED = new Set<string>(['#', 'value', 'p99 ms', 'baseline', 'ratio', 'err/non2xx']);

/** `#n` of the row with that id in the printed table. */
function rowRef(rows: readonly Row[], id: string | null): string | null {
  if (id === null) return null;
  const index = rows.findIndex((r) => r.id === id);
  return index >= 0 ? `#${index + 1}` : id;
}

function cells(rows: readonly Row[], row: Row, index: number): string[] {
  const ref = rowRef(rows, row.baselineId);
  return [
    String(index + 1),
    row.section,
    row.scenario,
    row.metric,
    row.value === null ? 'n/a' : fmtNumber(row.value),
    row.p99Ms === null ? 'n/a' : fmtMs(row.p99Ms),
    row.isBaseline ? '—' : row.baselineValue === null ? 'n/a' : `${ref} ${fmtNumber(row.baselineValue)}`,
    row.ratio === null ? '—' : pct(row.ratio),
    describeTargets(row, ref),
    `${row.errors}/${row.non2xx}`,
    row.verdict.toUpperCase(),
  ];
}

/** A Markdown-compatible table, followed by the notes of each row. */
export function renderTable(rows: readonly Row[]): string {
  const body = rows.map((row, i) => cells(rows, row, i));
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...body.map((line) => line[c].length)));
  const format = (line: readonly string[]) =>
    `| ${line.map((cell, c) => (RIGHT_ALIGNED.has(HEADERS[c]) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (RIGHT_ALIGNED.has(HEADERS[c]) ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  const lines = [format(HEADERS), rule, ...body.map(format)];
  const notes = rows.flatMap((row, i) => row.notes.map((note) => `  #${i + 1} ${row.scenario}: ${note}`));
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}
