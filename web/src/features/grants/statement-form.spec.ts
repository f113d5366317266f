import { emptyCostLine, fromCostLines, groupByPartnerAndCategory, lineEligibility, missingForPeriod, parseDate, staffHelper, toStatementLines, visibleProblems, type CostLine, type DraftCostLine } from './statement-form';

const LEAD = '0566988259';
const PARTNER = '0403199702';

function staff(overrides: Partial<DraftCostLine> = {}): DraftCostLine {
  return { ...emptyCostLine(LEAD, 'STAFF', 'STAFF'), description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: '500', annualGrossCost: '60.000', fresh: false, ...overrides };
}

describe('the 1.720-hour staff helper', () => {
  it('divides the annual gross cost by 1.720 hours and rounds the line down once, not the hourly rate', () => {
    // 60.000,00 ÷ 1.720 = 34,8837…; × 500 h = 17.441,86 (rounding the rate first would give 17.440,00).
    expect(staffHelper(staff(), 1720)).toEqual({ hourlyRate: 3488, limit: 1720, cost: 1_744_186, aboveLimit: false });
  });

  it('takes the part-time pro rata: at half time the rate is divided by 860 hours and the limit is 860', () => {
    expect(staffHelper(staff({ ftePercent: '50', hours: '860' }), 1720)).toEqual({ hourlyRate: 6976, limit: 860, cost: 6_000_000, aboveLimit: false });
    expect(staffHelper(staff({ ftePercent: '50', hours: '861' }), 1720).aboveLimit).toBe(true);
  });

  it('shows nothing it cannot compute yet', () => {
    expect(staffHelper(staff({ annualGrossCost: 'zestig', hours: '' }), 1720)).toEqual({ hourlyRate: null, limit: 1720, cost: null, aboveLimit: false });
  });
});

describe('the drafts as the service’s lines', () => {
  it('sends staff lines without an amount (the service computes it) and real lines with one, in order, keeping ids and answers', () => {
    const real: DraftCostLine = { ...emptyCostLine(PARTNER, 'OPERATING', 'REAL'), id: 'b3c1', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '15/4/2021', amount: '1.500,00', answer: ' Betaald op 16/04 ', fresh: false };
    const { lines, problems } = toStatementLines([staff(), real]);
    expect(problems).toEqual([]);
    expect(lines).toEqual([
      { partner: LEAD, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: 500, annualGrossCost: 6_000_000 },
      { id: 'b3c1', partner: PARTNER, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000, answer: 'Betaald op 16/04' },
    ]);
  });

  it('reads dates as people type them, and refuses days that do not exist', () => {
    expect(parseDate('15/04/2021')).toBe('2021-04-15');
    expect(parseDate('5-4-2021')).toBe('2021-04-05');
    expect(parseDate('2021-04-15')).toBe('2021-04-15');
    expect(parseDate('29/02/2021')).toBeNull();
    expect(parseDate('april')).toBeNull();
  });

  it('sends a part-time fraction only when it is not full time', () => {
    expect(toStatementLines([staff({ ftePercent: '80' })]).lines[0]).toMatchObject({ fte: { numerator: 4, denominator: 5 } });
  });

  it('names each cell to fix at the service’s field path, and sends nothing then', () => {
    const bad = staff({ hours: '12,5', annualGrossCost: 'veel', paymentDate: '2021-02-30', person: '' });
    const { lines, problems } = toStatementLines([staff(), bad]);
    expect(lines).toEqual([]);
    expect(problems).toEqual([
      { field: 'lines[1].paymentDate', code: 'notADate' },
      { field: 'lines[1].person', code: 'required' },
      { field: 'lines[1].annualGrossCost', code: 'notAnAmount' },
      { field: 'lines[1].hours', code: 'notWholeHours' },
    ]);
  });

  it('shows no "required" on a line being filled in for the first time, until a save', () => {
    const fresh = emptyCostLine(LEAD, 'OPERATING', 'REAL');
    const { problems } = toStatementLines([fresh]);
    expect(visibleProblems([fresh], problems)).toEqual([]);
    expect(visibleProblems([fresh], problems, true)).toHaveLength(problems.length);
  });

  it('reads saved lines back as drafts, the amount of a staff line left to the helper', () => {
    const saved = {
      id: 'x',
      position: 0,
      partner: LEAD,
      partnerName: 'Hogeschool',
      kind: 'STAFF',
      category: 'STAFF',
      description: 'Coördinatie',
      reference: 'LOON',
      paymentDate: '2021-06-25',
      person: 'Labcoördinator',
      hours: 500,
      annualGrossCost: 6_000_000,
      fte: { numerator: 1, denominator: 3 },
      amount: 1_744_186,
      vatAmount: 0,
      vatRecoverable: false,
      eligibleVat: 0,
      vatExcluded: 0,
      vatExclusion: null,
      eligibleAmount: 1_744_186,
      review: null,
      question: { question: 'Loonfiche?', askedAt: '2021-07-06T08:00:00Z', answer: null },
    } satisfies CostLine;
    const [draft] = fromCostLines([saved]);
    expect(draft).toMatchObject({ id: 'x', paymentDate: '25/06/2021', hours: '500', annualGrossCost: '60000,00', ftePercent: '33,33', amount: '', answer: '' });
    // One third stays one third while its percentage is untouched.
    expect(toStatementLines([draft]).lines[0]).toMatchObject({ fte: { numerator: 1, denominator: 3 } });
  });
});

describe('VAT on a cost line', () => {
  const line = (patch: Partial<DraftCostLine>): DraftCostLine => ({
    ...emptyCostLine('0566988259', 'OPERATING', 'REAL'),
    description: 'Sensoren',
    reference: 'F-1',
    paymentDate: '10/05/2021',
    amount: '12.100,00',
    vatAmount: '2.100,00',
    ...patch,
  });

  it('sends the VAT and the recoverable flag, and refuses VAT above the amount', () => {
    expect(toStatementLines([line({ vatRecoverable: true })]).lines[0]).toMatchObject({ amount: 1_210_000, vatAmount: 210_000, vatRecoverable: true });
    expect(toStatementLines([line({ vatAmount: '' })]).lines[0]).not.toHaveProperty('vatAmount');
    expect(toStatementLines([line({ vatAmount: '12.100,01' })]).problems).toEqual([{ field: 'lines[0].vatAmount', code: 'vatAboveAmount' }]);
  });

  it('shows what is eligible by the service rule: € 12.100 with € 2.100 VAT', () => {
    expect(lineEligibility(line({}), 1720, true)).toMatchObject({ eligible: 1_210_000, vat: { eligible: 210_000, excluded: 0 } });
    expect(lineEligibility(line({ vatRecoverable: true }), 1720, true)).toMatchObject({ eligible: 1_000_000, vat: { excluded: 210_000, reason: 'RECOVERABLE' } });
    expect(lineEligibility(line({}), 1720, false)).toMatchObject({ eligible: 1_000_000, vat: { reason: 'OPERATION_ABOVE_THRESHOLD' } });
  });
});

describe('grouping and the calendar', () => {
  it('groups lines per partner and category in their orders, keeping each line’s place, and shows unknown ones apart', () => {
    const partners = [
      { enterpriseNumber: LEAD, name: 'Hogeschool' },
      { enterpriseNumber: PARTNER, name: 'Voka' },
    ];
    const categories = [
      { code: 'STAFF', label: 'Personeelskosten', kind: 'STAFF' as const },
      { code: 'OPERATING', label: 'Werkingskosten', kind: 'REAL' as const },
    ];
    const items = [
      { partner: PARTNER, category: 'OPERATING' },
      { partner: '0566.988.259', category: 'STAFF' },
      { partner: LEAD, category: 'TRAVEL' },
    ];
    const grouped = groupByPartnerAndCategory(items, partners, categories);
    expect(grouped.partners.map((p) => p.categories.map((c) => c.items.map((i) => i.index)))).toEqual([[[1], []], [[], [0]]]);
    expect(grouped.orphans.map((o) => o.index)).toEqual([2]);
  });

  it('lists what a period still misses: the report and the statement, not for the final report', () => {
    expect(missingForPeriod({ kind: 'PERIOD', progressReport: null, costStatement: null })).toEqual([
      { what: 'progressReport', state: 'notStarted' },
      { what: 'costStatement', state: 'notStarted' },
    ]);
    expect(missingForPeriod({ kind: 'PERIOD', progressReport: { id: 'r', status: 'SUBMITTED' }, costStatement: { id: 's', status: 'RETURNED', acceptedEligible: null, subsidyNet: null } })).toEqual([
      { what: 'costStatement', state: 'returned' },
    ]);
    expect(missingForPeriod({ kind: 'FINAL', progressReport: { id: 'r', status: 'DRAFT' }, costStatement: null })).toEqual([{ what: 'progressReport', state: 'draft' }]);
  });
});
