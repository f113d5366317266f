import { applyRate, FULL_RATE, reduceRate, type Cents, type Rate } from '@shared/money/money';
import { centsToInput, parseEuro } from '../../../lib/format';
import { percentToRate, rateToPercent } from '../../../lib/rate-text';

/**
 * The budget table as the applicant edits it: one row per budget line, shown per partner ×
 * cost category and sorted by year. Cells hold the text as typed, so nothing the user typed
 * is lost while it is not (yet) a valid amount; `toBudgetLines` turns the rows into the
 * service's PutBudgetDto lines, or says which cell is wrong. Amounts are integer cents and
 * every division rounds down in one place (`applyRate` of the shared money module), mirroring
 * the service's staff-cost rule (src/applications/budgets/domain/staff-cost.rule.ts).
 */
export type LineKind = 'STAFF' | 'REAL';

export interface DraftLine {
  /** Identity in the browser only (the service replaces the whole budget on every save). */
  key: string;
  /** Enterprise number of the partner, 10 digits. */
  partner: string;
  kind: LineKind;
  category: string;
  year: string;
  /** STAFF: the function or person; REAL: what the cost is for. */
  text: string;
  /** STAFF: annual gross employment cost, euro text. */
  annualGrossCost: string;
  /** STAFF: whole hours in the year. */
  hours: string;
  /** STAFF: part-time percentage of a full-time job ('100', '50', '62,5'). */
  ftePercent: string;
  /** STAFF: the fraction as saved, kept while the percentage shown for it is unchanged (1/3 is not 33,33 %). */
  savedFte?: Rate;
  /** REAL: amount, euro text. */
  amount: string;
  vatIncluded: boolean;
  /** REAL: VAT part of the amount, euro text. */
  vatAmount: string;
  /** REAL: the partner can recover the VAT, so it is never eligible (CPR art. 64(1)(c)). */
  vatRecoverable: boolean;
  /** Added in this browser and not yet complete: its empty cells are not errors yet, it is only not saved. */
  fresh?: boolean;
}

/** What the service's PutBudgetDto takes per line (BudgetLineInput). */
export interface BudgetLineBody {
  partner: string;
  kind: LineKind;
  category: string;
  year: number;
  function?: string;
  annualGrossCost?: number;
  hours?: number;
  fte?: Rate;
  description?: string;
  amount?: number;
  /** Always sent: the generated client takes the DTO's default as required. */
  vatIncluded: boolean;
  vatAmount?: number;
  vatRecoverable?: boolean;
}

/** One line as the service returns it (BudgetLineDto). */
export interface SavedLine {
  partner: string;
  kind: LineKind;
  category: string;
  year: number;
  description: string;
  annualGrossCost?: number | null;
  hours?: number | null;
  fte?: Rate | null;
  amount?: number | null;
  vatIncluded: boolean;
  vatAmount: number;
  vatRecoverable?: boolean;
}

/** A cell that cannot be sent as typed, at the same field path the service uses (`lines[3].hours`). */
export interface CellProblem {
  field: string;
  code: 'required' | 'notAnAmount' | 'notWholeHours' | 'notAPercentage' | 'vatAboveAmount' | 'notAYear';
}

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `line-${Date.now().toString(36)}-${counter}`;
}

export function emptyLine(partner: string, kind: LineKind, category: string, year: number): DraftLine {
  return { key: newKey(), partner, kind, category, year: String(year), text: '', annualGrossCost: '', hours: '', ftePercent: '100', amount: '', vatIncluded: false, vatAmount: '', vatRecoverable: false, fresh: true };
}

/**
 * The problems to show now: a row being filled in for the first time shows no "required" yet
 * (GOV.UK: no error before the user could have finished); everything else shows at once.
 * `all` (an explicit save) shows every problem.
 */
export function visibleProblems(rows: readonly DraftLine[], problems: readonly CellProblem[], all = false): CellProblem[] {
  if (all) return [...problems];
  return problems.filter((p) => {
    const match = /^lines\[(\d+)\]/.exec(p.field);
    return !(p.code === 'required' && match && rows[Number(match[1])]?.fresh);
  });
}

/** Rows with no problem left are no longer fresh: from now on an emptied cell is an error. */
export function settleFresh(rows: readonly DraftLine[], problems: readonly CellProblem[]): DraftLine[] | null {
  const withProblems = new Set(problems.map((p) => Number(/^lines\[(\d+)\]/.exec(p.field)?.[1] ?? -1)));
  let changed = false;
  const out = rows.map((row, i) => {
    if (!row.fresh || withProblems.has(i)) return row;
    changed = true;
    return { ...row, fresh: false };
  });
  return changed ? out : null;
}

export { percentToRate, rateToPercent };

export function fromSavedLines(lines: readonly SavedLine[]): DraftLine[] {
  return lines.map((l) => ({
    key: newKey(),
    partner: l.partner,
    kind: l.kind,
    category: l.category,
    year: String(l.year),
    text: l.description,
    annualGrossCost: l.kind === 'STAFF' && l.annualGrossCost != null ? centsToInput(l.annualGrossCost) : '',
    hours: l.kind === 'STAFF' && l.hours != null ? String(l.hours) : '',
    ftePercent: l.kind === 'STAFF' ? rateToPercent(l.fte) : '100',
    ...(l.kind === 'STAFF' && l.fte ? { savedFte: l.fte } : {}),
    amount: l.kind === 'REAL' && l.amount != null ? centsToInput(l.amount) : '',
    vatIncluded: l.kind === 'REAL' && l.vatIncluded,
    vatAmount: l.kind === 'REAL' && l.vatAmount ? centsToInput(l.vatAmount) : '',
    vatRecoverable: l.kind === 'REAL' && l.vatRecoverable === true,
  }));
}

function wholeHours(text: string): number | null {
  return /^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null;
}

/** The row's part-time fraction: the saved one while its percentage is unchanged, else as typed. */
export function rowFte(row: DraftLine): Rate | null {
  if (row.savedFte && rateToPercent(row.savedFte) === row.ftePercent.trim()) return row.savedFte;
  return percentToRate(row.ftePercent);
}

/** The rows as the service's lines, in the same order (so `lines[i]` findings point back at row i), or the cells to fix. */
export function toBudgetLines(rows: readonly DraftLine[]): { lines: BudgetLineBody[]; problems: CellProblem[] } {
  const lines: BudgetLineBody[] = [];
  const problems: CellProblem[] = [];
  rows.forEach((row, i) => {
    const at = (name: string) => `lines[${i}].${name}`;
    const year = /^\d{4}$/.test(row.year) ? Number(row.year) : null;
    if (year === null) problems.push({ field: at('year'), code: 'notAYear' });
    if (row.text.trim() === '') problems.push({ field: at(row.kind === 'STAFF' ? 'function' : 'description'), code: 'required' });
    if (row.kind === 'STAFF') {
      const annualGrossCost = row.annualGrossCost.trim() === '' ? null : parseEuro(row.annualGrossCost);
      const hours = wholeHours(row.hours);
      const fte = rowFte(row);
      if (row.annualGrossCost.trim() === '') problems.push({ field: at('annualGrossCost'), code: 'required' });
      else if (annualGrossCost === null || annualGrossCost < 0) problems.push({ field: at('annualGrossCost'), code: 'notAnAmount' });
      if (hours === null) problems.push({ field: at('hours'), code: row.hours.trim() === '' ? 'required' : 'notWholeHours' });
      if (fte === null) problems.push({ field: at('fte'), code: 'notAPercentage' });
      if (year !== null && annualGrossCost !== null && annualGrossCost >= 0 && hours !== null && fte !== null) {
        lines.push({ partner: row.partner, kind: 'STAFF', category: row.category, year, function: row.text.trim(), annualGrossCost, hours, fte, vatIncluded: false });
      }
    } else {
      const amount = row.amount.trim() === '' ? null : parseEuro(row.amount);
      const vat = row.vatIncluded && row.vatAmount.trim() !== '' ? parseEuro(row.vatAmount) : 0;
      if (row.amount.trim() === '') problems.push({ field: at('amount'), code: 'required' });
      else if (amount === null || amount < 0) problems.push({ field: at('amount'), code: 'notAnAmount' });
      if (vat === null || vat < 0) problems.push({ field: at('vatAmount'), code: 'notAnAmount' });
      else if (amount !== null && vat > amount) problems.push({ field: at('vatAmount'), code: 'vatAboveAmount' });
      if (year !== null && amount !== null && amount >= 0 && vat !== null && vat >= 0 && vat <= amount) {
        lines.push({ partner: row.partner, kind: 'REAL', category: row.category, year, description: row.text.trim(), amount, vatIncluded: row.vatIncluded, vatAmount: vat, ...(row.vatIncluded && row.vatRecoverable ? { vatRecoverable: true } : {}) });
      }
    }
  });
  return { lines: problems.length ? [] : lines, problems };
}

// ---------------------------------------------------------------------------------------
// Staff-cost helper (CPR 2021/1060 art. 55), mirroring src/applications/budgets/domain/staff-cost.rule.ts
// ---------------------------------------------------------------------------------------

/** Hours one person may declare in a year: ⌊annual working hours × FTE⌋ (1.720 × FTE). */
export function staffHoursLimit(annualWorkingHours: number, fte: Rate = FULL_RATE): number {
  return applyRate(annualWorkingHours, fte);
}

/** ⌊annual gross cost × hours ÷ (annual working hours × FTE)⌋ in one step; the hourly rate is never rounded first. */
export function staffCost(annualGrossCost: Cents, hours: number, annualWorkingHours: number, fte: Rate = FULL_RATE): Cents {
  return applyRate(annualGrossCost, reduceRate(BigInt(hours) * BigInt(fte.denominator), BigInt(annualWorkingHours) * BigInt(fte.numerator)));
}

/** The hourly rate, for display only: ⌊annual gross cost ÷ (annual working hours × FTE)⌋. */
export function hourlyRate(annualGrossCost: Cents, annualWorkingHours: number, fte: Rate = FULL_RATE): Cents {
  return staffCost(annualGrossCost, 1, annualWorkingHours, fte);
}

export interface StaffHelper {
  hourlyRate: Cents | null;
  limit: number | null;
  cost: Cents | null;
  aboveLimit: boolean;
}

/** What the helper shows beside a staff row as it is typed (nulls while a cell is not a number yet). */
export function staffHelper(row: DraftLine, annualWorkingHours: number): StaffHelper {
  const annual = parseEuro(row.annualGrossCost);
  const hours = wholeHours(row.hours);
  const fte = rowFte(row);
  const limit = fte ? staffHoursLimit(annualWorkingHours, fte) : null;
  const valid = annual !== null && annual >= 0 && fte !== null;
  return {
    hourlyRate: valid ? hourlyRate(annual, annualWorkingHours, fte) : null,
    limit,
    cost: valid && hours !== null ? staffCost(annual, hours, annualWorkingHours, fte) : null,
    aboveLimit: limit !== null && hours !== null && hours > limit,
  };
}

/** The direct cost of one row as typed (REAL: the amount as declared), or null while it is incomplete. */
export function rowCost(row: DraftLine, annualWorkingHours: number): Cents | null {
  if (row.kind === 'STAFF') return staffHelper(row, annualWorkingHours).cost;
  const amount = parseEuro(row.amount);
  return amount !== null && amount >= 0 ? amount : null;
}

// ---------------------------------------------------------------------------------------
// Grouping: partner × cost category, rows by year
// ---------------------------------------------------------------------------------------

export interface TablePartner {
  enterpriseNumber: string;
  name: string;
}

export interface TableCategory {
  code: string;
  label: string;
  kind: LineKind;
}

export interface RowRef {
  row: DraftLine;
  /** Position in the budget as sent, the `i` of `lines[i]`. */
  index: number;
}

export interface CategoryGroup {
  category: TableCategory;
  rows: RowRef[];
  /** Sum of the rows that are complete, cents. */
  total: Cents;
}

export interface PartnerGroup {
  partner: TablePartner;
  categories: CategoryGroup[];
  total: Cents;
}

/**
 * The rows per partner (consortium order) and cost category (call order), each group sorted
 * by year and then by entry order. Rows of a partner or category that no longer exists are
 * returned in `orphans`, so they are shown (and can be removed) rather than silently dropped.
 */
export function groupRows(
  rows: readonly DraftLine[],
  partners: readonly TablePartner[],
  categories: readonly TableCategory[],
  annualWorkingHours: number,
): { partners: PartnerGroup[]; orphans: RowRef[] } {
  const byKey = new Map<string, RowRef[]>();
  const orphans: RowRef[] = [];
  const partnerSet = new Set(partners.map((p) => p.enterpriseNumber));
  const categorySet = new Set(categories.map((c) => c.code));
  rows.forEach((row, index) => {
    if (!partnerSet.has(row.partner) || !categorySet.has(row.category)) {
      orphans.push({ row, index });
      return;
    }
    const k = `${row.partner}|${row.category}`;
    const list = byKey.get(k) ?? [];
    list.push({ row, index });
    byKey.set(k, list);
  });
  const out = partners.map((partner) => {
    const groups = categories.map((category) => {
      const refs = [...(byKey.get(`${partner.enterpriseNumber}|${category.code}`) ?? [])].sort((a, b) => a.row.year.localeCompare(b.row.year) || a.index - b.index);
      return { category, rows: refs, total: sumCosts(refs, annualWorkingHours) };
    });
    return { partner, categories: groups, total: groups.reduce((s, g) => s + g.total, 0) };
  });
  return { partners: out, orphans };
}

function sumCosts(refs: readonly RowRef[], annualWorkingHours: number): Cents {
  let total = 0;
  for (const { row } of refs) total += rowCost(row, annualWorkingHours) ?? 0;
  return total;
}

/**
 * The calendar years a project spans: from its start date for `durationMonths` months
 * (2021-03-01 and 24 months: 2021, 2022, 2023), plus any year rows already use.
 */
export function projectYears(startDate: string | null | undefined, durationMonths: number, fallbackYear: number, used: readonly string[] = []): number[] {
  const years = new Set<number>();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate ?? '');
  if (match) {
    const start = Number(match[1]);
    const lastMonthIndex = Number(match[2]) - 1 + durationMonths - (Number(match[3]) === 1 ? 1 : 0);
    const end = start + Math.floor(lastMonthIndex / 12);
    for (let y = start; y <= end; y++) years.add(y);
  } else {
    for (let y = fallbackYear; y < fallbackYear + Math.max(1, Math.ceil(durationMonths / 12)); y++) years.add(y);
  }
  for (const y of used) if (/^\d{4}$/.test(y)) years.add(Number(y));
  return [...years].sort((a, b) => a - b);
}
