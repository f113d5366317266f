import { formatEuro, formatPercent } from '../../../core/format/nl-be';
import { Cents } from '../../../core/money/money';
import { displayProvince, formatBrusselsDateLong, formatScore } from '../format';
import { KeyValue } from '../pdf-document';
import { assertAddsUp, DocumentParty, IssuedDocumentData, partyLine, startDocument } from './common';

/** Beslissingsbrief: the managing authority's decision on one proposal, with the consensus scores. */
export interface DecisionLetterData extends IssuedDocumentData {
  /** The lead applicant the letter is addressed to. */
  applicant: DocumentParty;
  proposal: { title: string; acronym: string; province: string };
  /** ISO date of the decision. */
  decidedOn: string;
  decision: DecisionOutcome;
  /** Consensus score per criterion, in the call's order. */
  scores: readonly DecisionScore[];
  total: { score: number; max: number; threshold?: number | null };
  signatory?: { name: string; role: string } | null;
}

/** Scores, maxima and thresholds are whole hundredths of a point (350 = 3,5), as evaluations keep them. */
export interface DecisionScore {
  code: string;
  title: string;
  score: number;
  max: number;
  threshold?: number | null;
  comment: string;
}

export type DecisionOutcome = DecisionAward | DecisionPreselection | DecisionReserve | DecisionRejection;

/**
 * A PRESELECTION call's decision (EDIH): the proposal is put forward as a candidate for the
 * Commission's restricted call. Nothing is granted; the Commission decides on its contribution.
 */
export interface DecisionPreselection {
  outcome: 'PRESELECTED';
  /** 1 = first on the list. */
  rank: number;
  /** How many candidates the list puts forward. */
  of: number;
  /** The contribution asked of the programme (EU share). */
  contribution: Cents;
  matching: { name: string; amount: Cents } | null;
  /** The programme and the call the candidate goes to, in words. */
  programme: string;
}

export interface DecisionAward {
  outcome: 'AWARDED';
  /** The grant amount fixed by the decision. */
  amount: Cents;
  efro: Cents;
  flanders: Cents;
  eligibleCost: Cents;
  /** ISO dates, the end inclusive. */
  projectStart: string;
  projectEnd: string;
  conditions: readonly string[];
}

export interface DecisionReserve {
  outcome: 'RESERVE';
  /** 1 = first on the reserve list. */
  rank: number;
  /** The call's decision is a preselection list (EDIH), not grants. */
  preselection?: true;
}

export interface DecisionRejection {
  outcome: 'REJECTED';
  reason: string;
  preselection?: true;
}

export const DECISION_LETTER_TITLE = 'Beslissing over het projectvoorstel';
export const PRESELECTION_LETTER_TITLE = 'Beslissing over de voorselectie';

export async function renderDecisionLetter(data: DecisionLetterData): Promise<Buffer> {
  const { decision } = data;
  const preselection = decision.outcome === 'PRESELECTED' || ('preselection' in decision && decision.preselection === true);
  const doc = startDocument(preselection ? PRESELECTION_LETTER_TITLE : DECISION_LETTER_TITLE, data);
  doc.titleBlock([
    partyLine('Aanvrager (penvoerder)', data.applicant),
    { label: 'Projectvoorstel', value: `${data.proposal.acronym}: ${data.proposal.title}` },
    { label: 'Provincie', value: displayProvince(data.proposal.province) },
    { label: 'Datum van de beslissing', value: formatBrusselsDateLong(data.decidedOn, 'decidedOn') },
  ]);

  doc.section('Beslissing');
  switch (decision.outcome) {
    case 'AWARDED': {
      assertAddsUp('grant = EFRO + Flanders', decision.amount, decision.efro + decision.flanders);
      doc.paragraph(
        `De managementautoriteit kent aan het project ${data.proposal.acronym} een subsidie toe van ${formatEuro(decision.amount)}, ` +
          'onder de voorwaarden hieronder.',
        { bold: true },
      );
      const share = (part: Cents): string =>
        decision.eligibleCost > 0 ? ` (${formatPercent(part, decision.eligibleCost)} van de subsidiabele kosten)` : '';
      const rows: KeyValue[] = [
        { label: 'Toegekende subsidie', value: `${formatEuro(decision.amount)}${share(decision.amount)}`, bold: true },
        { label: 'waarvan EFRO', value: `${formatEuro(decision.efro)}${share(decision.efro)}` },
        { label: 'waarvan Vlaamse cofinanciering', value: `${formatEuro(decision.flanders)}${share(decision.flanders)}` },
        { label: 'Subsidiabele kosten', value: formatEuro(decision.eligibleCost) },
        {
          label: 'Projectperiode',
          value: `van ${formatBrusselsDateLong(decision.projectStart, 'projectStart')} tot en met ${formatBrusselsDateLong(decision.projectEnd, 'projectEnd')}`,
        },
      ];
      doc.keyValues(rows);
      if (decision.conditions.length > 0) doc.section('Voorwaarden').list(decision.conditions);
      break;
    }
    case 'PRESELECTED': {
      if (!Number.isSafeInteger(decision.rank) || decision.rank < 1 || decision.rank > decision.of) {
        throw new RangeError(`preselection rank must be between 1 and ${decision.of}, got ${decision.rank}`);
      }
      doc.paragraph(
        `Het project ${data.proposal.acronym} is voorgeselecteerd: het staat op plaats ${decision.rank} van ${decision.of} op de lijst ` +
          `van kandidaten die worden voorgedragen voor de beperkte oproep van ${decision.programme}.`,
        { bold: true },
      );
      doc.paragraph(
        'Deze voorselectie is geen subsidie. Alleen kandidaten op de lijst kunnen deelnemen aan de beperkte oproep; ' +
          'de Europese Commissie beslist over haar bijdrage. De matching door de lidstaat geldt onder voorbehoud van die beslissing.',
      );
      const rows: KeyValue[] = [
        { label: 'Plaats op de lijst', value: `${decision.rank} van ${decision.of}`, bold: true },
        { label: 'Gevraagde EU-bijdrage', value: formatEuro(decision.contribution) },
      ];
      if (decision.matching) rows.push({ label: 'Matching cofinanciering', value: `${formatEuro(decision.matching.amount)} (${decision.matching.name})` });
      doc.keyValues(rows);
      break;
    }
    case 'RESERVE':
      if (!Number.isSafeInteger(decision.rank) || decision.rank < 1) throw new RangeError(`reserve rank must be 1 or more, got ${decision.rank}`);
      if (decision.preselection) {
        // The list goes to the Commission once: a reserve of a preselection never moves up onto it.
        doc.paragraph('Het projectvoorstel wordt niet voorgedragen voor de beperkte oproep van de Europese Commissie.', { bold: true });
        doc.paragraph(
          `Het voorstel haalt de drempels en staat op plaats ${decision.rank} na de voorgeselecteerde kandidaten, maar past niet ` +
            'binnen het budget of het quotum per provincie van de voorselectie.',
        );
        break;
      }
      doc.paragraph(`Het projectvoorstel staat op de reservelijst, op plaats ${decision.rank}.`, { bold: true });
      doc.paragraph(
        'Het voorstel haalt de drempels, maar kan binnen het budget en het quotum per provincie van de oproep nu niet worden ' +
          'gefinancierd. Wordt een toegekend project ingetrokken, dan schuift het eerste voorstel op de reservelijst op; ' +
          'u krijgt dan een nieuwe beslissing.',
      );
      break;
    case 'REJECTED':
      doc.paragraph(
        decision.preselection
          ? 'Het projectvoorstel wordt niet voorgedragen voor de beperkte oproep van de Europese Commissie.'
          : 'De managementautoriteit kent geen subsidie toe aan dit projectvoorstel.',
        { bold: true },
      );
      doc.keyValues([{ label: 'Reden', value: decision.reason }]);
      break;
  }

  doc.section('Beoordeling').paragraph('Consensusscores van de deskundigen per criterium.', { muted: true });
  doc.table({
    columns: [
      { header: 'Criterium', width: 30 },
      { header: 'Score', width: 11, align: 'right' },
      { header: 'Drempel', width: 10, align: 'right' },
      { header: 'Commentaar', width: 49 },
    ],
    rows: data.scores.map((s) => [
      `${s.code}. ${s.title}`,
      `${formatScore(s.score)} / ${formatScore(s.max)}`,
      s.threshold === undefined || s.threshold === null ? '' : formatScore(s.threshold),
      s.comment,
    ]),
    totals: [
      [
        'Totaal',
        `${formatScore(data.total.score)} / ${formatScore(data.total.max)}`,
        data.total.threshold === undefined || data.total.threshold === null ? '' : formatScore(data.total.threshold),
        '',
      ],
    ],
    empty: 'Geen scores.',
    fontSize: 8.5,
  });

  if (data.signatory) {
    doc.space(12).paragraph('Namens de managementautoriteit,').paragraph(`${data.signatory.name}\n${data.signatory.role}`, { bold: true });
  }
  return doc.end();
}
