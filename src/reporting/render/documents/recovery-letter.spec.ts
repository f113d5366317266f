import { pdfText } from '../testing/pdf-text';
import { SAMPLE_CALL, SAMPLE_LEAD } from '../testing/samples';
import { RecoveryLetterData, renderRecoveryLetter } from './recovery-letter';

function sample(recovery: Partial<RecoveryLetterData['recovery']> = {}): RecoveryLetterData {
  return {
    call: SAMPLE_CALL,
    referenceNumber: 'DXL-BE24-001/TV/7AABE9AD',
    issuedAt: '2021-07-10',
    beneficiary: SAMPLE_LEAD,
    grant: { reference: 'DXL-BE24-001', acronym: 'DIGIHUB-VB', projectTitle: 'DigiHub Vlaams-Brabant' },
    // ⌊1.650.000 × 333/500⌋ = 1.098.900 before, ⌊1.500.000 × 333/500⌋ = 999.000 after: 99.900 unduly paid.
    correction: { source: 'AUDIT', reason: 'Workshopfactuur deels buiten de periode', period: 1, correctedOn: '2021-07-10', acceptedBefore: 1_650_000, acceptedAfter: 1_500_000, grossBefore: 1_098_900, grossAfter: 999_000, unduly: 99_900 },
    recovery: { status: 'OPEN', amount: 99_900, dueDate: '2021-08-09', receivedOn: null, offset: null, ...recovery },
  };
}

describe('renderRecoveryLetter', () => {
  it('claims the unduly paid amount back by its due date, in Dutch', async () => {
    const { flat: text } = await pdfText(await renderRecoveryLetter(sample()));
    expect(text).toContain('Terugvordering');
    expect(text).toContain('Na een audit op 10 juli 2021');
    expect(text).toContain('€ 16.500,00');
    expect(text).toContain('€ 10.989,00');
    expect(text).toContain('€ 9.990,00');
    expect(text).toContain('Onverschuldigd betaald € 999,00');
    expect(text).toContain('uiterlijk op 9 augustus 2021');
    expect(text).toContain('DXL-BE24-001/TV/7AABE9AD');
  });

  it('says an offset needs no refund, with what the payment still transfers', async () => {
    const { flat: text } = await pdfText(await renderRecoveryLetter(sample({ status: 'OFFSET', dueDate: null, offset: { paymentAmount: 1_098_900, transfer: 999_000 } })));
    expect(text).toContain('verrekend met de volgende betaling');
    expect(text).toContain('Over te schrijven na verrekening € 9.990,00');
  });

  it('refuses figures that do not hold', async () => {
    await expect(renderRecoveryLetter(sample({ amount: 99_901 }))).rejects.toThrow(RangeError);
    await expect(renderRecoveryLetter(sample({ dueDate: null }))).rejects.toThrow('due date');
    await expect(renderRecoveryLetter(sample({ status: 'OFFSET', dueDate: null, offset: { paymentAmount: 100_000, transfer: 50_000 } }))).rejects.toThrow(RangeError);
  });
});
