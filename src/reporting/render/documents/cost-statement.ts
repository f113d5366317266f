import { formatEuro, formatPercent } from '../../../core/format/nl-be';
import { Cents, Rate } from '../../../core/money/money';
import { formatBrusselsDateLong, formatInstantLong } from '../format';
import { KeyValue, TableRow } from '../pdf-document';
import { assertAddsUp, DocumentGrant, DocumentParty, grantLine, IssuedDocumentData, minusEuro, partyLine, startDocument, sumCents } from './common';

/**
 * Kostenstaat: one grant's cost statement for one reporting period, line by line as finance
 * staff reviewed it, with the subsidy it earns and what is paid out after deductions. The
 * figures come from the claim rules (statementTotals, subsidyDue); the renderer only adds
 * lines up for the subtotals and refuses figures that contradict each other.
 */
export interface CostStatementData extends IssuedDocumentData {
  beneficiary: DocumentParty;
  grant: DocumentGrant;
  period: { number: number; start: string; end: string };
  /** ISO instant the statement was handed in, if it was. */
  submittedAt?: string | null;
  lines: readonly CostStatementLine[];
  /** Flat-rate indirect costs (CPR art. 54); null when the call has none. */
  indirect: CostStatementIndirect | null;
  totals: { declaredEligible: Cents; acceptedEligible: Cents; vat?: CostStatementVat };
  subsidy: {
    /** Subsidy earned on the accepted eligible costs. */
    due: Cents;
    /** The rate it was computed with, for display. */
    rate?: Rate | null;
  };
  deductions: {
    /** Part of the advance cleared against this claim. */
    advanceCleared: Cents;
    /** Held back until the final report is approved. */
    retention: Cents;
    /** The cap on retention over the grant (retention rate × grant). */
    retentionCap: Cents;
  };
  netPayable: Cents;
}

export type CostLineDecision = 'ACCEPTED' | 'REDUCED' | 'REJECTED';

export interface CostStatementLine {
  partner: string;
  /** The cost category's label, e.g. 'Personeelskosten'. */
  category: string;
  description: string;
  /** Invoice or timesheet reference. */
  reference: string;
  /** Eligible: VAT that is not eligible is left out (shown apart in `vat`). */
  declared: Cents;
  /** null: not reviewed yet (counts as nothing accepted). */
  accepted: Cents | null;
  decision: CostLineDecision | null;
  reason?: string | null;
  vat?: CostStatementLineVat;
}

/** VAT shown apart (CPR art. 64(1)(c)). */
export interface CostStatementVat {
  declared: Cents;
  eligible: Cents;
  excluded: Cents;
}

export interface CostStatementLineVat extends CostStatementVat {
  /** The invoiced amount, VAT included. */
  invoiced: Cents;
  reason: 'RECOVERABLE' | 'OPERATION_ABOVE_THRESHOLD' | null;
}

const VAT_REASONS: Readonly<Record<'RECOVERABLE' | 'OPERATION_ABOVE_THRESHOLD', string>> = {
  RECOVERABLE: 'terugvorderbaar',
  OPERATION_ABOVE_THRESHOLD: 'operatie niet onder € 5.000.000 incl. btw',
};

function vatNote(vat: CostStatementLineVat | undefined): string {
  if (!vat || vat.declared === 0) return '';
  const excluded = vat.excluded > 0 ? `, ${formatEuro(vat.excluded)} niet subsidiabel (${vat.reason ? VAT_REASONS[vat.reason] : ''})` : ', subsidiabel';
  return ` — factuur ${formatEuro(vat.invoiced)}, btw ${formatEuro(vat.declared)}${excluded}`;
}

export interface CostStatementIndirect {
  /** e.g. '15 % van de directe personeelskosten' */
  basis: string;
  declared: Cents;
  accepted: Cents;
}

export const COST_STATEMENT_TITLE = 'Kostenstaat';

const DECISION_LABELS: Readonly<Record<CostLineDecision, string>> = {
  ACCEPTED: 'Aanvaard',
  REDUCED: 'Verminderd',
  REJECTED: 'Verworpen',
};

export async function renderCostStatement(data: CostStatementData): Promise<Buffer> {
  const groups = groupByCategory(data.lines);
  const declaredDirect = sumCents(groups.map((g) => g.declared));
  const acceptedDirect = sumCents(groups.map((g) => g.accepted));
  const indirect = data.indirect ?? { basis: '', declared: 0, accepted: 0 };
  assertAddsUp('declared eligible = direct + indirect', data.totals.declaredEligible, declaredDirect + indirect.declared);
  assertAddsUp('accepted eligible = direct + indirect', data.totals.acceptedEligible, acceptedDirect + indirect.accepted);
  const { advanceCleared, retention } = data.deductions;
  assertAddsUp('net payable = subsidy due - advance cleared - retention', data.netPayable, data.subsidy.due - advanceCleared - retention);

  const doc = startDocument(`${COST_STATEMENT_TITLE} periode ${data.period.number}`, data, 'landscape');
  const titleLines: KeyValue[] = [
    partyLine('Begunstigde', data.beneficiary),
    grantLine(data.grant),
    {
      label: 'Rapporteringsperiode',
      value: `periode ${data.period.number}: van ${formatBrusselsDateLong(data.period.start, 'period.start')} tot en met ${formatBrusselsDateLong(data.period.end, 'period.end')}`,
    },
  ];
  if (data.submittedAt) titleLines.push({ label: 'Ingediend op', value: formatInstantLong(data.submittedAt, 'submittedAt') });
  doc.titleBlock(titleLines);

  const rows: TableRow[] = [];
  for (const group of groups) {
    for (const line of group.lines) {
      rows.push({
        cells: [
          line.partner,
          line.category,
          `${line.description}${vatNote(line.vat)}`,
          line.reference,
          formatEuro(line.declared),
          line.accepted === null ? '—' : formatEuro(line.accepted),
          line.decision === null ? 'Niet beoordeeld' : DECISION_LABELS[line.decision],
          line.reason ?? '',
        ],
      });
    }
    rows.push(summaryRow(`Subtotaal ${group.category}`, group.declared, group.accepted));
  }
  const summaryRows: TableRow[] = [summaryRow('Totaal directe kosten', declaredDirect, acceptedDirect)];
  if (data.indirect) {
    summaryRows.push(summaryRow(`Indirecte kosten: forfait ${data.indirect.basis}`, data.indirect.declared, data.indirect.accepted));
  }

  doc.section(`Kostenlijnen (${data.lines.length})`).table({
    columns: [
      { header: 'Partner', width: 13 },
      { header: 'Kostencategorie', width: 12 },
      { header: 'Omschrijving', width: 22 },
      { header: 'Referentie', width: 9 },
      { header: 'Gedeclareerd', width: 11, align: 'right' },
      { header: 'Aanvaard', width: 11, align: 'right' },
      { header: 'Beslissing', width: 10 },
      { header: 'Reden', width: 14 },
    ],
    rows: data.lines.length === 0 ? [{ cells: ['Geen kostenlijnen in deze periode.'], style: 'group' }, ...summaryRows] : rows.concat(summaryRows),
    totals: [{ ...summaryRow('Totaal subsidiabele kosten', data.totals.declaredEligible, data.totals.acceptedEligible), style: 'total' }],
    fontSize: 7.5,
  });

  const rate = data.subsidy.rate;
  doc.section('Afrekening').keyValues([
    ...vatRows(data.totals.vat),
    { label: 'Aanvaarde subsidiabele kosten', value: formatEuro(data.totals.acceptedEligible) },
    {
      label: 'Subsidie op de aanvaarde kosten',
      value: `${formatEuro(data.subsidy.due)}${rate ? ` (${formatPercent(rate.numerator, rate.denominator)})` : ''}`,
    },
    { label: 'Verrekening voorschot', value: minusEuro(advanceCleared) },
    {
      label: 'Inhouding tot het eindrapport',
      value: `${minusEuro(retention)} (plafond ${formatEuro(data.deductions.retentionCap)})`,
    },
    { label: 'Netto te betalen', value: formatEuro(data.netPayable), bold: true },
  ]);
  return doc.end();
}

/** VAT apart, only when some was declared: gedeclareerd, subsidiabel en uitgesloten. */
function vatRows(vat: CostStatementVat | undefined): KeyValue[] {
  if (!vat || vat.declared === 0) return [];
  return [
    { label: 'Gedeclareerde btw', value: formatEuro(vat.declared) },
    { label: 'Subsidiabele btw', value: formatEuro(vat.eligible) },
    { label: 'Uitgesloten btw (art. 64 GV)', value: formatEuro(vat.excluded) },
  ];
}

/** A sum over the first four columns' width, amounts under Gedeclareerd and Aanvaard. */
function summaryRow(label: string, declared: Cents, accepted: Cents): TableRow {
  return { cells: [label, '', '', '', formatEuro(declared), formatEuro(accepted), '', ''], style: 'subtotal', span: 4 };
}

interface CategoryGroup {
  category: string;
  lines: CostStatementLine[];
  declared: Cents;
  accepted: Cents;
}

/** Lines grouped by category in order of first appearance, each group in its original order. */
function groupByCategory(lines: readonly CostStatementLine[]): CategoryGroup[] {
  const groups = new Map<string, CostStatementLine[]>();
  for (const line of lines) {
    const group = groups.get(line.category);
    if (group) group.push(line);
    else groups.set(line.category, [line]);
  }
  return [...groups].map(([category, members]) => ({
    category,
    lines: members,
    declared: sumCents(members.map((l) => l.declared)),
    accepted: sumCents(members.map((l) => l.accepted ?? 0)),
  }));
}
