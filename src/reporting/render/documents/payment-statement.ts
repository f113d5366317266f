import { formatDateShort, formatEuro } from '../../../core/format/nl-be';
import { formatIban } from '../../../core/domain/iban.rule';
import { Cents } from '../../../core/money/money';
import { brusselsDate } from '../../../core/time/brussels';
import { isCalendarDate, parseInstant } from '../format';
import { assertAddsUp, DocumentGrant, DocumentParty, grantLine, IssuedDocumentData, partyLine, startDocument, sumCents } from './common';

/** Betalingsoverzicht: a grant's ledger and every payment, planned or made. */
export interface PaymentStatementData extends IssuedDocumentData {
  beneficiary: DocumentParty;
  grant: DocumentGrant;
  /** As grantLedger() derives it. */
  ledger: PaymentLedger;
  payments: readonly PaymentLine[];
}

export interface PaymentLedger {
  commitment: Cents;
  advance: Cents;
  claimed: Cents;
  accepted: Cents;
  earned: Cents;
  paid: Cents;
  planned: Cents;
  retained: Cents;
  /** Recoveries settled (offset or paid back); 0 when left out. */
  recovered?: Cents;
  open: Cents;
}

export type PaymentLineKind = 'ADVANCE' | 'INTERIM' | 'BALANCE';
export type PaymentLineStatus = 'PLANNED' | 'PAID' | 'CANCELLED';

export interface PaymentLine {
  kind: PaymentLineKind;
  status: PaymentLineStatus;
  /** Reporting period the payment settles, if any. */
  period?: number | null;
  /** ISO dates. */
  plannedOn: string | null;
  paidOn: string | null;
  reference: string;
  amount: Cents;
  /** The bank account a paid payment went to, as it was when marked paid (IBAN in electronic format). */
  paidTo?: { iban: string; holderName: string } | null;
}

export const PAYMENT_STATEMENT_TITLE = 'Betalingsoverzicht';

const KIND_LABELS: Readonly<Record<PaymentLineKind, string>> = {
  ADVANCE: 'Voorschot',
  INTERIM: 'Tussentijdse betaling',
  BALANCE: 'Saldo',
};

const STATUS_LABELS: Readonly<Record<PaymentLineStatus, string>> = {
  PLANNED: 'Gepland',
  PAID: 'Betaald',
  CANCELLED: 'Geannuleerd',
};

export async function renderPaymentStatement(data: PaymentStatementData): Promise<Buffer> {
  const { ledger, payments } = data;
  const paid = sumCents(payments.filter((p) => p.status === 'PAID').map((p) => p.amount));
  const planned = sumCents(payments.filter((p) => p.status === 'PLANNED').map((p) => p.amount));
  assertAddsUp('ledger paid = paid payments', ledger.paid, paid);
  assertAddsUp('ledger planned = planned payments', ledger.planned, planned);
  assertAddsUp('commitment = paid + planned − recovered + open', ledger.commitment, ledger.paid + ledger.planned - (ledger.recovered ?? 0) + ledger.open);

  const doc = startDocument(PAYMENT_STATEMENT_TITLE, data);
  doc.titleBlock([partyLine('Begunstigde', data.beneficiary), grantLine(data.grant)]);

  doc.section('Stand van het dossier').keyValues([
    { label: 'Vastgelegde subsidie', value: formatEuro(ledger.commitment), bold: true },
    { label: 'Voorschot', value: formatEuro(ledger.advance) },
    { label: 'Gedeclareerde kosten', value: formatEuro(ledger.claimed) },
    { label: 'Aanvaarde kosten', value: formatEuro(ledger.accepted) },
    { label: 'Verdiende subsidie', value: formatEuro(ledger.earned) },
    { label: 'Betaald', value: formatEuro(ledger.paid) },
    { label: 'Gepland', value: formatEuro(ledger.planned) },
    ...(ledger.recovered ? [{ label: 'Teruggevorderd', value: formatEuro(ledger.recovered) }] : []),
    { label: 'Ingehouden tot het eindrapport', value: formatEuro(ledger.retained) },
    { label: 'Nog open', value: formatEuro(ledger.open), bold: true },
  ]);

  doc.section('Betalingen').table({
    columns: [
      { header: 'Soort', width: 18 },
      { header: 'Periode', width: 9, align: 'right' },
      { header: 'Status', width: 12 },
      { header: 'Gepland op', width: 12 },
      { header: 'Betaald op', width: 12 },
      { header: 'Referentie', width: 19 },
      { header: 'Bedrag', width: 16, align: 'right' },
    ],
    rows: payments.map((p) => [
      KIND_LABELS[p.kind],
      p.period === undefined || p.period === null ? '' : String(p.period),
      STATUS_LABELS[p.status],
      shortDate(p.plannedOn),
      shortDate(p.paidOn),
      p.reference,
      p.status === 'CANCELLED' ? `(${formatEuro(p.amount)})` : formatEuro(p.amount),
    ]),
    totals: [
      { cells: ['Totaal betaald', '', '', '', '', '', formatEuro(paid)], span: 6 },
      { cells: ['Totaal gepland', '', '', '', '', '', formatEuro(planned)], span: 6 },
    ],
    empty: 'Nog geen betalingen.',
  });
  doc.paragraph('Geannuleerde betalingen staan tussen haakjes en tellen niet mee in de totalen.', { size: 8, muted: true });

  const transfers = payments.filter((p) => p.status === 'PAID' && p.paidTo);
  if (transfers.length > 0) {
    doc.section('Betaald op rekening').table({
      columns: [
        { header: 'Referentie', width: 22 },
        { header: 'Betaald op', width: 14 },
        { header: 'IBAN', width: 30 },
        { header: 'Rekeninghouder', width: 32 },
      ],
      rows: transfers.map((p) => [p.reference, shortDate(p.paidOn), formatIban(p.paidTo!.iban), p.paidTo!.holderName]),
    });
  }
  return doc.end();
}

function shortDate(iso: string | null): string {
  if (!iso) return '';
  return formatDateShort(isCalendarDate(iso) ? iso : brusselsDate(parseInstant(iso, 'payment date')));
}
