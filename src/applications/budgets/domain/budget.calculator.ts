import { CallRules, CostCategory } from '../../../calls/domain/call-rules';
import {
  applyRate,
  Cents,
  compareRates,
  FULL_RATE,
  minCents,
  proportion,
  Rate,
  rateToBasisPoints,
  ratio,
  reduceRate,
  subtractRates,
  sum,
  ZERO_RATE,
} from '../../../core/money/money';
import {
  BudgetFinding,
  BudgetFindingCode,
  BudgetInput,
  BudgetLine,
  BudgetPartner,
  CategoryTotal,
  CostTotals,
  LineCost,
  PartnerSummary,
  BudgetSummary,
  StaffLine,
  YearContribution,
} from './budget.types';
import { formatEuro } from './finding';
import { flatRateIndirectCosts, staffCost, staffHoursLimit } from './staff-cost.rule';
import { FundingShare, matchingCofinancing, maxSubsidy, splitSubsidy } from './subsidy.rule';

export { matchingCofinancing, maxSubsidy, splitSubsidy } from './subsidy.rule';
export { flatRateIndirectCosts, staffCost, staffHoursLimit } from './staff-cost.rule';

/** A line that passed every check and is attributed to exactly one partner and one category. */
interface CountedLine {
  index: number;
  partner: number;
  category: number;
  /** Declared amount (staff: computed cost), VAT included when declared so. */
  gross: Cents;
  vat: Cents;
}

function error(code: BudgetFindingCode, message: string, field?: string): BudgetFinding {
  return field === undefined ? { code, message, severity: 'error' } : { code, message, severity: 'error', field };
}

function warning(code: BudgetFindingCode, message: string, field?: string): BudgetFinding {
  return field === undefined ? { code, message, severity: 'warning' } : { code, message, severity: 'warning', field };
}

const isNonNegativeCents = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

function isValidFte(fte: Rate): boolean {
  return (
    Number.isSafeInteger(fte.numerator) &&
    Number.isSafeInteger(fte.denominator) &&
    fte.numerator > 0 &&
    fte.denominator > 0 &&
    compareRates(fte, FULL_RATE) <= 0
  );
}

function percent(rate: Rate): string {
  const bp = rateToBasisPoints(rate);
  const fraction = bp % 100;
  return `${Math.floor(bp / 100)}${fraction === 0 ? '' : `,${String(fraction).padStart(2, '0')}`} %`;
}

/**
 * Budget and cofinancing of one application: eligible costs per partner, per category and in
 * total, the maximum and the used subsidy, its split over funding sources, the own
 * contribution, and every finding at once.
 *
 * A line with an unknown partner or category or with invalid values is reported and left out
 * of every total, so that partner totals, category totals and the grand total always
 * reconcile. Lines with too many hours stay counted: the error blocks submission anyway.
 *
 * @throws RangeError only for broken call data (annual working hours not positive, negative
 * cap) or amounts beyond the exact range of about € 90 billion; applicants' mistakes are findings.
 */
export function computeBudgetSummary(input: BudgetInput, rules: CallRules, capPerProject: Cents): BudgetSummary {
  const findings: BudgetFinding[] = [];
  const categories = rules.costCategories;

  const partnerIndex = indexPartners(input.partners, findings);
  checkDuplicateLineIds(input.lines, findings);

  const counted: CountedLine[] = [];
  input.lines.forEach((line, index) => {
    const placed = placeLine(line, index, partnerIndex, categories, rules, findings);
    if (placed) counted.push(placed);
  });
  checkStaffHours(input.lines, rules.annualWorkingHours, findings);

  const referenced = new Set(input.lines.map((l) => l.partnerId));
  input.partners.forEach((p, i) => {
    if (!referenced.has(p.id)) {
      findings.push(warning('PARTNER_WITHOUT_LINES', `Partner ${p.name} has no budget lines`, `partners[${i}]`));
    }
  });

  // Art. 64: whether VAT is eligible depends on the total cost with VAT, so tally with VAT
  // first and again without it when the operation reaches the threshold.
  const withVat = tally(counted, input.partners, rules, false);
  const totalCostIncludingVat = withVat.totals.eligibleCosts;
  const vatEligible = totalCostIncludingVat < rules.vatEligibilityThreshold;
  const { partners, totals } = vatEligible ? withVat : tally(counted, input.partners, rules, true);
  if (!vatEligible) reportIneligibleVat(input.lines, counted, totalCostIncludingVat, rules.vatEligibilityThreshold, findings);

  const eligible = totals.eligibleCosts;
  if (eligible === 0) findings.push(error('EMPTY_BUDGET', 'The budget has no eligible costs', 'lines'));

  const max = maxSubsidy(eligible, rules.maxRate, capPerProject);
  const requested = resolveRequest(input.requestedSubsidy, max, findings);
  const split = splitSubsidy(minCents(requested, max), eligible, rules.fundingSources);
  if (split.unplaced > 0) {
    findings.push(
      error(
        'FUNDING_SOURCES_INSUFFICIENT',
        `The funding sources of this call cannot pay ${formatEuro(split.unplaced)} of the subsidy; the subsidy is reduced by that amount`,
        'requestedSubsidy',
      ),
    );
  }
  // Money no source pays cannot be granted: keeping the subsidy equal to its shares.
  const subsidy = minCents(requested, max) - split.unplaced;
  const matching = matchingShare(subsidy, eligible, rules, findings);
  const ownContribution = eligible - subsidy - (matching?.amount ?? 0);
  checkOwnContribution(ownContribution, eligible, rules.minOwnContribution, findings);
  const contributionByYear = rules.yearlyContribution ? yearlyContributions(counted, input, rules, vatEligible, subsidy, findings) : [];

  const lines = input.lines.map((line): LineCost => ({ lineId: line.id, counted: false, directCost: 0, vatExcluded: 0 }));
  for (const c of counted) {
    const excluded = vatEligible ? 0 : c.vat;
    lines[c.index] = { lineId: input.lines[c.index].id, counted: true, directCost: c.gross - excluded, vatExcluded: excluded };
  }

  return {
    partners,
    totals,
    lines,
    totalCostIncludingVat,
    vatEligible,
    maxSubsidy: max,
    requestedSubsidy: requested,
    subsidy,
    fundingSources: split.shares,
    matchingCofinancing: matching,
    ownContribution,
    contributionByYear,
    effectiveRate: eligible === 0 ? ZERO_RATE : reduceRate(BigInt(subsidy), BigInt(eligible)),
    findings,
  };
}

function indexPartners(partners: readonly BudgetPartner[], findings: BudgetFinding[]): Map<string, number> {
  const index = new Map<string, number>();
  partners.forEach((p, i) => {
    if (index.has(p.id)) {
      findings.push(error('DUPLICATE_PARTNER_ID', `Partner id ${p.id} appears more than once`, `partners[${i}].id`));
    } else {
      index.set(p.id, i);
    }
  });
  return index;
}

function checkDuplicateLineIds(lines: readonly BudgetLine[], findings: BudgetFinding[]): void {
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (seen.has(line.id)) findings.push(error('DUPLICATE_LINE_ID', `Line id ${line.id} appears more than once`, `lines[${i}].id`));
    seen.add(line.id);
  });
}

/** Checks one line; returns it attributed to a partner and category, or null when it cannot count. */
function placeLine(
  line: BudgetLine,
  i: number,
  partnerIndex: ReadonlyMap<string, number>,
  categories: readonly CostCategory[],
  rules: CallRules,
  findings: BudgetFinding[],
): CountedLine | null {
  const at = (field: string) => `lines[${i}].${field}`;
  const before = findings.length;

  const partner = partnerIndex.get(line.partnerId);
  if (partner === undefined) {
    findings.push(error('UNKNOWN_PARTNER', `Line ${line.id} names partner ${line.partnerId}, which is not in the budget`, at('partnerId')));
  }

  const category = categories.findIndex((c) => c.code === line.category);
  if (category < 0) {
    findings.push(error('UNKNOWN_CATEGORY', `${line.category} is not a cost category of this call`, at('category')));
  } else if (categories[category].kind !== line.kind) {
    findings.push(
      error(
        'UNKNOWN_CATEGORY',
        `${line.category} is a ${categories[category].kind} category; a ${line.kind} line cannot use it`,
        at('category'),
      ),
    );
  }

  if (!Number.isSafeInteger(line.year)) findings.push(error('INVALID_LINE_VALUE', 'The year must be a whole number', at('year')));

  let gross = 0;
  let vat = 0;
  switch (line.kind) {
    case 'STAFF': {
      const fte = line.fte ?? FULL_RATE;
      let ok = true;
      if (!isNonNegativeCents(line.annualGrossCost)) {
        findings.push(error('INVALID_LINE_VALUE', 'The annual gross cost must be a non-negative whole number of cents', at('annualGrossCost')));
        ok = false;
      }
      if (!Number.isSafeInteger(line.hours) || line.hours < 0) {
        findings.push(error('INVALID_LINE_VALUE', 'Hours must be a non-negative whole number', at('hours')));
        ok = false;
      }
      if (!isValidFte(fte)) {
        findings.push(error('INVALID_LINE_VALUE', 'The part-time fraction must be above 0 and at most 1', at('fte')));
        ok = false;
      }
      if (ok) gross = staffCost(line.annualGrossCost, line.hours, rules.annualWorkingHours, fte);
      break;
    }
    case 'REAL': {
      if (!isNonNegativeCents(line.amount)) {
        findings.push(error('INVALID_LINE_VALUE', 'The amount must be a non-negative whole number of cents', at('amount')));
      } else if (!isNonNegativeCents(line.vatAmount) || line.vatAmount > line.amount) {
        findings.push(error('INVALID_LINE_VALUE', 'The VAT amount must be between 0 and the amount', at('vatAmount')));
      } else if (!line.vatIncluded && line.vatAmount !== 0) {
        // Ambiguous money: ask rather than guess which of the two fields is right.
        findings.push(error('INVALID_LINE_VALUE', 'A VAT amount is given but the amount is declared without VAT', at('vatAmount')));
      } else {
        gross = line.amount;
        vat = line.vatIncluded ? line.vatAmount : 0;
      }
      break;
    }
    default: {
      const unknown: { kind?: unknown } = line;
      findings.push(error('INVALID_LINE_VALUE', `Unknown line kind ${String(unknown.kind)}`, at('kind')));
    }
  }

  if (findings.length > before || partner === undefined) return null;
  return { index: i, partner, category, gross, vat };
}

/**
 * Art. 55: at most the pro-rata of the annual working hours per person per year. A line is
 * one person (partner + function); hours of several lines for the same person and year add
 * up and are held to the limit of the largest part-time fraction among them.
 */
function checkStaffHours(lines: readonly BudgetLine[], annualWorkingHours: number, findings: BudgetFinding[]): void {
  const groups = new Map<string, { index: number; line: StaffLine; fte: Rate }[]>();
  lines.forEach((line, index) => {
    if (line.kind !== 'STAFF') return;
    const fte = line.fte ?? FULL_RATE;
    if (!Number.isSafeInteger(line.hours) || line.hours < 0 || !isValidFte(fte)) return;
    const limit = staffHoursLimit(annualWorkingHours, fte);
    if (line.hours > limit) {
      findings.push(
        error(
          'HOURS_ABOVE_LIMIT',
          `${line.hours} hours in ${line.year} exceed the limit of ${limit} hours for ${line.function}`,
          `lines[${index}].hours`,
        ),
      );
    }
    const key = JSON.stringify([line.partnerId, line.year, line.function.trim().toLowerCase()]);
    const group = groups.get(key) ?? [];
    group.push({ index, line, fte });
    groups.set(key, group);
  });

  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const fte = group.map((g) => g.fte).reduce((a, b) => (compareRates(b, a) > 0 ? b : a));
    const limit = staffHoursLimit(annualWorkingHours, fte);
    let total = 0;
    for (const { index, line } of group) {
      total += line.hours;
      if (total > limit) {
        findings.push(
          error(
            'HOURS_ABOVE_LIMIT',
            `${line.function} has ${sum(group.map((g) => g.line.hours))} hours in ${line.year} over several lines, above the limit of ${limit} hours`,
            `lines[${index}].hours`,
          ),
        );
        break;
      }
    }
  }
}

interface Tally {
  partners: PartnerSummary[];
  totals: CostTotals;
}

/** Sums counted lines per partner and category; indirect costs per partner (art. 54). */
function tally(counted: readonly CountedLine[], partners: readonly BudgetPartner[], rules: CallRules, excludeVat: boolean): Tally {
  const categories = rules.costCategories;
  const direct = partners.map(() => categories.map((): Cents[] => []));
  const vatOut = partners.map(() => categories.map((): Cents[] => []));
  for (const line of counted) {
    const excluded = excludeVat ? line.vat : 0;
    direct[line.partner][line.category].push(line.gross - excluded);
    vatOut[line.partner][line.category].push(excluded);
  }

  const categoryTotals = (directByCategory: Cents[], vatByCategory: Cents[]): CategoryTotal[] =>
    categories.map((c, k) => ({ code: c.code, label: c.label, kind: c.kind, directCosts: directByCategory[k], vatExcluded: vatByCategory[k] }));
  const staffOf = (byCategory: CategoryTotal[]): Cents => sum(byCategory.filter((c) => c.kind === 'STAFF').map((c) => c.directCosts));

  const partnerSummaries = partners.map((p, i): PartnerSummary => {
    const byCategory = categoryTotals(direct[i].map(sum), vatOut[i].map(sum));
    const directCosts = sum(byCategory.map((c) => c.directCosts));
    const staffCosts = staffOf(byCategory);
    const indirectCosts = flatRateIndirectCosts(rules.indirectCosts, staffCosts, directCosts);
    return {
      partnerId: p.id,
      name: p.name,
      organisationType: p.organisationType,
      isLead: p.isLead,
      directCosts,
      staffCosts,
      indirectCosts,
      eligibleCosts: sum([directCosts, indirectCosts]),
      vatExcluded: sum(byCategory.map((c) => c.vatExcluded)),
      byCategory,
    };
  });

  // Totals add up the partners' figures: indirect costs are never recomputed on the total,
  // which would round differently from the sum of the partners.
  const byCategory = categoryTotals(
    categories.map((_, k) => sum(partnerSummaries.map((p) => p.byCategory[k].directCosts))),
    categories.map((_, k) => sum(partnerSummaries.map((p) => p.byCategory[k].vatExcluded))),
  );
  const totals: CostTotals = {
    directCosts: sum(partnerSummaries.map((p) => p.directCosts)),
    staffCosts: sum(partnerSummaries.map((p) => p.staffCosts)),
    indirectCosts: sum(partnerSummaries.map((p) => p.indirectCosts)),
    eligibleCosts: sum(partnerSummaries.map((p) => p.eligibleCosts)),
    vatExcluded: sum(partnerSummaries.map((p) => p.vatExcluded)),
    byCategory,
  };
  return { partners: partnerSummaries, totals };
}

function reportIneligibleVat(
  lines: readonly BudgetLine[],
  counted: readonly CountedLine[],
  totalCostIncludingVat: Cents,
  threshold: Cents,
  findings: BudgetFinding[],
): void {
  const reason = `the operation's total cost including VAT (${formatEuro(totalCostIncludingVat)}) is not below ${formatEuro(threshold)}`;
  const withVat = counted.filter((c) => c.vat > 0);
  if (withVat.length === 0) {
    findings.push(warning('VAT_NOT_ELIGIBLE', `VAT is not eligible: ${reason}`));
    return;
  }
  for (const c of withVat) {
    findings.push(
      error(
        'VAT_NOT_ELIGIBLE',
        `VAT of ${formatEuro(c.vat)} on line ${lines[c.index].id} is not eligible and is left out: ${reason}`,
        `lines[${c.index}].vatAmount`,
      ),
    );
  }
}

/** null asks the maximum; an invalid request is reported and treated as asking the maximum. */
function resolveRequest(requested: Cents | null, max: Cents, findings: BudgetFinding[]): Cents {
  if (requested === null) return max;
  if (!isNonNegativeCents(requested)) {
    findings.push(error('INVALID_REQUESTED_SUBSIDY', 'The requested subsidy must be a non-negative whole number of cents', 'requestedSubsidy'));
    return max;
  }
  if (requested > max) {
    findings.push(
      error(
        'REQUESTED_ABOVE_MAXIMUM',
        `The requested subsidy ${formatEuro(requested)} exceeds the maximum of ${formatEuro(max)}; the maximum is used`,
        'requestedSubsidy',
      ),
    );
  }
  return requested;
}

/**
 * The call's matching cofinancing: at least minRatio × the subsidy (Digital Europe: the member
 * state at least as much as the EU share). What eligible costs leave after the subsidy bounds
 * it; a shortfall is an error (the call validator keeps it from happening at the maximum rate,
 * but a request for more than the maximum rate's share cannot reach here either).
 */
function matchingShare(subsidy: Cents, eligible: Cents, rules: CallRules, findings: BudgetFinding[]): FundingShare | null {
  const rule = rules.matchingCofinancing;
  if (!rule) return null;
  const required = matchingCofinancing(subsidy, rule.minRatio);
  const room = eligible - subsidy;
  if (required > room) {
    findings.push(
      error(
        'MATCHING_COFINANCING_INSUFFICIENT',
        `${rule.name} must be at least ${formatEuro(required)}, but the eligible costs leave only ${formatEuro(room)} beside the contribution`,
        'requestedSubsidy',
      ),
    );
  }
  return { code: rule.code, name: rule.name, amount: minCents(required, room) };
}

/**
 * The subsidy spread over the budget years in proportion to each year's eligible costs
 * (rounded down per year, so the years never add up to more than the subsidy), each held to
 * the call's yearly band. Indirect costs are computed per partner and year, VAT left out as in
 * the totals.
 */
function yearlyContributions(
  counted: readonly CountedLine[],
  input: BudgetInput,
  rules: CallRules,
  vatEligible: boolean,
  subsidy: Cents,
  findings: BudgetFinding[],
): YearContribution[] {
  const band = rules.yearlyContribution!;
  const years = [...new Set(counted.map((c) => input.lines[c.index].year))].sort((a, b) => a - b);
  const eligibleByYear = years.map(
    (year) => tally(counted.filter((c) => input.lines[c.index].year === year), input.partners, rules, !vatEligible).totals.eligibleCosts,
  );
  const whole = sum(eligibleByYear);
  return years.map((year, i): YearContribution => {
    const contribution = proportion(subsidy, eligibleByYear[i], whole);
    if (contribution < band.min) {
      findings.push({
        ...error('CONTRIBUTION_BELOW_YEARLY_MINIMUM', `The contribution for ${year} (${formatEuro(contribution)}) is below the minimum of ${formatEuro(band.min)} per project year`, 'requestedSubsidy'),
        params: { year, contribution, limit: band.min },
      });
    } else if (contribution > band.max) {
      findings.push({
        ...error('CONTRIBUTION_ABOVE_YEARLY_MAXIMUM', `The contribution for ${year} (${formatEuro(contribution)}) is above the maximum of ${formatEuro(band.max)} per project year`, 'requestedSubsidy'),
        params: { year, contribution, limit: band.max },
      });
    }
    return { year, eligibleCosts: eligibleByYear[i], contribution };
  });
}

/** own ÷ eligible ≥ minimum, compared exactly by cross-multiplication (no rounded percentage). */
function checkOwnContribution(own: Cents, eligible: Cents, minimum: Rate, findings: BudgetFinding[]): void {
  if (eligible === 0 || compareRates(ratio(own, eligible), minimum) >= 0) return;
  // ⌈minimum × eligible⌉ without a second rounding function: eligible − ⌊(1 − minimum) × eligible⌋
  // (a minimum above 100 % is a broken call; the call validator refuses it).
  const amount =
    compareRates(minimum, FULL_RATE) <= 0
      ? ` (${formatEuro(eligible - applyRate(eligible, subtractRates(FULL_RATE, minimum)))})`
      : '';
  findings.push(
    error(
      'OWN_CONTRIBUTION_BELOW_MINIMUM',
      `The own contribution ${formatEuro(own)} is below the minimum of ${percent(minimum)} of eligible costs${amount}`,
      'requestedSubsidy',
    ),
  );
}
