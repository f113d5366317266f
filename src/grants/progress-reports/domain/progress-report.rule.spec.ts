import {
  DEFAULT_REPORTING_INDICATORS,
  indicatorValueProblems,
  progressReportSubmissionProblems,
  reportingIndicators,
} from './progress-report.rule';

const codes = (errors: { field: string; code: string }[]) => errors.map((e) => `${e.field}:${e.code}`);

describe('progress report rules', () => {
  it('uses the call’s indicators, or companies served and tests carried out', () => {
    expect(reportingIndicators({}).map((i) => i.code)).toEqual(['COMPANIES_SERVED', 'TESTS_CARRIED_OUT']);
    expect(reportingIndicators({ indicators: [] })).toBe(DEFAULT_REPORTING_INDICATORS);
    expect(reportingIndicators({ indicators: [{ code: 'EVENTS', label: 'Evenementen' }] }).map((i) => i.code)).toEqual(['EVENTS']);
  });

  it('refuses unknown indicators and values that are no counts', () => {
    expect(codes(indicatorValueProblems({ COMPANIES_SERVED: 12, BEAUTY: 3, TESTS_CARRIED_OUT: 2.5 }, DEFAULT_REPORTING_INDICATORS))).toEqual([
      'indicators.BEAUTY:UNKNOWN_INDICATOR',
      'indicators.TESTS_CARRIED_OUT:INVALID_INDICATOR_VALUE',
    ]);
    expect(codes(indicatorValueProblems({ COMPANIES_SERVED: -1 }, DEFAULT_REPORTING_INDICATORS))).toEqual(['indicators.COMPANIES_SERVED:INVALID_INDICATOR_VALUE']);
  });

  const after = { today: '2021-07-01', periodEnd: '2021-06-30' };

  it('needs a narrative and every indicator, 0 included, before submission', () => {
    const complete = { narrative: 'Twaalf kmo’s testten sensoren in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 0 } };
    expect(progressReportSubmissionProblems(complete, DEFAULT_REPORTING_INDICATORS, after)).toEqual([]);
    expect(codes(progressReportSubmissionProblems({ narrative: '  kort  ', indicators: { COMPANIES_SERVED: 12 } }, DEFAULT_REPORTING_INDICATORS, after))).toEqual([
      'narrative:NARRATIVE_REQUIRED',
      'indicators.TESTS_CARRIED_OUT:INDICATOR_MISSING',
    ]);
  });

  it('comes after the end of its period (the final report after the end of the grant)', () => {
    const complete = { narrative: 'Twaalf kmo’s testten sensoren in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 0 } };
    expect(codes(progressReportSubmissionProblems(complete, DEFAULT_REPORTING_INDICATORS, { today: '2021-06-30', periodEnd: '2021-06-30' }))).toEqual(['period:PERIOD_NOT_ENDED']);
    expect(codes(progressReportSubmissionProblems(complete, DEFAULT_REPORTING_INDICATORS, { today: '2023-02-28', periodEnd: '2023-02-28' }))).toEqual(['period:PERIOD_NOT_ENDED']);
  });
});
