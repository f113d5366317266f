import { OrganisationType } from '../core/domain/organisation-type';
import { CallOutcome, CallRules, defaultCallRules } from '../calls/domain/call-rules';
import { Programme } from '../calls/entities/call.entity';

export interface CallDefinitionInput {
  code: string;
  title: string;
  description: string;
  programme: Programme;
  opensAt: string;
  closesAt: string;
  envelope: number;
  capPerProject: number;
  referenceCost: number;
  /** Left out: GRANTS. */
  outcome?: CallOutcome;
  rules: CallRules;
}

/**
 * The Digital Experience Labs call of 27 June 2020 (domain brief, section 1): € 999.000 per
 * lab on € 1.500.000 cost, € 5M in all, one lab per province, 24 months, reports every 4.
 */
export function digitalExperienceLabsCall(): CallDefinitionInput {
  const rules = defaultCallRules();
  return {
    code: 'DXL-2020',
    title: 'Digital Experience Labs 2020',
    description:
      'Een Digital Experience Lab in elke provincie: consortia van onderzoeks- en kennisinstellingen met organisaties die veel bedrijven bereiken.',
    programme: Programme.EFRO,
    opensAt: '2020-07-01T10:00:00+02:00',
    closesAt: '2020-09-30T17:00:00+02:00',
    envelope: 500_000_000,
    capPerProject: 99_900_000,
    referenceCost: 150_000_000,
    rules: {
      ...rules,
      maxRate: { numerator: 999_000, denominator: 1_500_000 },
      fundingSources: [
        { code: 'EFRO', name: 'Europees Fonds voor Regionale Ontwikkeling', maxRate: { numerator: 2, denominator: 5 } },
        { code: 'VLAANDEREN', name: 'Vlaamse cofinanciering (VLAIO)', maxRate: null },
      ],
      minOwnContribution: { numerator: 0, denominator: 1 },
      durationMonths: 24,
      reportingPeriodMonths: 4,
      reportingDueDays: 30,
      provinceQuota: 1,
      consortium: {
        minPartners: 2,
        maxPartners: 12,
        requiredTypeGroups: [
          [OrganisationType.RESEARCH_ORGANISATION, OrganisationType.KNOWLEDGE_INSTITUTION],
          [OrganisationType.BUSINESS_NETWORK],
        ],
      },
      evaluation: {
        criteria: [
          { code: 'STRATEGIC', title: 'Strategische relevantie en impact op kmo’s', weight: 2, scaleMax: 5, step: 0.5, threshold: 3 },
          { code: 'OPERATIONAL', title: 'Operationele kwaliteit en consortium', weight: 1, scaleMax: 5, step: 0.5, threshold: 2.5 },
          { code: 'BUDGET', title: 'Kostenefficiëntie van de begroting', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 },
        ],
        totalThreshold: 9,
        tieBreak: ['STRATEGIC', 'OPERATIONAL', 'BUDGET'],
      },
      advanceRate: { numerator: 0, denominator: 1 },
      retentionRate: { numerator: 1, denominator: 5 },
    },
  };
}

/**
 * The Flemish preselection for the European Digital Innovation Hubs (EWI, June 2020; domain
 * brief, section 1). Digital Europe pays € 0,5–1 million per hub per year for an initial three
 * years, at most 50 % of eligible cost, and the member state at least as much: the band is per
 * project year, Flanders' matching is a funding source of its own, and the decision is the
 * list of candidates put forward for the Commission's restricted call, not a Flemish grant.
 */
export function edihPreselectionCall(): CallDefinitionInput {
  const rules = defaultCallRules();
  return {
    code: 'EDIH-2020-PRE',
    title: 'Voorselectie European Digital Innovation Hubs',
    description: 'Vlaamse voorselectie van kandidaten voor de beperkte oproep van de Europese Commissie (Digital Europe).',
    programme: Programme.EDIH,
    opensAt: '2020-06-29T09:00:00+02:00',
    closesAt: '2020-07-31T17:00:00+02:00',
    // What the candidates put forward may ask of Digital Europe together: five hubs at the top of the band.
    envelope: 1_500_000_000,
    // Three years at € 1 million.
    capPerProject: 300_000_000,
    referenceCost: 600_000_000,
    outcome: 'PRESELECTION',
    rules: {
      ...rules,
      // EU share at most 50 %; the member state at least as much.
      maxRate: { numerator: 1, denominator: 2 },
      fundingSources: [{ code: 'DIGITAL_EUROPE', name: 'Digital Europe Programme', maxRate: { numerator: 1, denominator: 2 } }],
      minOwnContribution: { numerator: 0, denominator: 1 },
      yearlyContribution: { min: 50_000_000, max: 100_000_000 },
      matchingCofinancing: { code: 'VLAANDEREN', name: 'Vlaamse matching (EWI)', minRatio: { numerator: 1, denominator: 1 } },
      durationMonths: 36,
      reportingPeriodMonths: 6,
      provinceQuota: 5,
      reserveAcrossProvinces: true,
      consortium: { minPartners: 1, maxPartners: 20, requiredTypeGroups: [] },
      evaluation: {
        criteria: [
          { code: 'STRATEGIC', title: 'Strategisch deel', weight: 1, scaleMax: 50, step: 1, threshold: 30 },
          { code: 'OPERATIONAL', title: 'Operationeel deel', weight: 1, scaleMax: 50, step: 1, threshold: 0 },
        ],
        totalThreshold: 60,
        tieBreak: ['STRATEGIC', 'OPERATIONAL'],
      },
    },
  };
}

const DAY_MS = 86_400_000;

/** Codes of the seed's open demo calls start with this; the rest is the seed day (YYYYMMDD). */
export const OPEN_DEMO_CALL_PREFIX = 'DXL-DEMO-';

/**
 * A labs call that is open when the seed runs (the 2020 calls are long closed), so the demo
 * applicant can walk the journey: opened a week before the seed, closes 60 days after it.
 */
export function openDemoCall(now: Date): CallDefinitionInput {
  const labs = digitalExperienceLabsCall();
  return {
    ...labs,
    code: `${OPEN_DEMO_CALL_PREFIX}${now.toISOString().slice(0, 10).replace(/-/g, '')}`,
    title: 'Digital Experience Labs – demo-oproep',
    description: `${labs.description} Deze demo-oproep staat open, zodat u een voorstel kunt starten en indienen.`,
    opensAt: new Date(now.getTime() - 7 * DAY_MS).toISOString(),
    closesAt: new Date(now.getTime() + 60 * DAY_MS).toISOString(),
  };
}
