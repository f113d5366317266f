import { pdfText } from '../testing/pdf-text';
import { samplePaymentStatement } from '../testing/samples';
import { renderPaymentStatement } from './payment-statement';

describe('renderPaymentStatement', () => {
  it('shows the ledger and every payment with Dutch dates and amounts', async () => {
    const { flat: text } = await pdfText(await renderPaymentStatement(samplePaymentStatement()));
    expect(text).toContain('Betalingsoverzicht');
    expect(text).toContain('Vastgelegde subsidie');
    expect(text).toContain('€ 999.000,00');
    expect(text).toContain('€ 512.720,00');
    expect(text).toContain('€ 199.800,00');
    expect(text).toContain('Voorschot');
    expect(text).toContain('Tussentijdse betaling');
    expect(text).toContain('19/03/2021');
    expect(text).toContain('BET-2021-0113');
    expect(text).toContain('(€ 50.000,00)');
    expect(text).toContain('Totaal betaald € 386.280,00');
    expect(text).toContain('Totaal gepland € 100.000,00');
    expect(text).toContain('15 maart 2022');
    expect(text).toContain('pagina 1 van 1');
  });

  it('shows what was recovered, which leaves that much open again', async () => {
    const data = samplePaymentStatement();
    // 1.000.000 withheld from the planned payment: open 51.272.000 + 1.000.000.
    const { flat: text } = await pdfText(await renderPaymentStatement({ ...data, ledger: { ...data.ledger, recovered: 1_000_000, open: 52_272_000 } }));
    expect(text).toContain('Teruggevorderd € 10.000,00');
    expect(text).toContain('€ 522.720,00');
    await expect(renderPaymentStatement({ ...data, ledger: { ...data.ledger, recovered: 1_000_000 } })).rejects.toThrow('commitment');
  });

  it('names the account each paid payment went to, as it was when paid', async () => {
    const { flat: text } = await pdfText(await renderPaymentStatement(samplePaymentStatement()));
    expect(text).toContain('Betaald op rekening');
    expect(text).toContain('BE68 5390 0754 7034');
    expect(text).toContain('BE54 0970 0000 0097');
    expect(text).toContain('Vlaams Instituut voor de Logistiek vzw');
  });

  it('refuses a ledger that does not match the payments', async () => {
    const data = samplePaymentStatement();
    await expect(renderPaymentStatement({ ...data, ledger: { ...data.ledger, paid: 1 } })).rejects.toThrow('ledger paid');
    await expect(renderPaymentStatement({ ...data, ledger: { ...data.ledger, open: 0 } })).rejects.toThrow('commitment');
  });
});
