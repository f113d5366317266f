import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('reads the RFC 5987 form the service sends, and the plain form', () => {
    expect(fileNameOf(`attachment; filename*=UTF-8''betalingen%20DXL.csv`)).toBe('betalingen DXL.csv');
    expect(fileNameOf('attachment; filename="kostenlijnen.xlsx"')).toBe('kostenlijnen.xlsx');
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });
});
