import { OrganisationType } from '../../../core/domain/organisation-type';
import { formatEuro, formatPercent } from '../../../core/format/nl-be';
import { Cents } from '../../../core/money/money';
import { displayEnterpriseNumber, displayProvince, formatInstantLong } from '../format';
import { assertAddsUp, DocumentParty, IssuedDocumentData, organisationTypeLabel, partyLine, startDocument, sumCents } from './common';

/** Ontvangstbewijs van indiening: proof of what was submitted, when, with the hash of the snapshot. */
export interface ReceiptData extends IssuedDocumentData {
  /** The lead applicant (penvoerder). */
  applicant: DocumentParty;
  proposal: {
    title: string;
    acronym: string;
    /** NUTS code ('BE24') or name. */
    province: string;
  };
  /** ISO instant of submission (server clock). */
  submittedAt: string;
  /** SHA-256 (hex) of the frozen submission snapshot, as the audit log holds it. */
  snapshotSha256: string;
  budget: ReceiptBudget;
  partners: readonly ReceiptPartner[];
}

export interface ReceiptBudget {
  eligibleCost: Cents;
  subsidy: Cents;
  efro: Cents;
  flanders: Cents;
  /** The call's matching cofinancing (EDIH: Flanders at least as much as the EU share), apart from the own contribution. */
  matching?: { name: string; amount: Cents };
  /** The subsidy's funding sources by name, for calls not split over EFRO and Flanders (EDIH: Digital Europe). */
  sources?: readonly { name: string; amount: Cents }[];
  ownContribution: Cents;
}

export interface ReceiptPartner extends DocumentParty {
  isLead: boolean;
  organisationType?: OrganisationType | null;
  eligibleCost: Cents;
  subsidy: Cents;
}

export const RECEIPT_TITLE = 'Ontvangstbewijs van indiening';

export async function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const { budget } = data;
  if (budget.sources) assertAddsUp('subsidy = its funding sources', budget.subsidy, sumCents(budget.sources.map((x) => x.amount)));
  else assertAddsUp('subsidy = EFRO + Flanders', budget.subsidy, budget.efro + budget.flanders);
  assertAddsUp('eligible cost = subsidy + matching + own contribution', budget.eligibleCost, budget.subsidy + (budget.matching?.amount ?? 0) + budget.ownContribution);
  assertAddsUp('eligible cost = sum over partners', budget.eligibleCost, sumCents(data.partners.map((p) => p.eligibleCost)));

  const doc = startDocument(RECEIPT_TITLE, data);
  const submitted = formatInstantLong(data.submittedAt, 'submittedAt');
  doc.titleBlock([partyLine('Aanvrager (penvoerder)', data.applicant)]);
  doc.paragraph(
    `De Vlaamse overheid bevestigt dat het projectvoorstel hieronder werd ingediend op ${submitted} (Brusselse tijd), ` +
      'voor het sluiten van de oproep. Dit ontvangstbewijs is geen beslissing over de ontvankelijkheid of over de steun.',
  );

  doc.section('Projectvoorstel').keyValues([
    { label: 'Titel', value: data.proposal.title },
    { label: 'Acroniem', value: data.proposal.acronym },
    { label: 'Provincie', value: displayProvince(data.proposal.province) },
    { label: 'Ingediend op', value: submitted, bold: true },
  ]);
  doc.paragraph('SHA-256 van de ingediende gegevens:', { size: 8, muted: true });
  doc.paragraph(data.snapshotSha256, { size: 8 });

  const share = (part: Cents): string => (budget.eligibleCost > 0 ? ` (${formatPercent(part, budget.eligibleCost)})` : '');
  doc.section('Budget').keyValues([
    { label: 'Subsidiabele kosten', value: formatEuro(budget.eligibleCost) },
    { label: 'Gevraagde subsidie', value: `${formatEuro(budget.subsidy)}${share(budget.subsidy)}`, bold: true },
    ...(budget.sources
      ? budget.sources.map((x) => ({ label: 'waarvan', value: `${formatEuro(x.amount)}${share(x.amount)}: ${x.name}` }))
      : [
          { label: 'waarvan EFRO', value: `${formatEuro(budget.efro)}${share(budget.efro)}` },
          { label: 'waarvan Vlaamse cofinanciering', value: `${formatEuro(budget.flanders)}${share(budget.flanders)}` },
        ]),
    ...(budget.matching ? [{ label: 'Matching cofinanciering', value: `${formatEuro(budget.matching.amount)}${share(budget.matching.amount)}: ${budget.matching.name}` }] : []),
    { label: 'Eigen bijdrage', value: `${formatEuro(budget.ownContribution)}${share(budget.ownContribution)}` },
  ]);

  doc.section('Partners').table({
    columns: [
      { header: 'Partner', width: 23 },
      { header: 'KBO-nummer', width: 14 },
      { header: 'Type', width: 23 },
      { header: 'Rol', width: 11 },
      { header: 'Subsidiabele kosten', width: 15, align: 'right' },
      { header: 'Subsidie', width: 15, align: 'right' },
    ],
    rows: data.partners.map((p) => [
      p.name,
      displayEnterpriseNumber(p.enterpriseNumber),
      organisationTypeLabel(p.organisationType),
      p.isLead ? 'Penvoerder' : 'Partner',
      formatEuro(p.eligibleCost),
      formatEuro(p.subsidy),
    ]),
    totals: [
      {
        cells: ['Totaal', '', '', '', formatEuro(budget.eligibleCost), formatEuro(sumCents(data.partners.map((p) => p.subsidy)))],
        span: 4,
      },
    ],
    empty: 'Geen partners.',
  });
  return doc.end();
}
