import { OrganisationType } from '../../core/domain/organisation-type';
import { Cents, Rate } from '../../core/money/money';

/**
 * Every rule of a call, stored as data with the call (domain brief, "Calls"). Amounts are
 * cents, rates exact fractions. Nothing here is a constant in code: the defaults below are
 * only what a new call starts from.
 */
export interface FundingSource {
  /** e.g. EFRO, VLAANDEREN */
  code: string;
  name: string;
  /** Maximum share of eligible cost; null for the source that takes the rest of the subsidy. */
  maxRate: Rate | null;
}

export type CostCategoryKind = 'STAFF' | 'REAL';

export interface CostCategory {
  /** e.g. STAFF, OPERATING, EXTERNAL_SERVICES, INVESTMENTS */
  code: string;
  label: string;
  kind: CostCategoryKind;
}

export type IndirectCostBasis = 'DIRECT_STAFF' | 'DIRECT_COSTS';

export interface IndirectCostRule {
  /** CPR 2021/1060 art. 54(b): 15 % of direct staff costs; art. 54(a): 7 % of direct costs. */
  rate: Rate;
  basis: IndirectCostBasis;
}

export interface ConsortiumRules {
  minPartners: number;
  maxPartners: number;
  /**
   * Each group lists organisation types; the consortium needs at least one partner of one of
   * the types of every group (labs: research or knowledge institution, and a business network).
   */
  requiredTypeGroups: OrganisationType[][];
}

export interface EvaluationCriterion {
  code: string;
  title: string;
  /** Counts for ranking only. */
  weight: number;
  /** Scores run from 0 to scaleMax in steps of `step` (default 0–5 in half points). */
  scaleMax: number;
  step: number;
  /** Minimum score to pass this criterion (0: no threshold). */
  threshold: number;
}

export interface EvaluationRules {
  criteria: EvaluationCriterion[];
  /** Minimum unweighted total score to pass. */
  totalThreshold: number;
  /** Criteria codes that break ties in ranking, in order. */
  tieBreak: string[];
}

/** A figure every progress report gives for its period (labs: companies served, tests carried out). */
export interface ReportingIndicator {
  /** e.g. COMPANIES_SERVED */
  code: string;
  label: string;
}

/**
 * A band for the contribution per project year (Digital Europe: € 0,5–1 million per hub per
 * year). Each budget year's share of the requested contribution must fall within it.
 */
export interface YearlyContributionBand {
  min: Cents;
  max: Cents;
}

/**
 * Cofinancing that must match the contribution (Digital Europe: the member state pays at least
 * as much as the EU share). It is a funding source of its own, not the applicant's contribution:
 * matching = ⌊minRatio × contribution⌋, and the own contribution is what is left after it.
 */
export interface MatchingCofinancing {
  /** e.g. VLAANDEREN */
  code: string;
  name: string;
  /** Matching ÷ contribution, at least; 1/1 is "at least as much". */
  minRatio: Rate;
}

/** What the call's decision produces: grants, or the list of candidates put forward (EDIH). */
export type CallOutcome = 'GRANTS' | 'PRESELECTION';
export const CALL_OUTCOMES: readonly CallOutcome[] = ['GRANTS', 'PRESELECTION'];

export interface CallRules {
  maxRate: Rate;
  fundingSources: FundingSource[];
  minOwnContribution: Rate;
  durationMonths: number;
  reportingPeriodMonths: number;
  reportingDueDays: number;
  provinceQuota: number;
  /** When a lab is withdrawn, may a reserve of another province move up? */
  reserveAcrossProvinces: boolean;
  consortium: ConsortiumRules;
  costCategories: CostCategory[];
  indirectCosts: IndirectCostRule | null;
  /** Staff hours per full-time person per year (CPR art. 55: 1.720). */
  annualWorkingHours: number;
  /** VAT is eligible only when the operation's total cost including VAT is below this (art. 64). */
  vatEligibilityThreshold: Cents;
  evaluation: EvaluationRules;
  advanceRate: Rate;
  retentionRate: Rate;
  /** Payment is due within this many days of a complete claim (CPR art. 74: 80). */
  paymentDeadlineDays: number;
  /** Indicators of the progress reports; absent: the grants module's defaults (grants/progress-reports/domain/progress-report.rule.ts). */
  indicators?: ReportingIndicator[];
  /** Absent or null: no band per project year. */
  yearlyContribution?: YearlyContributionBand | null;
  /** Absent or null: what the subsidy leaves is the applicant's own contribution. */
  matchingCofinancing?: MatchingCofinancing | null;
}

/** The scalar amounts of a call that live in their own columns. */
export interface CallAmounts {
  envelope: Cents;
  capPerProject: Cents;
  referenceCost: Cents;
}

export const DEFAULT_COST_CATEGORIES: CostCategory[] = [
  { code: 'STAFF', label: 'Personeelskosten', kind: 'STAFF' },
  { code: 'OPERATING', label: 'Werkingskosten', kind: 'REAL' },
  { code: 'EXTERNAL_SERVICES', label: 'Externe dienstverlening', kind: 'REAL' },
  { code: 'INVESTMENTS', label: 'Investeringen en uitrusting', kind: 'REAL' },
];

export function defaultCallRules(): CallRules {
  return {
    maxRate: { numerator: 2, denominator: 5 },
    fundingSources: [
      { code: 'EFRO', name: 'Europees Fonds voor Regionale Ontwikkeling', maxRate: { numerator: 2, denominator: 5 } },
      { code: 'VLAANDEREN', name: 'Vlaamse cofinanciering', maxRate: null },
    ],
    minOwnContribution: { numerator: 0, denominator: 1 },
    durationMonths: 24,
    reportingPeriodMonths: 4,
    reportingDueDays: 30,
    provinceQuota: 1,
    reserveAcrossProvinces: false,
    consortium: { minPartners: 1, maxPartners: 20, requiredTypeGroups: [] },
    costCategories: DEFAULT_COST_CATEGORIES,
    indirectCosts: { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' },
    annualWorkingHours: 1720,
    vatEligibilityThreshold: 500_000_000,
    evaluation: {
      criteria: [
        { code: 'STRATEGIC', title: 'Strategische relevantie', weight: 1, scaleMax: 5, step: 0.5, threshold: 3 },
        { code: 'OPERATIONAL', title: 'Operationele kwaliteit', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
      ],
      totalThreshold: 6,
      tieBreak: ['STRATEGIC', 'OPERATIONAL'],
    },
    advanceRate: { numerator: 0, denominator: 1 },
    retentionRate: { numerator: 1, denominator: 5 },
    paymentDeadlineDays: 80,
  };
}
