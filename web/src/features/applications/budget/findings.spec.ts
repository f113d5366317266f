import { isBudgetField, placeFindings, rowField } from './findings';

describe('placing findings next to their field', () => {
  const findings = [
    { code: 'HOURS_ABOVE_LIMIT', message: '1800 hours', field: 'lines[3].hours', severity: 'error' as const },
    { code: 'PARTNER_WITHOUT_LINES', message: 'no lines', field: 'partners[1]', severity: 'warning' as const },
    { code: 'VAT_NOT_ELIGIBLE', message: 'VAT', severity: 'warning' as const },
    { code: 'MISSING_ORGANISATION_TYPE', message: 'network', field: 'partners', severity: 'error' as const },
  ];

  it('puts each finding at the field the screen shows and lists the rest', () => {
    const placed = placeFindings(findings, isBudgetField);
    expect(placed.at('lines[3].hours').map((f) => f.code)).toEqual(['HOURS_ABOVE_LIMIT']);
    expect(placed.at('partners[1]').map((f) => f.code)).toEqual(['PARTNER_WITHOUT_LINES']);
    expect(placed.at('lines[0].hours')).toEqual([]);
    expect(placed.unplaced.map((f) => f.code)).toEqual(['VAT_NOT_ELIGIBLE', 'MISSING_ORGANISATION_TYPE']);
  });

  it('knows the budget fields and sends cell errors without an input to their row', () => {
    expect(isBudgetField('lines[12].annualGrossCost')).toBe(true);
    expect(isBudgetField('lines')).toBe(true);
    expect(isBudgetField('requestedSubsidy')).toBe(true);
    expect(isBudgetField('partners[0].enterpriseNumber')).toBe(false);
    expect(isBudgetField('title')).toBe(false);
    expect(rowField('lines[2].partner')).toBe('lines[2]');
    expect(rowField('lines[2].hours')).toBe('lines[2].hours');
  });
});
