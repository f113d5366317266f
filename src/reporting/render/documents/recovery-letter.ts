import { formatEuro } from '../../../core/format/nl-be';
import { Cents } from '../../../core/money/money';
import { formatBrusselsDateLong } from '../format';
import { KeyValue } from '../pdf-document';
import { DocumentGrant, DocumentParty, grantLine, IssuedDocumentData, partyLine, startDocument } from './common';

/** Terugvordering: what a later check found unduly paid on one claim, and how it is recovered. */
export interface RecoveryLetterData extends IssuedDocumentData {
  beneficiary: DocumentParty;
  grant: DocumentGrant;
  correction: {
    source: 'AUDIT' | 'CORRECTION';
    reason: string;
    /** Reporting period of the corrected cost statement. */
    period: number | null;
    /** ISO date. */
    correctedOn: string;
    acceptedBefore: Cents;
    acceptedAfter: Cents;
    grossBefore: Cents;
    grossAfter: Cents;
    unduly: Cents;
  };
  recovery: {
    status: 'OPEN' | 'OFFSET' | 'RECOVERED';
    amount: Cents;
    /** Recovery order: ISO date the amount must be paid back by. */
    dueDate: string | null;
    receivedOn: string | null;
    /** Offset: the planned payment it is withheld from. */
    offset: { paymentAmount: Cents; transfer: Cents } | null;
  };
}

export const RECOVERY_LETTER_TITLE = 'Terugvordering';

const SOURCE_LABELS = { AUDIT: 'een audit', CORRECTION: 'een correctie van de goedgekeurde kostenstaat' } as const;

export async function renderRecoveryLetter(data: RecoveryLetterData): Promise<Buffer> {
  const { correction: c, recovery: r } = data;
  if (r.amount <= 0 || r.amount > c.unduly) throw new RangeError(`recovery amount ${r.amount} must be between 1 and the unduly paid ${c.unduly}`);
  if (c.acceptedAfter >= c.acceptedBefore) throw new RangeError('a correction lowers the accepted costs');
  if (r.offset && (r.offset.transfer < 0 || r.offset.paymentAmount - r.offset.transfer < r.amount)) {
    throw new RangeError('the payment must withhold at least this recovery and never transfer less than nothing');
  }
  const doc = startDocument(RECOVERY_LETTER_TITLE, data);
  doc.titleBlock([partyLine('Begunstigde', data.beneficiary), grantLine(data.grant)]);

  doc.section('Vaststelling');
  doc.paragraph(
    `Na ${SOURCE_LABELS[c.source]} op ${formatBrusselsDateLong(c.correctedOn, 'correctedOn')} zijn de aanvaarde kosten` +
      `${c.period === null ? '' : ` van periode ${c.period}`} verlaagd. Het verschil in subsidie dat al werd uitbetaald of ingepland, ` +
      'is onverschuldigd en wordt teruggevorderd.',
  );
  doc.keyValues([
    { label: 'Reden', value: c.reason },
    { label: 'Aanvaarde kosten vóór', value: formatEuro(c.acceptedBefore) },
    { label: 'Aanvaarde kosten na', value: formatEuro(c.acceptedAfter) },
    { label: 'Subsidie vóór', value: formatEuro(c.grossBefore) },
    { label: 'Subsidie na', value: formatEuro(c.grossAfter) },
    { label: 'Onverschuldigd betaald', value: formatEuro(c.unduly), bold: true },
  ]);

  doc.section('Terugvordering');
  const rows: KeyValue[] = [{ label: 'Bedrag van deze terugvordering', value: formatEuro(r.amount), bold: true }];
  if (r.offset) {
    doc.paragraph('Het bedrag wordt verrekend met de volgende betaling: u hoeft zelf niets terug te betalen.');
    rows.push({ label: 'Geplande betaling', value: formatEuro(r.offset.paymentAmount) }, { label: 'Over te schrijven na verrekening', value: formatEuro(r.offset.transfer) });
  } else {
    if (!r.dueDate) throw new RangeError('a recovery order needs its due date');
    doc.paragraph(
      `Gelieve ${formatEuro(r.amount)} terug te betalen uiterlijk op ${formatBrusselsDateLong(r.dueDate, 'dueDate')}, ` +
        `met vermelding van de referentie ${data.referenceNumber}.`,
      { bold: true },
    );
    rows.push({ label: 'Te betalen uiterlijk op', value: formatBrusselsDateLong(r.dueDate, 'dueDate') });
    if (r.status === 'RECOVERED' && r.receivedOn) rows.push({ label: 'Terugbetaling ontvangen op', value: formatBrusselsDateLong(r.receivedOn, 'receivedOn') });
  }
  doc.keyValues(rows);
  return doc.end();
}
