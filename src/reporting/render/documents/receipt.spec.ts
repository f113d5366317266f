import { documentDataHash } from '../format';
import { pdfSource, pdfText } from '../testing/pdf-text';
import { sampleReceipt } from '../testing/samples';
import { renderReceipt } from './receipt';

describe('renderReceipt', () => {
  it('shows the submission in Brussels time, the snapshot hash, the budget and the partners in Dutch', async () => {
    const data = sampleReceipt();
    const { flat: text, pages } = await pdfText(await renderReceipt(data));
    expect(pages).toBe(1);
    expect(text).toContain('Ontvangstbewijs van indiening');
    expect(text).toContain('Oproep EFRO-DXL-2020: Digital Experience Labs: een lab in elke provincie');
    expect(text).toContain('Vlaams Instituut voor de Logistiek vzw, ondernemingsnummer 0566.988.259');
    // 14:59:58Z is 16:59:58 in Brussels (summer time).
    expect(text).toContain('30 september 2020 om 16:59:58');
    expect(text).toContain('Datum van uitgifte');
    expect(text).toContain('Vlaams-Brabant');
    expect(text).toContain(data.snapshotSha256);
    expect(text).toContain('€ 1.500.000,00');
    expect(text).toContain('€ 999.000,00 (66,6 %)');
    expect(text).toContain('€ 600.000,00 (40 %)');
    expect(text).toContain('€ 399.000,00 (26,6 %)');
    expect(text).toContain('€ 501.000,00 (33,4 %)');
    expect(text).toContain('Penvoerder');
    expect(text).toContain('0449.894.413');
    expect(text).toContain('Kennisinstelling');
    expect(text).toContain('pagina 1 van 1');
    expect(text).toContain(`SHA-256 gegevens: ${documentDataHash(data)}`);
  });

  it('is deterministic and embeds its fonts', async () => {
    const first = await renderReceipt(sampleReceipt());
    const second = await renderReceipt(sampleReceipt());
    expect(second.equals(first)).toBe(true);
    expect(pdfSource(first)).toContain('/FontFile2');
  });

  it('changes its data hash when the data changes', async () => {
    const changed = { ...sampleReceipt(), submittedAt: '2020-09-30T14:59:59.000Z' };
    expect(documentDataHash(changed)).not.toBe(documentDataHash(sampleReceipt()));
    const { flat: text } = await pdfText(await renderReceipt(changed));
    expect(text).toContain('30 september 2020 om 16:59:59');
    expect(text).toContain(documentDataHash(changed));
  });

  it('EDIH: names the subsidy\'s own source and shows the matching apart from the own contribution', async () => {
    const data = sampleReceipt();
    const budget = { eligibleCost: 600_000_000, subsidy: 300_000_000, efro: 0, flanders: 300_000_000, ownContribution: 0, matching: { name: 'Vlaamse matching (EWI)', amount: 300_000_000 }, sources: [{ name: 'Digital Europe Programme', amount: 300_000_000 }] };
    const partners = [{ ...data.partners[0], eligibleCost: 600_000_000, subsidy: 300_000_000 }];
    const { flat: text } = await pdfText(await renderReceipt({ ...data, budget, partners }));
    expect(text).toContain('waarvan € 3.000.000,00 (50 %): Digital Europe Programme');
    expect(text).toContain('Matching cofinanciering € 3.000.000,00 (50 %): Vlaamse matching (EWI)');
    expect(text).not.toContain('waarvan EFRO');
    await expect(renderReceipt({ ...data, budget: { ...budget, ownContribution: 1 }, partners })).rejects.toThrow(RangeError);
  });

  it('refuses a budget that does not add up', async () => {
    const data = sampleReceipt();
    await expect(renderReceipt({ ...data, budget: { ...data.budget, efro: data.budget.efro + 1 } })).rejects.toThrow(RangeError);
    await expect(renderReceipt({ ...data, partners: data.partners.slice(1) })).rejects.toThrow('sum over partners');
  });
});
