import { pdfText } from '../testing/pdf-text';
import { sampleCallOverview } from '../testing/samples';
import { renderCallOverview } from './call-overview';

describe('renderCallOverview', () => {
  it('lists the labs per province with totals, the absorption of the envelope and the reserve list', async () => {
    const data = sampleCallOverview();
    const { flat: text } = await pdfText(await renderCallOverview(data));
    expect(text).toContain('Oproepoverzicht');
    for (const province of ['Antwerpen', 'Limburg', 'Oost-Vlaanderen', 'Vlaams-Brabant', 'West-Vlaanderen']) expect(text).toContain(province);
    expect(text).toContain('Geen project toegekend');
    expect(text).toContain('DIGIHUB-VB');
    expect(text).toContain('72,5 / 100');
    // 999.000 + 950.000 + 999.000 + 900.000 = 3.848.000 of 5.000.000.
    expect(text).toContain('€ 3.848.000,00');
    expect(text).toContain('€ 5.000.000,00');
    expect(text).toContain('76,96 %');
    expect(text).toContain('€ 1.152.000,00');
    expect(text).toContain('€ 1.336.280,00');
    expect(text).toContain('SMART-ANT');
    expect(text).toContain('Agoria Antwerpen');
    expect(text).toContain('31 maart 2022');
  });

  it('says so when the reserve list is empty', async () => {
    const { flat: text } = await pdfText(await renderCallOverview({ ...sampleCallOverview(), reserve: [] }));
    expect(text).toContain('Geen voorstellen op de reservelijst.');
  });
});
