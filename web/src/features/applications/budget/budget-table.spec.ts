import {
  emptyLine,
  fromSavedLines,
  groupRows,
  hourlyRate,
  percentToRate,
  projectYears,
  rateToPercent,
  rowCost,
  settleFresh,
  visibleProblems,
  staffCost,
  staffHelper,
  staffHoursLimit,
  toBudgetLines,
  type DraftLine,
} from './budget-table';

const LEAD = '0566988259';
const NETWORK = '0403199702';
const CATEGORIES = [
  { code: 'STAFF', label: 'Personeelskosten', kind: 'STAFF' as const },
  { code: 'OPERATING', label: 'Werkingskosten', kind: 'REAL' as const },
];
const PARTNERS = [
  { enterpriseNumber: LEAD, name: 'Hogeschool' },
  { enterpriseNumber: NETWORK, name: 'Voka' },
];

function staffRow(patch: Partial<DraftLine> = {}): DraftLine {
  return { ...emptyLine(LEAD, 'STAFF', 'STAFF', 2021), text: 'Labcoördinator', annualGrossCost: '100.000,00', hours: '1720', ...patch };
}

function realRow(patch: Partial<DraftLine> = {}): DraftLine {
  return { ...emptyLine(LEAD, 'REAL', 'OPERATING', 2021), text: 'Huur', amount: '1.500', ...patch };
}

describe('staff-cost helper (annual gross cost ÷ 1.720 × hours)', () => {
  it('divides by 1.720 hours and rounds the line total down once, never the hourly rate first', () => {
    // 50.000,00 ÷ 1.720 = 29,0697… per hour; 1.720 hours give back exactly 50.000,00.
    expect(staffCost(5_000_000, 1720, 1720)).toBe(5_000_000);
    // 860 h: 2.500.000,00 cents exactly; 1 h: ⌊2.906,97…⌋ = 2.906 cents.
    expect(staffCost(5_000_000, 860, 1720)).toBe(2_500_000);
    expect(staffCost(5_000_000, 1, 1720)).toBe(2906);
    expect(hourlyRate(5_000_000, 1720)).toBe(2906);
    // Rounding the rate first would give 29,06 × 1.720 = 49.983,20.
    expect(staffCost(5_000_000, 1720, 1720)).not.toBe(2906 * 1720);
  });

  it('divides a part-time salary by the pro-rata of 1.720 hours and limits the hours to 1.720 × FTE', () => {
    const half = { numerator: 1, denominator: 2 };
    expect(staffHoursLimit(1720, half)).toBe(860);
    expect(staffHoursLimit(1720, { numerator: 1, denominator: 3 })).toBe(573);
    // A half-time person costing 30.000,00 a year: 860 hours are the whole salary.
    expect(staffCost(3_000_000, 860, 1720, half)).toBe(3_000_000);
    const helper = staffHelper(staffRow({ annualGrossCost: '30.000', ftePercent: '50', hours: '861' }), 1720);
    expect(helper).toEqual({ hourlyRate: 3488, limit: 860, cost: staffCost(3_000_000, 861, 1720, half), aboveLimit: true });
    expect(staffHelper(staffRow({ ftePercent: '50', hours: '860' }), 1720).aboveLimit).toBe(false);
  });

  it('shows no cost while a cell is not a number yet', () => {
    expect(staffHelper(staffRow({ annualGrossCost: '12,345' }), 1720)).toMatchObject({ hourlyRate: null, cost: null });
    expect(staffHelper(staffRow({ hours: 'acht' }), 1720)).toMatchObject({ cost: null, aboveLimit: false });
    expect(rowCost(realRow({ amount: '' }), 1720)).toBeNull();
    expect(rowCost(realRow(), 1720)).toBe(150_000);
  });
});

describe('part-time percentages', () => {
  it('reads and writes exact fractions', () => {
    expect(percentToRate('50')).toEqual({ numerator: 1, denominator: 2 });
    expect(percentToRate('62,5')).toEqual({ numerator: 5, denominator: 8 });
    expect(percentToRate('100 %')).toEqual({ numerator: 1, denominator: 1 });
    expect(percentToRate('0')).toBeNull();
    expect(percentToRate('120')).toBeNull();
    expect(percentToRate('half')).toBeNull();
    expect(rateToPercent({ numerator: 5, denominator: 8 })).toBe('62,5');
    expect(rateToPercent(null)).toBe('100');
  });

  it('keeps a saved fraction that no percentage writes exactly (1/3) while it is unchanged', () => {
    const [row] = fromSavedLines([{ partner: LEAD, kind: 'STAFF', category: 'STAFF', year: 2021, description: 'Onderzoeker', annualGrossCost: 6_000_000, hours: 500, fte: { numerator: 1, denominator: 3 }, amount: null, vatIncluded: false, vatAmount: 0 }]);
    expect(row.ftePercent).toBe('33,33');
    expect(toBudgetLines([row]).lines[0].fte).toEqual({ numerator: 1, denominator: 3 });
    expect(toBudgetLines([{ ...row, ftePercent: '40' }]).lines[0].fte).toEqual({ numerator: 2, denominator: 5 });
  });
});

describe('rows to the service’s budget lines', () => {
  it('sends integer cents and whole hours in the rows’ order', () => {
    const { lines, problems } = toBudgetLines([staffRow(), realRow({ vatIncluded: true, vatAmount: '260,33' })]);
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      { partner: LEAD, kind: 'STAFF', category: 'STAFF', year: 2021, function: 'Labcoördinator', annualGrossCost: 10_000_000, hours: 1720, fte: { numerator: 1, denominator: 1 }, vatIncluded: false },
      { partner: LEAD, kind: 'REAL', category: 'OPERATING', year: 2021, description: 'Huur', amount: 150_000, vatIncluded: true, vatAmount: 26_033 },
    ]);
  });

  it('names every cell that cannot be sent, at the service’s field path, and sends nothing', () => {
    const { lines, problems } = toBudgetLines([staffRow(), staffRow({ text: ' ', hours: '12,5', annualGrossCost: 'veel' }), realRow({ vatIncluded: true, vatAmount: '2.000' })]);
    expect(lines).toEqual([]);
    expect(problems).toEqual([
      { field: 'lines[1].function', code: 'required' },
      { field: 'lines[1].annualGrossCost', code: 'notAnAmount' },
      { field: 'lines[1].hours', code: 'notWholeHours' },
      { field: 'lines[2].vatAmount', code: 'vatAboveAmount' },
    ]);
  });

  it('round-trips what the service returns', () => {
    const saved = [
      { partner: LEAD, kind: 'STAFF' as const, category: 'STAFF', year: 2022, description: 'Onderzoeker', annualGrossCost: 6_543_210, hours: 860, fte: { numerator: 1, denominator: 2 }, amount: null, vatIncluded: false, vatAmount: 0 },
      { partner: NETWORK, kind: 'REAL' as const, category: 'OPERATING', year: 2021, description: 'Workshops', annualGrossCost: null, hours: null, fte: null, amount: 29_000_000, vatIncluded: false, vatAmount: 0 },
    ];
    const rows = fromSavedLines(saved);
    expect(rows[0]).toMatchObject({ annualGrossCost: '65432,10', hours: '860', ftePercent: '50', year: '2022' });
    expect(toBudgetLines(rows).lines).toEqual([
      { partner: LEAD, kind: 'STAFF', category: 'STAFF', year: 2022, function: 'Onderzoeker', annualGrossCost: 6_543_210, hours: 860, fte: { numerator: 1, denominator: 2 }, vatIncluded: false },
      { partner: NETWORK, kind: 'REAL', category: 'OPERATING', year: 2021, description: 'Workshops', amount: 29_000_000, vatIncluded: false, vatAmount: 0 },
    ]);
  });
});

describe('the table per partner × cost category × year', () => {
  it('groups rows in consortium and call order, sorted by year, and totals them', () => {
    const rows = [
      staffRow({ year: '2022' }),
      realRow({ partner: NETWORK }),
      staffRow({ year: '2021', text: 'Onderzoeker', annualGrossCost: '50.000', hours: '1' }),
      realRow({ amount: '' }),
    ];
    const { partners, orphans } = groupRows(rows, PARTNERS, CATEGORIES, 1720);
    expect(orphans).toEqual([]);
    const [lead, network] = partners;
    expect(lead.categories.map((c) => c.rows.map((r) => r.index))).toEqual([[2, 0], [3]]);
    expect(lead.categories[0].total).toBe(10_000_000 + 2906);
    expect(lead.categories[1].total).toBe(0);
    expect(lead.total).toBe(10_002_906);
    expect(network.categories[1].rows.map((r) => r.index)).toEqual([1]);
    expect(network.total).toBe(150_000);
  });

  it('keeps rows of a removed partner or unknown category as orphans instead of dropping them', () => {
    const { orphans } = groupRows([staffRow({ partner: '0123456749' }), realRow({ category: 'TRAVEL' })], PARTNERS, CATEGORIES, 1720);
    expect(orphans.map((o) => o.index)).toEqual([0, 1]);
  });
});

describe('project years', () => {
  it('spans the calendar years of the project', () => {
    expect(projectYears('2021-03-01', 24, 2020)).toEqual([2021, 2022, 2023]);
    expect(projectYears('2021-01-01', 24, 2020)).toEqual([2021, 2022]);
    expect(projectYears('2021-01-02', 24, 2020)).toEqual([2021, 2022, 2023]);
    expect(projectYears(null, 24, 2020, ['2025'])).toEqual([2020, 2021, 2025]);
  });
});

describe('a line being filled in for the first time', () => {
  it('shows no "required" before the user could have finished, but shows other problems and all on an explicit save', () => {
    const rows = [staffRow(), { ...emptyLine(LEAD, 'STAFF', 'STAFF', 2021), text: 'Onderzoeker', hours: 'veel' }];
    const { problems } = toBudgetLines(rows);
    expect(problems.map((p) => p.field)).toEqual(['lines[1].annualGrossCost', 'lines[1].hours']);
    expect(visibleProblems(rows, problems)).toEqual([{ field: 'lines[1].hours', code: 'notWholeHours' }]);
    expect(visibleProblems(rows, problems, true)).toHaveLength(2);
  });

  it('is no longer fresh once it is complete', () => {
    const rows = [{ ...staffRow(), fresh: true }, { ...emptyLine(LEAD, 'REAL', 'OPERATING', 2021) }];
    const settled = settleFresh(rows, toBudgetLines(rows).problems);
    expect(settled?.map((r) => r.fresh)).toEqual([false, true]);
    expect(settleFresh(settled!, toBudgetLines(settled!).problems)).toBeNull();
  });
});
