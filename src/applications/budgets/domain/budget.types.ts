import { CostCategoryKind } from '../../../calls/domain/call-rules';
import { OrganisationType } from '../../../core/domain/organisation-type';
import { Cents, Rate } from '../../../core/money/money';
import { Finding } from './finding';
import { FundingShare } from './subsidy.rule';

// ---------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------

export interface BudgetPartner {
  id: string;
  name: string;
  organisationType: OrganisationType;
  isLead: boolean;
}

/**
 * Staff costs of one person (identified by function) in one calendar year
 * (CPR 2021/1060 art. 55: hourly rate = annual gross employment cost ÷ 1.720 hours, or ÷ the
 * pro-rata of 1.720 hours for part-time staff).
 */
export interface StaffLine {
  kind: 'STAFF';
  id: string;
  partnerId: string;
  /** Code of a call cost category of kind STAFF. */
  category: string;
  year: number;
  /** Identifies the person within the partner: hours of lines with the same function and year add up. */
  function: string;
  /** The person's latest documented annual gross employment cost, for their actual (part-time) contract. */
  annualGrossCost: Cents;
  /** Whole hours worked on the project in `year`. */
  hours: number;
  /** Part-time fraction of a full-time job; 1/1 when omitted. */
  fte?: Rate;
}

/** Operating costs, external services, investments: real costs as invoiced. */
export interface RealCostLine {
  kind: 'REAL';
  id: string;
  partnerId: string;
  /** Code of a call cost category of kind REAL. */
  category: string;
  year: number;
  description: string;
  /** Amount as declared, VAT included when `vatIncluded`. */
  amount: Cents;
  vatIncluded: boolean;
  /** The part of `amount` that is VAT; 0 when `vatIncluded` is false. */
  vatAmount: Cents;
}

export type BudgetLine = StaffLine | RealCostLine;

export interface BudgetInput {
  partners: readonly BudgetPartner[];
  lines: readonly BudgetLine[];
  /** null: ask the maximum subsidy. */
  requestedSubsidy: Cents | null;
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

export type BudgetFindingCode =
  | 'EMPTY_BUDGET'
  | 'UNKNOWN_PARTNER'
  | 'DUPLICATE_PARTNER_ID'
  | 'DUPLICATE_LINE_ID'
  | 'PARTNER_WITHOUT_LINES'
  | 'UNKNOWN_CATEGORY'
  | 'INVALID_LINE_VALUE'
  | 'HOURS_ABOVE_LIMIT'
  | 'VAT_NOT_ELIGIBLE'
  | 'INVALID_REQUESTED_SUBSIDY'
  | 'REQUESTED_ABOVE_MAXIMUM'
  | 'FUNDING_SOURCES_INSUFFICIENT'
  | 'OWN_CONTRIBUTION_BELOW_MINIMUM'
  | 'CONTRIBUTION_BELOW_YEARLY_MINIMUM'
  | 'CONTRIBUTION_ABOVE_YEARLY_MAXIMUM'
  | 'MATCHING_COFINANCING_INSUFFICIENT';

export type BudgetFinding = Finding<BudgetFindingCode>;

/** Direct costs of one cost category (flat-rate indirect costs belong to no category). */
export interface CategoryTotal {
  code: string;
  label: string;
  kind: CostCategoryKind;
  /** Eligible direct costs: VAT left out when it is not eligible. */
  directCosts: Cents;
  /** Declared VAT left out of `directCosts` because VAT is not eligible. */
  vatExcluded: Cents;
}

export interface CostTotals {
  /** Eligible direct costs, all categories. */
  directCosts: Cents;
  /** The part of `directCosts` in STAFF categories. */
  staffCosts: Cents;
  /** Flat-rate indirect costs (computed per partner, never entered). */
  indirectCosts: Cents;
  /** directCosts + indirectCosts. */
  eligibleCosts: Cents;
  vatExcluded: Cents;
  /** One entry per call cost category, in the call's order. */
  byCategory: CategoryTotal[];
}

export interface PartnerSummary extends CostTotals {
  partnerId: string;
  name: string;
  organisationType: OrganisationType;
  isLead: boolean;
}

/** What one input line contributes (same order as `input.lines`). */
export interface LineCost {
  lineId: string;
  /** False when the line has an unknown partner or category or invalid values: it is in no total. */
  counted: boolean;
  /** Eligible direct cost of the line (staff: hours × hourly rate, rounded down once). */
  directCost: Cents;
  vatExcluded: Cents;
}

/** One budget year (the lines' year) with its share of the contribution. */
export interface YearContribution {
  year: number;
  /** Eligible costs of the year's lines, indirect costs per partner and year. */
  eligibleCosts: Cents;
  /** ⌊subsidy × the year's eligible costs ÷ all years' eligible costs⌋. */
  contribution: Cents;
}

export interface BudgetSummary {
  partners: PartnerSummary[];
  totals: CostTotals;
  lines: LineCost[];
  /** Direct and indirect costs with all declared VAT: the amount the VAT rule looks at. */
  totalCostIncludingVat: Cents;
  vatEligible: boolean;
  maxSubsidy: Cents;
  /** As asked (null resolved to the maximum). */
  requestedSubsidy: Cents;
  /** The subsidy used: the request clamped to the maximum and to what the sources can pay. */
  subsidy: Cents;
  /** Split of `subsidy` over the call's funding sources, in the call's order. */
  fundingSources: FundingShare[];
  /** The call's matching cofinancing (⌊minRatio × subsidy⌋); null when the call has none. */
  matchingCofinancing: FundingShare | null;
  /** eligibleCosts − subsidy − matching cofinancing. */
  ownContribution: Cents;
  /** The subsidy per budget year, in year order; empty when the call has no yearly band. */
  contributionByYear: YearContribution[];
  /** subsidy / eligibleCosts, reduced (0/1 when nothing is eligible). */
  effectiveRate: Rate;
  findings: BudgetFinding[];
}
