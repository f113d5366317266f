import { staffHoursLimit } from '../../../applications/budgets/domain/staff-cost.rule';
import type { CostCategory, CostCategoryKind } from '../../../calls/domain/call-rules';
import type { FieldError } from '../../../core/errors/domain.error';
import { formatDateShort as formatDate } from '../../../core/format/nl-be';
import { Cents, compareRates, FULL_RATE, Rate } from '../../../core/money/money';
import { assertIsoDate, IsoDate, yearOf } from '../../../core/time/calendar-date';

/**
 * The rules a cost statement must meet before it goes to finance staff (domain brief, "Eligible
 * cost" and "Grants and reporting"). Every broken rule is listed, each on the line it concerns,
 * so the beneficiary can correct them all in one go.
 */
export interface SubmittedLine {
  /** Enterprise number of the partner that bore the cost. */
  partner: string;
  kind: CostCategoryKind;
  category: string;
  /** Date the invoice or salary was paid: it places the cost in a period and, for staff, in a year. */
  paymentDate: IsoDate;
  /** STAFF: person or function; hours of the same person add up per calendar year. */
  person: string | null;
  hours: number | null;
  /** STAFF: part-time fraction, 1/1 when null. */
  fte: Rate | null;
  amount: Cents;
}

/** Hours already declared for a person in other statements of the grant (rejected lines left out). */
export interface PriorStaffHours {
  partner: string;
  person: string;
  year: number;
  hours: number;
  fte: Rate | null;
}

export interface StatementSubmissionInput {
  lines: readonly SubmittedLine[];
  period: { startDate: IsoDate; endDate: IsoDate };
  grant: { startDate: IsoDate; endDate: IsoDate };
  /** Enterprise numbers of the consortium as approved. */
  partners: readonly string[];
  /** The call's cost categories: the only ones a line may use. */
  categories: readonly CostCategory[];
  /** CallRules.annualWorkingHours (CPR art. 55: 1.720). */
  annualWorkingHours: number;
  priorStaffHours: readonly PriorStaffHours[];
  /** Brussels calendar date of the submission. */
  today: IsoDate;
  /** A claim is complete with its progress report (the 80-day payment deadline counts from it). */
  progressReportSubmitted: boolean;
}

export type StatementProblemCode =
  | 'PERIOD_NOT_ENDED'
  | 'PROGRESS_REPORT_MISSING'
  | 'EMPTY_STATEMENT'
  | 'UNKNOWN_PARTNER'
  | 'CATEGORY_NOT_ALLOWED'
  | 'COST_OUTSIDE_GRANT'
  | 'COST_OUTSIDE_PERIOD'
  | 'HOURS_ABOVE_LIMIT';

function problem(field: string, code: StatementProblemCode, message: string): FieldError {
  return { field, code, message };
}

/** Lines and hours of the same person match however the name was typed. */
export function personKey(partner: string, person: string, year: number): string {
  return JSON.stringify([partner, person.trim().replace(/\s+/g, ' ').toLowerCase(), year]);
}

export function statementSubmissionProblems(input: StatementSubmissionInput): FieldError[] {
  const { period, grant } = input;
  for (const d of [period.startDate, period.endDate, grant.startDate, grant.endDate, input.today]) assertIsoDate(d);
  const out: FieldError[] = [];
  if (input.today <= period.endDate) {
    out.push(problem('period', 'PERIOD_NOT_ENDED', `The period runs until ${formatDate(period.endDate)}; submit its statement after that day`));
  }
  if (!input.progressReportSubmitted) {
    out.push(problem('progressReport', 'PROGRESS_REPORT_MISSING', 'Submit the progress report of this period first: a claim is complete with it'));
  }
  if (input.lines.length === 0) out.push(problem('lines', 'EMPTY_STATEMENT', 'The statement has no cost lines'));

  const partners = new Set(input.partners);
  input.lines.forEach((line, i) => {
    const at = (field: string) => `lines[${i}].${field}`;
    if (!partners.has(line.partner)) {
      out.push(problem(at('partner'), 'UNKNOWN_PARTNER', `${line.partner} is not a partner of the approved consortium`));
    }
    const category = input.categories.find((c) => c.code === line.category);
    if (!category) {
      out.push(problem(at('category'), 'CATEGORY_NOT_ALLOWED', `${line.category} is not a cost category of this call (${input.categories.map((c) => c.code).join(', ')})`));
    } else if (category.kind !== line.kind) {
      out.push(problem(at('category'), 'CATEGORY_NOT_ALLOWED', `${line.category} takes ${category.kind === 'STAFF' ? 'staff costs' : 'real costs'}, not a ${line.kind} line`));
    }
    assertIsoDate(line.paymentDate, at('paymentDate'));
    if (line.paymentDate < grant.startDate || line.paymentDate > grant.endDate) {
      out.push(
        problem(at('paymentDate'), 'COST_OUTSIDE_GRANT', `Paid on ${formatDate(line.paymentDate)}, outside the grant (${formatDate(grant.startDate)} – ${formatDate(grant.endDate)})`),
      );
    } else if (line.paymentDate < period.startDate || line.paymentDate > period.endDate) {
      out.push(
        problem(at('paymentDate'), 'COST_OUTSIDE_PERIOD', `Paid on ${formatDate(line.paymentDate)}, outside this period (${formatDate(period.startDate)} – ${formatDate(period.endDate)}); declare it in its own period`),
      );
    }
  });
  out.push(...hoursProblems(input));
  return out;
}

/**
 * CPR art. 55: at most the annual working hours per person per year, pro rata for part-time
 * staff. Hours of a person add up over the lines of this statement and the statements before it.
 */
function hoursProblems(input: StatementSubmissionInput): FieldError[] {
  const out: FieldError[] = [];
  interface Group {
    prior: number;
    fte: Rate;
    lines: { index: number; hours: number }[];
  }
  const larger = (a: Rate, b: Rate | null): Rate => (b !== null && compareRates(b, a) > 0 ? b : a);
  const groups = new Map<string, Group>();
  const group = (key: string): Group => {
    let g = groups.get(key);
    if (!g) {
      g = { prior: 0, fte: { numerator: 0, denominator: 1 }, lines: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const p of input.priorStaffHours) {
    const g = group(personKey(p.partner, p.person, p.year));
    g.prior += p.hours;
    g.fte = larger(g.fte, p.fte ?? FULL_RATE);
  }
  input.lines.forEach((line, index) => {
    if (line.kind !== 'STAFF' || line.person === null || line.hours === null) return;
    const fte = line.fte ?? FULL_RATE;
    const limit = staffHoursLimit(input.annualWorkingHours, fte);
    if (line.hours > limit) {
      out.push(problem(`lines[${index}].hours`, 'HOURS_ABOVE_LIMIT', `${line.hours} hours exceed the limit of ${limit} hours a year for ${line.person}`));
      return;
    }
    const g = group(personKey(line.partner, line.person, yearOf(line.paymentDate)));
    g.fte = larger(g.fte, fte);
    g.lines.push({ index, hours: line.hours });
  });
  for (const [key, g] of groups) {
    if (g.lines.length === 0) continue;
    const limit = staffHoursLimit(input.annualWorkingHours, g.fte);
    let total = g.prior;
    for (const { index, hours } of g.lines) {
      total += hours;
      if (total > limit) {
        const [, person, year] = JSON.parse(key) as [string, string, number];
        const earlier = g.prior > 0 ? ` (${g.prior} of them in earlier statements)` : '';
        out.push(problem(`lines[${index}].hours`, 'HOURS_ABOVE_LIMIT', `${person} reaches ${total} hours in ${year}${earlier}, above the limit of ${limit} hours a year`));
        break;
      }
    }
  }
  return out;
}
