import { DEFAULT_COST_CATEGORIES } from '../../../calls/domain/call-rules';
import { StatementSubmissionInput, statementSubmissionProblems, SubmittedLine } from './statement-submission.rule';

const LEAD = '0566988259';
const PARTNER = '0403199702';

const staff = (over: Partial<SubmittedLine> = {}): SubmittedLine => ({
  partner: LEAD,
  kind: 'STAFF',
  category: 'STAFF',
  paymentDate: '2021-05-31',
  person: 'Labcoördinator',
  hours: 500,
  fte: null,
  amount: 2_906_976,
  ...over,
});
const real = (over: Partial<SubmittedLine> = {}): SubmittedLine => ({
  partner: PARTNER,
  kind: 'REAL',
  category: 'OPERATING',
  paymentDate: '2021-04-15',
  person: null,
  hours: null,
  fte: null,
  amount: 150_000,
  ...over,
});

const input = (over: Partial<StatementSubmissionInput> = {}): StatementSubmissionInput => ({
  lines: [staff(), real()],
  period: { startDate: '2021-03-01', endDate: '2021-06-30' },
  grant: { startDate: '2021-03-01', endDate: '2023-02-28' },
  partners: [LEAD, PARTNER],
  categories: DEFAULT_COST_CATEGORIES,
  annualWorkingHours: 1720,
  priorStaffHours: [],
  today: '2021-07-05',
  progressReportSubmitted: true,
  ...over,
});

const codes = (i: StatementSubmissionInput) => statementSubmissionProblems(i).map((p) => `${p.field}:${p.code}`);

describe('cost statement submission rules', () => {
  it('accepts a statement within the period, the consortium and the call’s categories', () => {
    expect(statementSubmissionProblems(input())).toEqual([]);
  });

  it('waits for the end of the period and for the progress report', () => {
    expect(codes(input({ today: '2021-06-30', progressReportSubmitted: false }))).toEqual(['period:PERIOD_NOT_ENDED', 'progressReport:PROGRESS_REPORT_MISSING']);
    expect(codes(input({ lines: [] }))).toEqual(['lines:EMPTY_STATEMENT']);
  });

  it('lists every broken rule on its line', () => {
    const problems = codes(
      input({
        lines: [
          real({ paymentDate: '2021-02-28' }), // before the grant
          real({ paymentDate: '2021-07-01' }), // next period
          real({ category: 'TRAVEL' }), // not a category of the call
          real({ category: 'STAFF' }), // a staff category for a real cost
          real({ partner: '0417497106' }), // not in the consortium
          staff({ hours: 1721 }),
        ],
      }),
    );
    expect(problems).toEqual([
      'lines[0].paymentDate:COST_OUTSIDE_GRANT',
      'lines[1].paymentDate:COST_OUTSIDE_PERIOD',
      'lines[2].category:CATEGORY_NOT_ALLOWED',
      'lines[3].category:CATEGORY_NOT_ALLOWED',
      'lines[4].partner:UNKNOWN_PARTNER',
      'lines[5].hours:HOURS_ABOVE_LIMIT',
    ]);
  });

  it('adds hours of one person per year over lines and earlier statements, however the name is typed', () => {
    const lines = [staff({ hours: 800 }), staff({ person: '  labcoördinator ', hours: 600 })];
    expect(codes(input({ lines }))).toEqual([]);
    const prior = [{ partner: LEAD, person: 'LABCOÖRDINATOR', year: 2021, hours: 400, fte: null }];
    const problems = statementSubmissionProblems(input({ lines, priorStaffHours: prior }));
    expect(problems).toEqual([expect.objectContaining({ field: 'lines[1].hours', code: 'HOURS_ABOVE_LIMIT' })]);
    expect(problems[0].message).toMatch(/1800 hours in 2021 \(400 of them in earlier statements\), above the limit of 1720/);
    // Another year, or another partner's person of the same name, has its own limit.
    expect(codes(input({ lines, priorStaffHours: [{ ...prior[0], year: 2022 }] }))).toEqual([]);
    expect(codes(input({ lines, priorStaffHours: [{ ...prior[0], partner: PARTNER }] }))).toEqual([]);
  });

  it('holds part-time staff to their pro-rata of the annual hours', () => {
    const half = { numerator: 1, denominator: 2 };
    expect(codes(input({ lines: [staff({ fte: half, hours: 860 })] }))).toEqual([]);
    expect(codes(input({ lines: [staff({ fte: half, hours: 861 })] }))).toEqual(['lines[0].hours:HOURS_ABOVE_LIMIT']);
  });

  it('accepts the first and last day of the period and of the grant', () => {
    const lines = [real({ paymentDate: '2021-03-01' }), real({ paymentDate: '2021-06-30' })];
    expect(codes(input({ lines }))).toEqual([]);
    const last = { startDate: '2022-11-01', endDate: '2023-02-28' };
    expect(codes(input({ period: last, today: '2023-03-10', lines: [real({ paymentDate: '2023-02-28' })] }))).toEqual([]);
    expect(codes(input({ period: last, today: '2023-03-10', lines: [real({ paymentDate: '2023-03-01' })] }))).toEqual(['lines[0].paymentDate:COST_OUTSIDE_GRANT']);
  });
});
