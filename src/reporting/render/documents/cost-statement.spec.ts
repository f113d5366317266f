import { formatEuro } from '../../../core/format/nl-be';
import { pdfText } from '../testing/pdf-text';
import { sampleCostStatement } from '../testing/samples';
import { renderCostStatement } from './cost-statement';

describe('renderCostStatement', () => {
  it('spreads 250 lines over several pages with the header repeated and the totals right', async () => {
    const data = sampleCostStatement(250);
    const pdf = await renderCostStatement(data);
    const { flat: text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(5);
    expect(text).toContain(`pagina 1 van ${pages}`);
    expect(text).toContain(`pagina ${pages} van ${pages}`);
    // The table runs to the last page, so its header is on every page.
    expect(text.split('Partner Kostencategorie Omschrijving Referentie Gedeclareerd Aanvaard Beslissing Reden').length - 1).toBe(pages);
    for (const line of [data.lines[0], data.lines[124], data.lines[249]]) expect(text).toContain(line.reference);

    // Totals worked out here, independently of the renderer.
    const declared = data.lines.reduce((a, l) => a + l.declared, 0);
    const accepted = data.lines.reduce((a, l) => a + (l.accepted ?? 0), 0);
    expect(text).toContain(`Totaal directe kosten ${formatEuro(declared)} ${formatEuro(accepted)}`);
    expect(text).toContain(`Totaal subsidiabele kosten ${formatEuro(data.totals.declaredEligible)} ${formatEuro(data.totals.acceptedEligible)}`);
    for (const category of ['Personeelskosten', 'Werkingskosten', 'Externe diensten', 'Investeringen']) {
      const lines = data.lines.filter((l) => l.category === category);
      const sub = `Subtotaal ${category} ${formatEuro(lines.reduce((a, l) => a + l.declared, 0))} ${formatEuro(lines.reduce((a, l) => a + (l.accepted ?? 0), 0))}`;
      expect(text).toContain(sub);
    }
    expect(text).toContain(`Netto te betalen ${formatEuro(data.netPayable)}`);
    expect(text).toContain('Kostenlijnen (250)');
  });

  it('shows VAT apart: per line what was invoiced and excluded, and declared, eligible and excluded VAT in all', async () => {
    const data = sampleCostStatement(3);
    // € 12.100 invoiced with € 2.100 recoverable VAT: € 10.000 declared as eligible.
    const lines = data.lines.map((l, i) => (i === 0 ? { ...l, vat: { invoiced: l.declared + 210_000, declared: 210_000, eligible: 0, excluded: 210_000, reason: 'RECOVERABLE' as const } } : l));
    const { flat: text } = await pdfText(await renderCostStatement({ ...data, lines, totals: { ...data.totals, vat: { declared: 210_000, eligible: 0, excluded: 210_000 } } }));
    expect(text).toContain(`factuur ${formatEuro(data.lines[0].declared + 210_000)}, btw € 2.100,00, € 2.100,00 niet subsidiabel (terugvorderbaar)`);
    expect(text).toContain('Gedeclareerde btw € 2.100,00');
    expect(text).toContain('Subsidiabele btw € 0,00');
    expect(text).toContain('Uitgesloten btw (art. 64 GV) € 2.100,00');
  });

  it('shows the period, the review decisions, the flat rate and the deductions in Dutch', async () => {
    const data = sampleCostStatement(12);
    const { flat: text } = await pdfText(await renderCostStatement(data));
    expect(text).toContain('periode 2: van 1 juli 2021 tot en met 31 oktober 2021');
    expect(text).toContain('28 november 2021 om 17:20:00');
    expect(text).toContain('0566.988.259');
    expect(text).toContain('Verminderd');
    expect(text).toContain('Verworpen');
    expect(text).toContain('Niet beoordeeld');
    expect(text).toContain('Geen betalingsbewijs');
    expect(text).toContain('Indirecte kosten: forfait 15 % van de directe personeelskosten');
    expect(text).toContain(`${formatEuro(data.subsidy.due)} (66,6 %)`);
    expect(text).toContain(`- ${formatEuro(data.deductions.advanceCleared)}`);
    expect(text).toContain('(plafond € 199.800,00)');
  });

  it('is deterministic', async () => {
    const first = await renderCostStatement(sampleCostStatement(60));
    expect((await renderCostStatement(sampleCostStatement(60))).equals(first)).toBe(true);
  });

  it('refuses totals that contradict the lines', async () => {
    const data = sampleCostStatement(10);
    await expect(renderCostStatement({ ...data, totals: { ...data.totals, acceptedEligible: data.totals.acceptedEligible + 1 } })).rejects.toThrow(
      'accepted eligible',
    );
    await expect(renderCostStatement({ ...data, netPayable: data.netPayable + 1 })).rejects.toThrow('net payable');
  });

  it('renders a statement without lines', async () => {
    const data = sampleCostStatement(0);
    const { flat: text } = await pdfText(await renderCostStatement({ ...data, indirect: null, totals: { declaredEligible: 0, acceptedEligible: 0 } }));
    expect(text).toContain('Geen kostenlijnen in deze periode.');
  });
});
