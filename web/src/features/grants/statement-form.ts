import { staffCost, staffHoursLimit } from '@server/applications/budgets/domain/staff-cost.rule';
import { splitVat, type VatSplit } from '@server/applications/budgets/domain/vat.rule';
import { FULL_RATE, type Cents, type Rate } from '@shared/money/money';
import type { Schemas } from '../../lib/api/client';
import { centsToInput, formatDateShort, parseEuro } from '../../lib/format';
import { percentToRate, rateToPercent } from '../../lib/rate-text';

/**
 * The cost statement as the beneficiary fills it in: one draft per line, holding the text as
 * typed (nothing typed is lost while it is not a valid amount yet). `toStatementLines` turns the
 * drafts into the service's PutCostStatementDto lines in the same order, so a finding at
 * `lines[i]` points back at draft i, or lists the cells to fix first. Staff amounts and the
 * flat-rate indirect costs are computed, never typed: the staff helper uses the service's own
 * rule (src/budgets/domain/staff-cost.rule.ts), hourly rate = annual gross cost ÷ 1.720.
 */
export type LineKind = 'STAFF' | 'REAL';
export type CostLineInput = Schemas['CostLineInput'];
export type CostLine = Schemas['CostLineDto'];

export interface DraftCostLine {
  /** Identity in the browser. */
  key: string;
  /** The saved line's id, sent back so its review is kept while nothing declared changes. */
  id?: string;
  partner: string;
  category: string;
  kind: LineKind;
  description: string;
  reference: string;
  /** As typed: 15/04/2021 (or 2021-04-15). */
  paymentDate: string;
  /** STAFF */
  person: string;
  hours: string;
  annualGrossCost: string;
  ftePercent: string;
  savedFte?: Rate;
  /** REAL: as invoiced, VAT included. */
  amount: string;
  /** REAL: the VAT part of the amount, as typed ('' is none). */
  vatAmount: string;
  vatRecoverable: boolean;
  /** The answer to finance's question on this line. */
  answer: string;
  /** Added in this browser and not yet complete: its empty cells are not errors yet. */
  fresh?: boolean;
}

export interface CellProblem {
  field: string;
  code: 'required' | 'notAnAmount' | 'notWholeHours' | 'notAPercentage' | 'notADate' | 'vatAboveAmount';
}

let counter = 0;
function newKey(): string {
  counter += 1;
  return `cost-line-${counter}`;
}

export function emptyCostLine(partner: string, category: string, kind: LineKind): DraftCostLine {
  return { key: newKey(), partner, category, kind, description: '', reference: '', paymentDate: '', person: '', hours: '', annualGrossCost: '', ftePercent: '100', amount: '', vatAmount: '', vatRecoverable: false, answer: '', fresh: true };
}

export function fromCostLines(lines: readonly CostLine[]): DraftCostLine[] {
  return lines.map((l) => ({
    key: newKey(),
    id: l.id,
    partner: l.partner,
    category: l.category,
    kind: l.kind,
    description: l.description,
    reference: l.reference,
    paymentDate: formatDateShort(l.paymentDate),
    person: l.person ?? '',
    hours: l.hours != null ? String(l.hours) : '',
    annualGrossCost: l.annualGrossCost != null ? centsToInput(l.annualGrossCost) : '',
    ftePercent: rateToPercent(l.fte),
    ...(l.fte ? { savedFte: l.fte } : {}),
    amount: l.kind === 'REAL' ? centsToInput(l.amount) : '',
    vatAmount: l.kind === 'REAL' && l.vatAmount > 0 ? centsToInput(l.vatAmount) : '',
    vatRecoverable: l.kind === 'REAL' && l.vatRecoverable,
    answer: l.question?.answer ?? '',
  }));
}

function wholeHours(text: string): number | null {
  return /^\s*\d{1,4}\s*$/.test(text) ? Number(text) : null;
}

/** A date as typed, '15/04/2021', '5-4-2021' or '2021-04-15', as yyyy-mm-dd; null when it is no date that exists. */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The part-time fraction: the saved one while its percentage is unchanged (1/3 is not 33,33 %), else as typed. */
export function lineFte(line: Pick<DraftCostLine, 'ftePercent' | 'savedFte'>): Rate | null {
  if (line.savedFte && rateToPercent(line.savedFte) === line.ftePercent.trim()) return line.savedFte;
  return percentToRate(line.ftePercent);
}

export interface StaffHelper {
  /** ⌊annual gross cost ÷ (1.720 × FTE)⌋, shown only: the line's amount is computed in one step. */
  hourlyRate: Cents | null;
  /** Hours a person may declare in a year: ⌊1.720 × FTE⌋. */
  limit: number | null;
  cost: Cents | null;
  aboveLimit: boolean;
}

/** What the 1.720-hour helper shows beside a staff line as it is typed (nulls while a cell is not a number yet). */
export function staffHelper(line: Pick<DraftCostLine, 'annualGrossCost' | 'hours' | 'ftePercent' | 'savedFte'>, annualWorkingHours: number): StaffHelper {
  const annual = parseEuro(line.annualGrossCost);
  const hours = wholeHours(line.hours);
  const fte = lineFte(line);
  const limit = fte ? staffHoursLimit(annualWorkingHours, fte) : null;
  const valid = annual !== null && annual >= 0 && fte !== null;
  return {
    hourlyRate: valid ? staffCost(annual, 1, annualWorkingHours, fte) : null,
    limit,
    cost: valid && hours !== null ? staffCost(annual, hours, annualWorkingHours, fte) : null,
    aboveLimit: limit !== null && hours !== null && hours > limit,
  };
}

/** A line's declared amount as typed, or null while incomplete. */
export function lineAmount(line: DraftCostLine, annualWorkingHours: number): Cents | null {
  if (line.kind === 'STAFF') return staffHelper(line, annualWorkingHours).cost;
  const amount = parseEuro(line.amount);
  return amount !== null && amount >= 0 ? amount : null;
}

/**
 * What of a line as typed is eligible, by the service's VAT rule (`splitVat`): recoverable VAT,
 * and all VAT when the operation allows none, is left out. Null while the amounts are incomplete.
 */
export function lineEligibility(line: DraftCostLine, annualWorkingHours: number, vatAllowed: boolean): { eligible: Cents; vat: VatSplit } | null {
  const amount = lineAmount(line, annualWorkingHours);
  if (amount === null) return null;
  const vat = line.kind === 'REAL' && line.vatAmount.trim() !== '' ? parseEuro(line.vatAmount) : 0;
  if (vat === null || vat < 0 || vat > amount) return null;
  const split = splitVat(vat, line.vatRecoverable, vatAllowed);
  return { eligible: amount - split.excluded, vat: split };
}

/** The drafts as the service's lines, in the same order, or the cells to fix (each at the service's field path). */
export function toStatementLines(rows: readonly DraftCostLine[]): { lines: CostLineInput[]; problems: CellProblem[] } {
  const lines: CostLineInput[] = [];
  const problems: CellProblem[] = [];
  rows.forEach((row, i) => {
    const at = (name: string) => `lines[${i}].${name}`;
    const before = problems.length;
    const required = (name: keyof DraftCostLine, field = name) => {
      if (String(row[name] ?? '').trim() === '') problems.push({ field: at(field), code: 'required' });
    };
    required('description');
    required('reference');
    if (row.paymentDate.trim() === '') problems.push({ field: at('paymentDate'), code: 'required' });
    else if (parseDate(row.paymentDate) === null) problems.push({ field: at('paymentDate'), code: 'notADate' });
    const common = {
      ...(row.id ? { id: row.id } : {}),
      partner: row.partner,
      kind: row.kind,
      category: row.category,
      description: row.description.trim(),
      reference: row.reference.trim(),
      paymentDate: parseDate(row.paymentDate) ?? '',
      ...(row.answer.trim() ? { answer: row.answer.trim() } : {}),
    };
    if (row.kind === 'STAFF') {
      required('person');
      const annual = row.annualGrossCost.trim() === '' ? null : parseEuro(row.annualGrossCost);
      const hours = wholeHours(row.hours);
      const fte = lineFte(row);
      if (row.annualGrossCost.trim() === '') problems.push({ field: at('annualGrossCost'), code: 'required' });
      else if (annual === null || annual < 0) problems.push({ field: at('annualGrossCost'), code: 'notAnAmount' });
      if (hours === null) problems.push({ field: at('hours'), code: row.hours.trim() === '' ? 'required' : 'notWholeHours' });
      if (fte === null) problems.push({ field: at('fte'), code: 'notAPercentage' });
      if (problems.length === before && annual !== null && hours !== null && fte !== null) {
        const sameAsFull = fte.numerator === FULL_RATE.numerator && fte.denominator === FULL_RATE.denominator;
        lines.push({ ...common, person: row.person.trim(), hours, annualGrossCost: annual, ...(sameAsFull ? {} : { fte }) });
      }
    } else {
      const amount = row.amount.trim() === '' ? null : parseEuro(row.amount);
      if (row.amount.trim() === '') problems.push({ field: at('amount'), code: 'required' });
      else if (amount === null || amount < 0) problems.push({ field: at('amount'), code: 'notAnAmount' });
      const vat = row.vatAmount.trim() === '' ? 0 : parseEuro(row.vatAmount);
      if (vat === null || vat < 0) problems.push({ field: at('vatAmount'), code: 'notAnAmount' });
      else if (amount !== null && vat > amount) problems.push({ field: at('vatAmount'), code: 'vatAboveAmount' });
      if (problems.length === before && amount !== null && vat !== null) {
        lines.push({ ...common, amount, ...(vat > 0 ? { vatAmount: vat, ...(row.vatRecoverable ? { vatRecoverable: true } : {}) } : {}) });
      }
    }
  });
  return { lines: problems.length ? [] : lines, problems };
}

/** The problems to show now: a line being filled in for the first time shows no "required" yet; `all` (a save) shows every one. */
export function visibleProblems(rows: readonly DraftCostLine[], problems: readonly CellProblem[], all = false): CellProblem[] {
  if (all) return [...problems];
  return problems.filter((p) => {
    const match = /^lines\[(\d+)\]/.exec(p.field);
    return !(p.code === 'required' && match && rows[Number(match[1])]?.fresh);
  });
}

// ---------------------------------------------------------------------------------------
// Grouping: partner (consortium order) × cost category (call order)
// ---------------------------------------------------------------------------------------

export interface StatementPartner {
  enterpriseNumber: string;
  name: string;
}

export interface StatementCategory {
  code: string;
  label: string;
  kind: LineKind;
}

export interface Grouped<T> {
  partners: { partner: StatementPartner; categories: { category: StatementCategory; items: { item: T; index: number }[] }[] }[];
  /** Lines of a partner or category the grant does not know: shown, never dropped. */
  orphans: { item: T; index: number }[];
}

/** Lines (drafts or saved) per partner and cost category, each group in entry order; `index` is the line's place in the statement. */
export function groupByPartnerAndCategory<T extends { partner: string; category: string }>(
  items: readonly T[],
  partners: readonly StatementPartner[],
  categories: readonly StatementCategory[],
): Grouped<T> {
  const digits = (n: string) => n.replace(/\D/g, '');
  const known = new Set(partners.map((p) => `${digits(p.enterpriseNumber)}|`));
  const codes = new Set(categories.map((c) => c.code));
  const orphans: { item: T; index: number }[] = [];
  const byKey = new Map<string, { item: T; index: number }[]>();
  items.forEach((item, index) => {
    const partner = digits(item.partner);
    if (!known.has(`${partner}|`) || !codes.has(item.category)) {
      orphans.push({ item, index });
      return;
    }
    const key = `${partner}|${item.category}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { item, index }]);
  });
  return {
    partners: partners.map((partner) => ({
      partner,
      categories: categories.map((category) => ({ category, items: byKey.get(`${digits(partner.enterpriseNumber)}|${category.code}`) ?? [] })),
    })),
    orphans,
  };
}

// ---------------------------------------------------------------------------------------
// The reporting calendar: what is still missing for a period
// ---------------------------------------------------------------------------------------

export type Period = Schemas['PeriodDto'];
export type Missing = { what: 'progressReport' | 'costStatement'; state: 'notStarted' | 'draft' | 'returned' };

/** What the beneficiary still has to hand in for a period: the progress report and (except for the final report) the cost statement. */
export function missingForPeriod(period: Pick<Period, 'kind' | 'progressReport' | 'costStatement'>): Missing[] {
  const out: Missing[] = [];
  const stateOf = (status: string | undefined): Missing['state'] | null => {
    if (status === undefined) return 'notStarted';
    if (status === 'DRAFT') return 'draft';
    if (status === 'RETURNED') return 'returned';
    return null;
  };
  const report = stateOf(period.progressReport?.status);
  if (report) out.push({ what: 'progressReport', state: report });
  if (period.kind === 'PERIOD') {
    const statement = stateOf(period.costStatement?.status);
    if (statement) out.push({ what: 'costStatement', state: statement });
  }
  return out;
}
