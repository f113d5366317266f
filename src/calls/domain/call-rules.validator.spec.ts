import { defaultCallRules } from './call-rules';
import { CallDefinition, validateCallDefinition } from './call-rules.validator';

function labsCall(): CallDefinition {
  const rules = defaultCallRules();
  rules.maxRate = { numerator: 999_000, denominator: 1_500_000 };
  return {
    opensAt: new Date('2020-07-01T08:00:00Z'),
    closesAt: new Date('2020-09-30T15:00:00Z'),
    envelope: 500_000_000,
    capPerProject: 99_900_000,
    referenceCost: 150_000_000,
    rules,
  };
}

const codes = (call: CallDefinition) => validateCallDefinition(call).map((e) => `${e.field}:${e.code}`);

describe('validateCallDefinition', () => {
  it('accepts the Digital Experience Labs call', () => {
    expect(validateCallDefinition(labsCall())).toEqual([]);
  });

  it('refuses closing before or at opening', () => {
    const call = labsCall();
    call.closesAt = call.opensAt;
    expect(codes(call)).toContain('closesAt:CLOSES_BEFORE_OPENING');
  });

  it('refuses a cap above the envelope', () => {
    const call = labsCall();
    call.capPerProject = call.envelope + 1;
    expect(codes(call)).toContain('capPerProject:CAP_ABOVE_ENVELOPE');
  });

  it('refuses a funding source whose rate exceeds the maximum rate', () => {
    const call = labsCall();
    call.rules.fundingSources[0].maxRate = { numerator: 7, denominator: 10 };
    expect(codes(call)).toContain('rules.fundingSources[0].maxRate:SOURCE_ABOVE_MAX_RATE');
  });

  it('refuses a rest source that is not last', () => {
    const call = labsCall();
    call.rules.fundingSources.reverse();
    expect(codes(call)).toContain('rules.fundingSources[0].maxRate:REST_NOT_LAST');
  });

  it('refuses sources that cannot cover the maximum rate', () => {
    const call = labsCall();
    call.rules.fundingSources = [{ code: 'EFRO', name: 'EFRO', maxRate: { numerator: 2, denominator: 5 } }];
    expect(codes(call)).toContain('rules.fundingSources:SOURCES_BELOW_MAX_RATE');
  });

  it('refuses a threshold above the scale and a total threshold above the highest total', () => {
    const call = labsCall();
    call.rules.evaluation.criteria[0].threshold = 6;
    call.rules.evaluation.totalThreshold = 10.5;
    expect(codes(call)).toEqual(
      expect.arrayContaining(['rules.evaluation.criteria[0].threshold:THRESHOLD_ABOVE_SCALE', 'rules.evaluation.totalThreshold:THRESHOLD_ABOVE_SCALE']),
    );
  });

  it('refuses unknown criteria in the tie-break order', () => {
    const call = labsCall();
    call.rules.evaluation.tieBreak = ['STRATEGIC', 'IMPACT'];
    expect(codes(call)).toContain('rules.evaluation.tieBreak[1]:UNKNOWN_CRITERION');
  });

  it('refuses a step that does not divide the scale', () => {
    const call = labsCall();
    call.rules.evaluation.criteria[0].step = 0.3;
    expect(codes(call)).toContain('rules.evaluation.criteria[0].step:STEP_NOT_DIVIDING_SCALE');
  });

  it('refuses rates above 100 % and advance plus retention above 100 %', () => {
    const call = labsCall();
    call.rules.maxRate = { numerator: 3, denominator: 2 };
    call.rules.advanceRate = { numerator: 9, denominator: 10 };
    call.rules.retentionRate = { numerator: 1, denominator: 5 };
    expect(codes(call)).toEqual(expect.arrayContaining(['rules.maxRate:RATE_ABOVE_ONE', 'rules.retentionRate:ADVANCE_PLUS_RETENTION_ABOVE_ONE']));
  });

  it('refuses a reporting period longer than the project and partner limits that contradict', () => {
    const call = labsCall();
    call.rules.reportingPeriodMonths = 30;
    call.rules.consortium.minPartners = 5;
    call.rules.consortium.maxPartners = 2;
    expect(codes(call)).toEqual(
      expect.arrayContaining(['rules.reportingPeriodMonths:PERIOD_LONGER_THAN_PROJECT', 'rules.consortium.minPartners:MIN_ABOVE_MAX']),
    );
  });

  it('refuses a minimum own contribution that the maximum rate leaves no room for', () => {
    const call = labsCall();
    call.rules.minOwnContribution = { numerator: 2, denominator: 5 };
    expect(codes(call)).toContain('rules.minOwnContribution:CONTRADICTS_MAX_RATE');
  });

  it('refuses a reporting indicator listed twice', () => {
    const call = labsCall();
    call.rules.indicators = [
      { code: 'COMPANIES_SERVED', label: 'Bediende bedrijven' },
      { code: 'COMPANIES_SERVED', label: 'Nogmaals' },
    ];
    expect(codes(call)).toContain('rules.indicators[1].code:DUPLICATE');
  });

  describe('EDIH: a yearly band and matching cofinancing', () => {
    // As the demo's EDIH preselection: € 0,5–1 million a year for three years, EU 50 %, matched 1:1.
    function edih(): CallDefinition {
      const rules = defaultCallRules();
      rules.maxRate = { numerator: 1, denominator: 2 };
      rules.fundingSources = [{ code: 'DIGITAL_EUROPE', name: 'Digital Europe Programme', maxRate: { numerator: 1, denominator: 2 } }];
      rules.durationMonths = 36;
      rules.yearlyContribution = { min: 50_000_000, max: 100_000_000 };
      rules.matchingCofinancing = { code: 'VLAANDEREN', name: 'Vlaamse matching', minRatio: { numerator: 1, denominator: 1 } };
      return { ...labsCall(), envelope: 1_500_000_000, capPerProject: 300_000_000, referenceCost: 600_000_000, rules };
    }

    it('accepts the EDIH preselection call', () => {
      expect(validateCallDefinition(edih())).toEqual([]);
    });

    it('refuses a yearly minimum above the maximum and a maximum above the cap per project', () => {
      const call = edih();
      call.rules.yearlyContribution = { min: 100_000_001, max: 100_000_000 };
      expect(codes(call)).toContain('rules.yearlyContribution.min:minAboveMax');
      call.rules.yearlyContribution = { min: 0, max: 300_000_001 };
      expect(codes(call)).toContain('rules.yearlyContribution.max:aboveCap');
    });

    it('refuses matching that does not fit beside the maximum rate', () => {
      const call = edih();
      // 1/2 + 1/2 × 11/10 = 105 % of eligible cost.
      call.rules.matchingCofinancing!.minRatio = { numerator: 11, denominator: 10 };
      expect(codes(call)).toContain('rules.matchingCofinancing.minRatio:matchingContradictsMaxRate');
      // 1/2 + 1/2 × 1 = 100 %: room left for no own contribution at all, so 1 % is too much.
      call.rules.matchingCofinancing!.minRatio = { numerator: 1, denominator: 1 };
      call.rules.minOwnContribution = { numerator: 1, denominator: 100 };
      expect(codes(call)).toContain('rules.matchingCofinancing.minRatio:matchingContradictsMaxRate');
    });

    it('refuses matching under the code of a funding source of the subsidy', () => {
      const call = edih();
      call.rules.matchingCofinancing!.code = 'DIGITAL_EUROPE';
      expect(codes(call)).toContain('rules.matchingCofinancing.code:duplicate');
    });
  });

  it('lists every problem at once', () => {
    const call = labsCall();
    call.closesAt = new Date('2020-01-01T00:00:00Z');
    call.capPerProject = call.envelope * 2;
    expect(validateCallDefinition(call).length).toBeGreaterThanOrEqual(2);
  });
});
