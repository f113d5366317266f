import { OrganisationType } from '../../../core/domain/organisation-type';
import { CallOverviewData } from '../documents/call-overview';
import { DocumentCall } from '../documents/common';
import { CostLineDecision, CostStatementData, CostStatementLine } from '../documents/cost-statement';
import { DecisionLetterData, DecisionOutcome } from '../documents/decision-letter';
import { PaymentStatementData } from '../documents/payment-statement';
import { ReceiptData } from '../documents/receipt';

/** Sample data for the render specs and the render benchmark: the Vlaams-Brabant lab of the 2020 call. */

export const SAMPLE_CALL: DocumentCall = {
  code: 'EFRO-DXL-2020',
  title: 'Digital Experience Labs: een lab in elke provincie',
  programme: 'EFRO Vlaanderen 2014-2020',
};

export const SAMPLE_LEAD = { name: 'Vlaams Instituut voor de Logistiek vzw', enterpriseNumber: '0566988259' };

const PARTNERS = [
  { name: SAMPLE_LEAD.name, enterpriseNumber: SAMPLE_LEAD.enterpriseNumber, isLead: true, organisationType: OrganisationType.BUSINESS_NETWORK },
  { name: 'LSEC – Leaders in Security vzw', enterpriseNumber: '0410000093', isLead: false, organisationType: OrganisationType.BUSINESS_NETWORK },
  { name: 'Vrije Universiteit Brussel', enterpriseNumber: '0449894413', isLead: false, organisationType: OrganisationType.KNOWLEDGE_INSTITUTION },
  { name: 'Erasmushogeschool Brussel', enterpriseNumber: '0208221584', isLead: false, organisationType: OrganisationType.KNOWLEDGE_INSTITUTION },
  { name: 'Flanders Make vzw', enterpriseNumber: '0885912579', isLead: false, organisationType: OrganisationType.RESEARCH_ORGANISATION },
  { name: 'Sirris', enterpriseNumber: '0410120354', isLead: false, organisationType: OrganisationType.RESEARCH_ORGANISATION },
] as const;

export function sampleReceipt(): ReceiptData {
  // € 1.500.000 eligible, € 999.000 subsidy (EFRO 40 % = € 600.000, Flanders € 399.000).
  const eligible = [30_000_000, 20_000_000, 35_000_000, 25_000_000, 25_000_000, 15_000_000];
  const subsidy = [19_980_000, 13_320_000, 23_310_000, 16_650_000, 16_650_000, 9_990_000];
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'EFRO-DXL-2020/ONT/0042',
    issuedAt: '2020-09-30T14:59:58.123Z',
    applicant: SAMPLE_LEAD,
    proposal: { title: 'DigiHub Vlaams-Brabant: digitalisering van kmo’s met sensoren en data', acronym: 'DIGIHUB-VB', province: 'BE24' },
    submittedAt: '2020-09-30T14:59:58.123Z',
    snapshotSha256: '9f2c4e0b7a1d3c5e8f60718293a4b5c6d7e8f90112233445566778899aabbccd',
    budget: { eligibleCost: 150_000_000, subsidy: 99_900_000, efro: 60_000_000, flanders: 39_900_000, ownContribution: 50_100_000 },
    partners: PARTNERS.map((p, i) => ({ ...p, eligibleCost: eligible[i], subsidy: subsidy[i] })),
  };
}

export function sampleDecisionLetter(decision: DecisionOutcome = sampleAward()): DecisionLetterData {
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'EFRO-DXL-2020/BES/0042',
    issuedAt: '2020-12-15T09:00:00Z',
    applicant: SAMPLE_LEAD,
    proposal: { title: 'DigiHub Vlaams-Brabant', acronym: 'DIGIHUB-VB', province: 'BE24' },
    decidedOn: '2020-12-14',
    decision,
    scores: [
      { code: 'S1', title: 'Strategische relevantie', score: 3500, max: 5000, threshold: 3000, comment: 'Sterke verankering in het regionale kmo-weefsel; duidelijke doelgroep.' },
      { code: 'O1', title: 'Operationele uitvoering', score: 3750, max: 5000, threshold: null, comment: 'Realistische planning; de rol van de sectorfederaties kan scherper.' },
    ],
    total: { score: 7250, max: 10000, threshold: 6000 },
    signatory: { name: 'J. Peeters', role: 'Afdelingshoofd EFRO, VLAIO' },
  };
}

export function sampleAward(): DecisionOutcome {
  return {
    outcome: 'AWARDED',
    amount: 99_900_000,
    efro: 60_000_000,
    flanders: 39_900_000,
    eligibleCost: 150_000_000,
    projectStart: '2021-03-01',
    projectEnd: '2023-02-28',
    conditions: [
      'Het project rapporteert elke 4 maanden over de inhoud en de financiën.',
      'De partners nemen deel aan het provinciale EFRO-stuurcomité.',
    ],
  };
}

const CATEGORIES = ['Personeelskosten', 'Werkingskosten', 'Externe diensten', 'Investeringen'] as const;
const DECISIONS: readonly (CostLineDecision | null)[] = ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'REDUCED', 'REJECTED', null];

/** A cost statement with `count` lines; every figure is computed, so any count adds up. */
export function sampleCostStatement(count = 12): CostStatementData {
  const lines: CostStatementLine[] = [];
  for (let i = 0; i < count; i++) {
    const declared = 50_000 + ((i * 7919) % 400_000) * 10 + (i % 100);
    const decision = DECISIONS[i % DECISIONS.length];
    const accepted = decision === 'ACCEPTED' ? declared : decision === 'REDUCED' ? declared - (declared % 1_000) - 10_000 : decision === 'REJECTED' ? 0 : null;
    lines.push({
      partner: PARTNERS[i % PARTNERS.length].name,
      category: CATEGORIES[i % CATEGORIES.length],
      description:
        i % 9 === 0
          ? `Sensorkit en gateway voor de demonstratieopstelling in het lab, inclusief installatie en kalibratie (lijn ${i + 1})`
          : `Kostenlijn ${i + 1}: prestaties en aankopen voor het lab`,
      reference: `F2021-${String(1000 + i)}`,
      declared,
      accepted,
      decision,
      reason: decision === 'REDUCED' ? 'Gedeeltelijk buiten de projectperiode' : decision === 'REJECTED' ? 'Geen betalingsbewijs' : null,
    });
  }
  const staffDeclared = lines.filter((l) => l.category === 'Personeelskosten').reduce((a, l) => a + l.declared, 0);
  const staffAccepted = lines.filter((l) => l.category === 'Personeelskosten').reduce((a, l) => a + (l.accepted ?? 0), 0);
  const indirect = { basis: '15 % van de directe personeelskosten', declared: Math.floor((staffDeclared * 15) / 100), accepted: Math.floor((staffAccepted * 15) / 100) };
  const declaredEligible = lines.reduce((a, l) => a + l.declared, 0) + indirect.declared;
  const acceptedEligible = lines.reduce((a, l) => a + (l.accepted ?? 0), 0) + indirect.accepted;
  const due = Math.floor((acceptedEligible * 999_000) / 1_500_000);
  const advanceCleared = Math.min(due, 20_000_000);
  const retention = Math.min(due - advanceCleared, 1_000_000);
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'DXL-BE24-001/KS/2',
    issuedAt: '2021-12-01T10:00:00Z',
    beneficiary: SAMPLE_LEAD,
    grant: { reference: 'DXL-BE24-001', acronym: 'DIGIHUB-VB', projectTitle: 'DigiHub Vlaams-Brabant' },
    period: { number: 2, start: '2021-07-01', end: '2021-10-31' },
    submittedAt: '2021-11-28T16:20:00Z',
    lines,
    indirect,
    totals: { declaredEligible, acceptedEligible },
    subsidy: { due, rate: { numerator: 999_000, denominator: 1_500_000 } },
    deductions: { advanceCleared, retention, retentionCap: 19_980_000 },
    netPayable: due - advanceCleared - retention,
  };
}

export function samplePaymentStatement(): PaymentStatementData {
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'DXL-BE24-001/BO/3',
    issuedAt: '2022-03-15T08:00:00Z',
    beneficiary: SAMPLE_LEAD,
    grant: { reference: 'DXL-BE24-001', acronym: 'DIGIHUB-VB', projectTitle: 'DigiHub Vlaams-Brabant' },
    ledger: {
      commitment: 99_900_000,
      advance: 20_000_000,
      claimed: 61_000_000,
      accepted: 58_000_000,
      earned: 38_628_000,
      paid: 38_628_000,
      planned: 10_000_000,
      retained: 19_980_000,
      open: 51_272_000,
    },
    payments: [
      { kind: 'ADVANCE', status: 'PAID', period: null, plannedOn: '2021-03-15', paidOn: '2021-03-19', reference: 'BET-2021-0001', amount: 20_000_000, paidTo: { iban: 'BE68539007547034', holderName: 'Vlaams Instituut voor de Logistiek vzw' } },
      { kind: 'INTERIM', status: 'PAID', period: 1, plannedOn: '2021-09-20', paidOn: '2021-09-24', reference: 'BET-2021-0113', amount: 18_628_000, paidTo: { iban: 'BE54097000000097', holderName: 'Vlaams Instituut voor de Logistiek vzw' } },
      { kind: 'INTERIM', status: 'CANCELLED', period: 2, plannedOn: '2022-01-20', paidOn: null, reference: 'BET-2022-0007', amount: 5_000_000 },
      { kind: 'INTERIM', status: 'PLANNED', period: 2, plannedOn: '2022-03-31', paidOn: null, reference: 'BET-2022-0042', amount: 10_000_000 },
    ],
  };
}

export function sampleCallOverview(): CallOverviewData {
  const award = (acronym: string, lead: { name: string; enterpriseNumber: string }, partners: string[], score: number, grant: number, paid: number) => {
    const efro = Math.min(60_000_000, Math.floor((grant * 600) / 999));
    return { acronym, title: `Digital Experience Lab ${acronym}`, lead, partners, score, maxScore: 10000, grant, efro, flanders: grant - efro, paidToDate: paid };
  };
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'EFRO-DXL-2020/OV/2022-03',
    issuedAt: '2022-03-31T12:00:00Z',
    envelope: 500_000_000,
    provinces: [
      { province: 'BE21', award: award('DXL-ANT', { name: 'Voka Antwerpen-Waasland', enterpriseNumber: '0857777730' }, ['Universiteit Antwerpen', 'AP Hogeschool'], 7800, 99_900_000, 40_000_000) },
      { province: 'BE22', award: award('DXL-LIM', { name: 'Voka Limburg', enterpriseNumber: '0267658137' }, ['UHasselt', 'PXL'], 7050, 95_000_000, 30_000_000) },
      { province: 'BE23', award: null },
      { province: 'BE24', award: award('DIGIHUB-VB', SAMPLE_LEAD, ['LSEC', 'VUB', 'Erasmushogeschool Brussel', 'Flanders Make', 'Sirris'], 7250, 99_900_000, 38_628_000) },
      { province: 'BE25', award: award('DXL-WVL', { name: 'POM West-Vlaanderen', enterpriseNumber: '1202030037' }, ['KU Leuven Kulak', 'Howest'], 6900, 90_000_000, 25_000_000) },
    ],
    reserve: [
      { rank: 1, province: 'BE21', acronym: 'SMART-ANT', lead: 'Agoria Antwerpen', score: 7100, maxScore: 10000, requested: 99_000_000 },
      { rank: 2, province: 'BE22', acronym: 'LIM-DATA', lead: 'Flanders Make vzw', score: 6500, maxScore: 10000, requested: 80_000_000 },
    ],
  };
}
