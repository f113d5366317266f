import { pdfText } from '../testing/pdf-text';
import { sampleDecisionLetter } from '../testing/samples';
import { renderDecisionLetter } from './decision-letter';

describe('renderDecisionLetter', () => {
  it('states an award with its amount, funding split, period, conditions and the consensus scores', async () => {
    const { flat: text } = await pdfText(await renderDecisionLetter(sampleDecisionLetter()));
    expect(text).toContain('Beslissing over het projectvoorstel');
    expect(text).toContain('een subsidie toe van € 999.000,00');
    expect(text).toContain('€ 600.000,00 (40 % van de subsidiabele kosten)');
    expect(text).toContain('€ 399.000,00 (26,6 % van de subsidiabele kosten)');
    expect(text).toContain('van 1 maart 2021 tot en met 28 februari 2023');
    expect(text).toContain('Het project rapporteert elke 4 maanden');
    expect(text).toContain('Datum van de beslissing');
    expect(text).toContain('14 december 2020');
    expect(text).toContain('15 december 2020');
    expect(text).toContain('S1. Strategische relevantie');
    expect(text).toContain('35 / 50');
    expect(text).toContain('37,5 / 50');
    expect(text).toContain('72,5 / 100');
    expect(text).toContain('Sterke verankering in het regionale kmo-weefsel');
    expect(text).toContain('J. Peeters');
    expect(text).toContain('0566.988.259');
    expect(text).toContain('pagina 1 van 1');
  });

  it('states a preselection: the place on the list, the EU contribution asked and the matching, and that it is no grant', async () => {
    const preselected = {
      outcome: 'PRESELECTED' as const,
      rank: 2,
      of: 5,
      contribution: 300_000_000,
      matching: { name: 'Vlaamse matching (EWI)', amount: 300_000_000 },
      programme: 'het Digital Europe Programme (European Digital Innovation Hubs)',
    };
    const { flat: text } = await pdfText(await renderDecisionLetter(sampleDecisionLetter(preselected)));
    expect(text).toContain('Beslissing over de voorselectie');
    expect(text).toContain('op plaats 2 van 5');
    expect(text).toContain('Deze voorselectie is geen subsidie');
    expect(text).toContain('€ 3.000.000,00');
    expect(text).toContain('Matching cofinanciering € 3.000.000,00 (Vlaamse matching (EWI))');
    expect(text).not.toContain('een subsidie toe van');
    await expect(renderDecisionLetter(sampleDecisionLetter({ ...preselected, rank: 6 }))).rejects.toThrow(RangeError);
  });

  it('states a place on the reserve list', async () => {
    const { flat: text } = await pdfText(await renderDecisionLetter(sampleDecisionLetter({ outcome: 'RESERVE', rank: 2 })));
    expect(text).toContain('op de reservelijst, op plaats 2');
    expect(text).not.toContain('een subsidie toe van');
  });

  it('states a rejection with its reason', async () => {
    const { flat: text } = await pdfText(
      await renderDecisionLetter(sampleDecisionLetter({ outcome: 'REJECTED', reason: 'De strategische score haalt de drempel van 30 niet.' })),
    );
    expect(text).toContain('kent geen subsidie toe');
    expect(text).toContain('De strategische score haalt de drempel van 30 niet.');
  });

  it('words a preselection call\'s reserve and rejection as not put forward, never as a subsidy refused or a reserve that may move up', async () => {
    const { flat: reserve } = await pdfText(await renderDecisionLetter(sampleDecisionLetter({ outcome: 'RESERVE', rank: 1, preselection: true })));
    expect(reserve).toContain('Beslissing over de voorselectie');
    expect(reserve).toContain('wordt niet voorgedragen voor de beperkte oproep van de Europese Commissie');
    expect(reserve).toContain('plaats 1 na de voorgeselecteerde kandidaten');
    expect(reserve).not.toContain('schuift het eerste voorstel op de reservelijst op');
    const { flat: rejected } = await pdfText(await renderDecisionLetter(sampleDecisionLetter({ outcome: 'REJECTED', reason: 'Onder de drempel.', preselection: true })));
    expect(rejected).toContain('wordt niet voorgedragen');
    expect(rejected).not.toContain('kent geen subsidie toe');
    expect(rejected).toContain('Onder de drempel.');
  });

  it('refuses an award whose split does not add up and a reserve rank below 1', async () => {
    const award = sampleDecisionLetter();
    if (award.decision.outcome !== 'AWARDED') throw new Error('sample is an award');
    await expect(renderDecisionLetter({ ...award, decision: { ...award.decision, efro: 1 } })).rejects.toThrow(RangeError);
    await expect(renderDecisionLetter(sampleDecisionLetter({ outcome: 'RESERVE', rank: 0 }))).rejects.toThrow(RangeError);
  });
});
