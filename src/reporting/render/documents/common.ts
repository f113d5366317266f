import { OrganisationType } from '../../../core/domain/organisation-type';
import { formatEuro } from '../../../core/format/nl-be';
import { Cents } from '../../../core/money/money';
import { displayEnterpriseNumber, documentDataHash } from '../format';
import { KeyValue, PdfDocumentBuilder } from '../pdf-document';

/** What every issued document carries: the call, its own reference and its date of issue. */
export interface IssuedDocumentData {
  call: DocumentCall;
  /** The document's own reference, e.g. 'EFRO-DXL-2020/ONT/0042'. */
  referenceNumber: string;
  /** ISO instant (or date) of issue; shown as a date in Brussels and used as the PDF creation date. */
  issuedAt: string;
}

export interface DocumentCall {
  code: string;
  title: string;
  /** e.g. 'EFRO Vlaanderen 2021-2027' */
  programme: string;
}

/** A legal person with its enterprise number (any notation; shown as 0566.988.259). */
export interface DocumentParty {
  name: string;
  enterpriseNumber: string;
}

/** The grant a statement is about. */
export interface DocumentGrant {
  /** The grant's file reference, e.g. 'DXL-BE24-001'. */
  reference: string;
  acronym: string;
  projectTitle: string;
}

export function startDocument(title: string, data: IssuedDocumentData, layout: 'portrait' | 'landscape' = 'portrait'): PdfDocumentBuilder {
  return new PdfDocumentBuilder({
    title,
    programme: data.call.programme,
    call: { code: data.call.code, title: data.call.title },
    referenceNumber: data.referenceNumber,
    issuedAt: data.issuedAt,
    dataHash: documentDataHash(data),
    layout,
  });
}

export function partyLine(label: string, party: DocumentParty): KeyValue {
  return { label, value: `${party.name}, ondernemingsnummer ${displayEnterpriseNumber(party.enterpriseNumber)}` };
}

export function grantLine(grant: DocumentGrant): KeyValue {
  return { label: 'Project', value: `${grant.acronym}: ${grant.projectTitle} (dossier ${grant.reference})` };
}

export const ORGANISATION_TYPE_LABELS: Readonly<Record<OrganisationType, string>> = {
  [OrganisationType.RESEARCH_ORGANISATION]: 'Onderzoeksorganisatie',
  [OrganisationType.KNOWLEDGE_INSTITUTION]: 'Kennisinstelling',
  [OrganisationType.BUSINESS_NETWORK]: 'Bedrijfsnetwerk',
  [OrganisationType.COMPANY]: 'Onderneming',
  [OrganisationType.PUBLIC_BODY]: 'Overheidsinstantie',
};

export function organisationTypeLabel(type: string | undefined | null): string {
  if (!type) return '';
  return (ORGANISATION_TYPE_LABELS as Record<string, string | undefined>)[type] ?? type;
}

/** Exact sum of whole cents (BigInt inside, so no intermediate ever loses precision). */
export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0n;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`amount must be a whole number of cents, got ${v}`);
    total += BigInt(v);
  }
  const result = Number(total);
  if (!Number.isSafeInteger(result)) throw new RangeError(`total ${total} cents is outside the exact range`);
  return result;
}

/** A document must not show figures that contradict each other: refuse to issue it. */
export function assertAddsUp(what: string, expected: Cents, actual: Cents): void {
  if (expected !== actual) {
    throw new RangeError(`${what} does not add up: expected ${expected} cents, got ${actual}`);
  }
}

/** A deduction: '- € 1.000,00' (zero stays '€ 0,00'). */
export function minusEuro(cents: Cents): string {
  return cents === 0 ? formatEuro(0) : `- ${formatEuro(cents)}`;
}
