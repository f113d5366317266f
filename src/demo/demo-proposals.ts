import { OrganisationType } from '../core/domain/organisation-type';
import { Province } from '../core/domain/provinces';
import { PartnerRole } from '../applications/domain/application-status';

export interface DemoBudgetLine {
  partner: string;
  kind: 'STAFF' | 'REAL';
  category: string;
  year: number;
  function?: string;
  annualGrossCost?: number;
  hours?: number;
  description?: string;
  amount?: number;
  vatIncluded?: boolean;
  vatAmount?: number;
}

/**
 * A labs budget with eligible cost € 1.500.000: staff € 800.000 (+ 15 % = € 120.000 indirect)
 * and real costs € 580.000, so the maximum subsidy is € 999.000: EFRO € 600.000, Flanders
 * € 399.000. `scale` (per mille) shrinks every amount for proposals that ask less.
 */
export function labsBudget(lead: string, partner: string, scale = 1000): DemoBudgetLine[] {
  const cents = (amount: number) => Math.floor((amount * scale) / 1000);
  const staff = (who: string, fn: string, year: number): DemoBudgetLine => ({
    partner: who,
    kind: 'STAFF',
    category: 'STAFF',
    year,
    function: fn,
    annualGrossCost: cents(10_000_000),
    hours: 1720,
  });
  return [
    staff(lead, 'Labcoördinator', 2021),
    staff(lead, 'Labcoördinator', 2022),
    staff(lead, 'Onderzoeker', 2021),
    staff(lead, 'Onderzoeker', 2022),
    staff(partner, 'Bedrijfsadviseur', 2021),
    staff(partner, 'Bedrijfsadviseur', 2022),
    staff(partner, 'Projectmedewerker', 2021),
    staff(partner, 'Projectmedewerker', 2022),
    { partner: lead, kind: 'REAL', category: 'INVESTMENTS', year: 2021, description: 'Demonstratieopstelling met sensoren', amount: cents(20_000_000), vatIncluded: false, vatAmount: 0 },
    { partner: lead, kind: 'REAL', category: 'OPERATING', year: 2021, description: 'Verbruiksmateriaal en huur', amount: cents(9_000_000) },
    { partner, kind: 'REAL', category: 'EXTERNAL_SERVICES', year: 2022, description: 'Workshops en evenementen', amount: cents(29_000_000) },
  ];
}

/**
 * An EDIH budget of € 2.000.000 a year for three years (€ 1.200.000 by the lead, € 800.000 by
 * the partner each year): Digital Europe pays half, € 3.000.000 (€ 1.000.000 a year, the top
 * of the band), Flanders matches € 3.000.000, own contribution € 0.
 */
export function edihBudget(lead: string, partner: string): DemoBudgetLine[] {
  return [2021, 2022, 2023].flatMap((year): DemoBudgetLine[] => [
    { partner: lead, kind: 'REAL', category: 'OPERATING', year, description: `Werking van de hub ${year}`, amount: 120_000_000 },
    { partner, kind: 'REAL', category: 'EXTERNAL_SERVICES', year, description: `Test-before-invest-diensten ${year}`, amount: 80_000_000 },
  ]);
}

export interface DemoOrganisation {
  name: string;
  enterpriseNumber: string;
  type: OrganisationType;
}

export interface DemoProposal {
  province: Province;
  acronym: string;
  title: string;
  lead: DemoOrganisation;
  partner: DemoOrganisation;
  /** Consensus scores on the labs criteria. */
  scores: { STRATEGIC: number; OPERATIONAL: number; BUDGET: number };
  /** Per mille of the full labs budget. */
  budgetScale: number;
}

/** A valid enterprise number (mod 97) from an eight-digit body starting with 0. */
export function demoEnterpriseNumber(body: number): string {
  const eight = String(body).padStart(8, '0');
  return `${eight}${String(97 - (body % 97)).padStart(2, '0')}`;
}

const org = (name: string, body: number, type: OrganisationType): DemoOrganisation => ({ name, enterpriseNumber: demoEnterpriseNumber(body), type });

/** Two proposals per province: one lab that wins, one that ends on the reserve list or fails. */
export const DEMO_PROPOSALS: DemoProposal[] = [
  { province: Province.ANTWERPEN, acronym: 'DXL-ANT', title: 'Digital Experience Lab Antwerpen', lead: org('Kenniscentrum Haven en Logistiek', 4_100_001, OrganisationType.RESEARCH_ORGANISATION), partner: org('Kamer van Koophandel Antwerpen-Waasland', 4_100_002, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 4.5, OPERATIONAL: 4, BUDGET: 4 }, budgetScale: 1000 },
  { province: Province.ANTWERPEN, acronym: 'SMARTPORT', title: 'Smart Port Experience Centre', lead: org('Hogeschool Scheldeland', 4_100_003, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Federatie Maakindustrie Antwerpen', 4_100_004, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 3.5, OPERATIONAL: 3.5, BUDGET: 3 }, budgetScale: 900 },
  { province: Province.LIMBURG, acronym: 'DXL-LIM', title: 'Digitale Werkplaats Limburg', lead: org('Hogeschool Kempen', 4_100_005, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Unie van Limburgse Ondernemers', 4_100_006, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 3.5 }, budgetScale: 1000 },
  { province: Province.LIMBURG, acronym: 'MAAKLAB', title: 'Maaklab Limburg', lead: org('Onderzoekscentrum Maasland', 4_100_007, OrganisationType.RESEARCH_ORGANISATION), partner: org('Kamer van Koophandel Limburg', 4_100_008, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 2.5, OPERATIONAL: 4, BUDGET: 4 }, budgetScale: 1000 },
  { province: Province.OOST_VLAANDEREN, acronym: 'DXL-OVL', title: 'Digital Experience Lab Oost-Vlaanderen', lead: org('Universitair Kenniscentrum Leie', 4_100_009, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Voka Oost-Vlaanderen Demo', 4_100_010, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 5, OPERATIONAL: 4, BUDGET: 4 }, budgetScale: 1000 },
  { province: Province.OOST_VLAANDEREN, acronym: 'TEXLAB', title: 'Textiel Digitaal Lab', lead: org('Onderzoeksinstituut Textiel', 4_100_011, OrganisationType.RESEARCH_ORGANISATION), partner: org('Sectorfederatie Textiel', 4_100_012, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 4, OPERATIONAL: 3, BUDGET: 3 }, budgetScale: 800 },
  { province: Province.VLAAMS_BRABANT, acronym: 'DIGIHUB-VB', title: 'DigiHub Vlaams-Brabant', lead: org('Instituut voor de Logistiek Demo', 4_100_013, OrganisationType.RESEARCH_ORGANISATION), partner: org('Bedrijvennetwerk Brabant', 4_100_014, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 4.5, OPERATIONAL: 4.5, BUDGET: 4 }, budgetScale: 1000 },
  { province: Province.VLAAMS_BRABANT, acronym: 'LEUVLAB', title: 'Leuvens Ervaringslab', lead: org('Hogeschool Dijleland', 4_100_015, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Kamer van Koophandel Vlaams-Brabant', 4_100_016, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 3, OPERATIONAL: 3, BUDGET: 3 }, budgetScale: 950 },
  { province: Province.WEST_VLAANDEREN, acronym: 'DXL-WVL', title: 'Digital Experience Lab West-Vlaanderen', lead: org('Kenniscentrum Kust en Polder', 4_100_017, OrganisationType.RESEARCH_ORGANISATION), partner: org('Ondernemersnetwerk West', 4_100_018, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 4, OPERATIONAL: 4.5, BUDGET: 4.5 }, budgetScale: 1000 },
  { province: Province.WEST_VLAANDEREN, acronym: 'FOODLAB', title: 'Voedingslab West-Vlaanderen', lead: org('Hogeschool Westhoek', 4_100_019, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Federatie Voedingsindustrie West', 4_100_020, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 3.5, OPERATIONAL: 2, BUDGET: 3 }, budgetScale: 1000 },
];

/** A hub candidate of the EDIH preselection, scored on its strategic and operational parts (each /50). */
export interface DemoHubProposal extends Omit<DemoProposal, 'scores' | 'budgetScale'> {
  scores: { STRATEGIC: number; OPERATIONAL: number };
}

/**
 * Three hub candidates for the Flemish EDIH preselection (July 2020), each asking € 3.000.000 of
 * Digital Europe over three years: two are put forward, one misses the strategic threshold of 30.
 */
export const DEMO_HUB_PROPOSALS: DemoHubProposal[] = [
  { province: Province.OOST_VLAANDEREN, acronym: 'EDIH-AI', title: 'AI Hub Vlaanderen', lead: org('Kenniscentrum Artificiële Intelligentie', 4_200_001, OrganisationType.RESEARCH_ORGANISATION), partner: org('Netwerk Digitale Kmo', 4_200_002, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 42, OPERATIONAL: 38 } },
  { province: Province.ANTWERPEN, acronym: 'EDIH-IND', title: 'Industrie 4.0 Hub', lead: org('Onderzoekscentrum Maakindustrie', 4_200_003, OrganisationType.RESEARCH_ORGANISATION), partner: org('Federatie Digitale Industrie', 4_200_004, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 36, OPERATIONAL: 34 } },
  { province: Province.LIMBURG, acronym: 'EDIH-CYB', title: 'Cyberveiligheidshub', lead: org('Hogeschool Cyberveiligheid', 4_200_005, OrganisationType.KNOWLEDGE_INSTITUTION), partner: org('Ondernemersnetwerk Veilig Digitaal', 4_200_006, OrganisationType.BUSINESS_NETWORK), scores: { STRATEGIC: 27, OPERATIONAL: 44 } },
];

export function demoPartners(p: Pick<DemoProposal, 'lead' | 'partner'>) {
  return [
    { enterpriseNumber: p.lead.enterpriseNumber, name: p.lead.name, organisationType: p.lead.type, role: PartnerRole.LEAD },
    { enterpriseNumber: p.partner.enterpriseNumber, name: p.partner.name, organisationType: p.partner.type, role: PartnerRole.PARTNER },
  ];
}
