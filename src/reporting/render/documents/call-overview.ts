import { formatEuro, formatPercent } from '../../../core/format/nl-be';
import { Cents } from '../../../core/money/money';
import { displayEnterpriseNumber, displayProvince, formatScore } from '../format';
import { TableRow } from '../pdf-document';
import { assertAddsUp, DocumentParty, IssuedDocumentData, startDocument, sumCents } from './common';

/** Oproepoverzicht: per province the awarded lab and its money, the absorption of the envelope, the reserve list. */
export interface CallOverviewData extends IssuedDocumentData {
  /** The call's budget envelope (total subsidy). */
  envelope: Cents;
  provinces: readonly CallOverviewProvince[];
  reserve: readonly CallOverviewReserve[];
}

export interface CallOverviewProvince {
  /** NUTS code ('BE24') or name. */
  province: string;
  /** null: nothing awarded in this province. */
  award: CallOverviewAward | null;
}

export interface CallOverviewAward {
  acronym: string;
  title: string;
  lead: DocumentParty;
  /** The other consortium partners, by name. */
  partners: readonly string[];
  /** Consensus total, whole hundredths of a point. */
  score: number;
  maxScore: number;
  grant: Cents;
  efro: Cents;
  flanders: Cents;
  paidToDate: Cents;
}

export interface CallOverviewReserve {
  rank: number;
  province: string;
  acronym: string;
  lead: string;
  score: number;
  maxScore: number;
  requested: Cents;
}

export const CALL_OVERVIEW_TITLE = 'Oproepoverzicht';

export async function renderCallOverview(data: CallOverviewData): Promise<Buffer> {
  const awards = data.provinces.flatMap((p) => (p.award ? [p.award] : []));
  for (const a of awards) assertAddsUp(`${a.acronym}: grant = EFRO + Flanders`, a.grant, a.efro + a.flanders);
  const granted = sumCents(awards.map((a) => a.grant));
  const efro = sumCents(awards.map((a) => a.efro));
  const flanders = sumCents(awards.map((a) => a.flanders));
  const paid = sumCents(awards.map((a) => a.paidToDate));
  const percent = (part: Cents, whole: Cents): string => (whole > 0 ? formatPercent(part, whole) : '—');

  const doc = startDocument(CALL_OVERVIEW_TITLE, data, 'landscape');
  doc.titleBlock([
    { label: 'Oproep', value: `${data.call.code}: ${data.call.title}` },
    { label: 'Budget van de oproep', value: formatEuro(data.envelope) },
  ]);

  const rows: TableRow[] = data.provinces.map(({ province, award }) =>
    award
      ? {
          cells: [
            displayProvince(province),
            `${award.acronym}: ${award.title}`,
            [`${award.lead.name} (penvoerder, ${displayEnterpriseNumber(award.lead.enterpriseNumber)})`, ...award.partners].join(', '),
            `${formatScore(award.score)} / ${formatScore(award.maxScore)}`,
            formatEuro(award.grant),
            formatEuro(award.efro),
            formatEuro(award.flanders),
            formatEuro(award.paidToDate),
          ],
        }
      : { cells: [displayProvince(province), 'Geen project toegekend', '', '', formatEuro(0), formatEuro(0), formatEuro(0), formatEuro(0)] },
  );
  doc.section('Toegekende projecten per provincie').table({
    columns: [
      { header: 'Provincie', width: 10 },
      { header: 'Lab', width: 17 },
      { header: 'Consortium', width: 28 },
      { header: 'Score', width: 7, align: 'right' },
      { header: 'Subsidie', width: 10, align: 'right' },
      { header: 'EFRO', width: 10, align: 'right' },
      { header: 'Vlaanderen', width: 10, align: 'right' },
      { header: 'Betaald', width: 10, align: 'right' },
    ],
    rows,
    totals: [{ cells: ['Totaal', '', '', '', formatEuro(granted), formatEuro(efro), formatEuro(flanders), formatEuro(paid)], span: 4 }],
    empty: 'Geen provincies.',
  });

  doc.section('Benutting van het budget').keyValues([
    { label: 'Budget van de oproep', value: formatEuro(data.envelope) },
    { label: 'Toegekend', value: formatEuro(granted) },
    { label: 'Benutting', value: percent(granted, data.envelope), bold: true },
    { label: 'Nog beschikbaar', value: formatEuro(data.envelope - granted) },
    { label: 'Betaald tot nu', value: `${formatEuro(paid)} (${percent(paid, granted)} van het toegekende bedrag)` },
  ]);

  doc.section('Reservelijst').table({
    columns: [
      { header: 'Rang', width: 6, align: 'right' },
      { header: 'Provincie', width: 14 },
      { header: 'Acroniem', width: 16 },
      { header: 'Penvoerder', width: 34 },
      { header: 'Score', width: 12, align: 'right' },
      { header: 'Gevraagde subsidie', width: 18, align: 'right' },
    ],
    rows: data.reserve.map((r) => [
      String(r.rank),
      displayProvince(r.province),
      r.acronym,
      r.lead,
      `${formatScore(r.score)} / ${formatScore(r.maxScore)}`,
      formatEuro(r.requested),
    ]),
    empty: 'Geen voorstellen op de reservelijst.',
  });
  return doc.end();
}
