import { CallRules, defaultCallRules } from '../../../../calls/domain/call-rules';
import { OrganisationType } from '../../../../core/domain/organisation-type';
import { Cents } from '../../../../core/money/money';
import { BudgetInput, BudgetLine, BudgetPartner, RealCostLine, StaffLine } from '../budget.types';

/** Test data builders for budget specs (kept out of the spec files so both suites share them). */

/** Labs call (27 June 2020): at most € 999.000 on € 1.500.000, EFRO 40 % first, Flanders the rest. */
export const LABS_CAP: Cents = 99_900_000;
/** A cap no test budget reaches, for scenarios about other rules. */
export const NO_CAP: Cents = 10_000_000_000;

export function labsRules(overrides: Partial<CallRules> = {}): CallRules {
  return {
    ...defaultCallRules(),
    maxRate: { numerator: 999_000, denominator: 1_500_000 },
    fundingSources: [
      { code: 'EFRO', name: 'Europees Fonds voor Regionale Ontwikkeling', maxRate: { numerator: 2, denominator: 5 } },
      { code: 'VLAANDEREN', name: 'Vlaamse cofinanciering', maxRate: null },
    ],
    ...overrides,
  };
}

export function rulesWith(overrides: Partial<CallRules> = {}): CallRules {
  return { ...defaultCallRules(), ...overrides };
}

export function partner(id = 'P1', overrides: Partial<BudgetPartner> = {}): BudgetPartner {
  return { id, name: `Partner ${id}`, organisationType: OrganisationType.KNOWLEDGE_INSTITUTION, isLead: id === 'P1', ...overrides };
}

let sequence = 0;
const nextId = (): string => `L${++sequence}`;

export function staffLine(overrides: Partial<StaffLine> = {}): StaffLine {
  return {
    kind: 'STAFF',
    id: nextId(),
    partnerId: 'P1',
    category: 'STAFF',
    year: 2021,
    function: 'Onderzoeker',
    annualGrossCost: 6_000_000,
    hours: 860,
    ...overrides,
  };
}

export function realLine(amount: Cents, overrides: Partial<RealCostLine> = {}): RealCostLine {
  return {
    kind: 'REAL',
    id: nextId(),
    partnerId: 'P1',
    category: 'OPERATING',
    year: 2021,
    description: 'Sensoren en testopstelling',
    amount,
    vatIncluded: false,
    vatAmount: 0,
    ...overrides,
  };
}

export function budget(lines: BudgetLine[], partners: BudgetPartner[] = [partner()], requestedSubsidy: Cents | null = null): BudgetInput {
  return { partners, lines, requestedSubsidy };
}

/** EDIH preselection: Digital Europe ≤ 50 %, € 0,5–1 million a year, Flanders matching 1:1, three years at most € 3 million. */
export const EDIH_CAP: Cents = 300_000_000;

export function edihRules(overrides: Partial<CallRules> = {}): CallRules {
  return {
    ...defaultCallRules(),
    maxRate: { numerator: 1, denominator: 2 },
    fundingSources: [{ code: 'DIGITAL_EUROPE', name: 'Digital Europe Programme', maxRate: { numerator: 1, denominator: 2 } }],
    durationMonths: 36,
    yearlyContribution: { min: 50_000_000, max: 100_000_000 },
    matchingCofinancing: { code: 'VLAANDEREN', name: 'Vlaamse matching', minRatio: { numerator: 1, denominator: 1 } },
    ...overrides,
  };
}
