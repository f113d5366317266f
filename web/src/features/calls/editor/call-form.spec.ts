import { formOf, fromBrusselsLocal, brusselsLocal, newCallForm, toBody, workedExample } from './call-form';

describe('call editor form', () => {
  it('reads Brussels wall-clock times in summer and winter', () => {
    expect(fromBrusselsLocal('2020-09-30T17:00')).toBe('2020-09-30T17:00:00+02:00');
    expect(fromBrusselsLocal('2020-12-01T09:30')).toBe('2020-12-01T09:30:00+01:00');
    expect(fromBrusselsLocal('2021-03-28T02:30')).toBeNull();
    expect(fromBrusselsLocal('30/09/2020')).toBeNull();
    expect(brusselsLocal('2020-09-30T15:00:00Z')).toBe('2020-09-30T17:00');
  });

  it('turns the typed form into the API body, naming what it cannot read', () => {
    const form = { ...newCallForm(), code: ' DXL-2020 ', title: 'Labs', opensAt: '2020-07-01T10:00', closesAt: '2020-09-30T17:00', envelope: '5.000.000', capPerProject: '999.000', referenceCost: '1.500.000' };
    const { body, problems } = toBody(form);
    expect(problems).toEqual([]);
    expect(body).toMatchObject({ code: 'DXL-2020', envelope: 500_000_000, capPerProject: 99_900_000, referenceCost: 150_000_000, opensAt: '2020-07-01T10:00:00+02:00' });
    expect(toBody({ ...form, envelope: '5,000,000', closesAt: '' }).problems).toEqual([
      { field: 'closesAt', code: 'brusselsInstant' },
      { field: 'envelope', code: 'euroAmount' },
    ]);
  });

  it('shows the labs example: € 1.500.000 cost gives € 999.000 subsidy', () => {
    const form = { ...newCallForm(), capPerProject: '999.000', referenceCost: '1.500.000' };
    form.rules = { ...form.rules, maxRate: { numerator: 999_000, denominator: 1_500_000 } };
    expect(workedExample(form)).toEqual({ cost: 150_000_000, subsidy: 99_900_000 });
    form.rules = { ...form.rules, maxRate: { numerator: 4, denominator: 5 } };
    expect(workedExample(form)).toEqual({ cost: 150_000_000, subsidy: 99_900_000 });
    expect(workedExample({ ...form, referenceCost: 'x' })).toBeNull();
  });

  it('round-trips a stored call', () => {
    const form = formOf({ code: 'C', title: 'T', description: '', programme: 'EFRO', opensAt: '2020-07-01T08:00:00.000Z', closesAt: '2020-09-30T15:00:00.000Z', envelope: 500_000_000, capPerProject: 99_900_000, referenceCost: 150_000_000, rules: newCallForm().rules } as never);
    expect(toBody(form).body).toMatchObject({ opensAt: '2020-07-01T10:00:00+02:00', closesAt: '2020-09-30T17:00:00+02:00', envelope: 500_000_000 });
  });

  it('sends the EDIH yearly band in cents and the outcome, null when the band is taken away', () => {
    const form = { ...newCallForm(), opensAt: '2020-07-01T10:00', closesAt: '2020-09-30T17:00', envelope: '15.000.000', capPerProject: '3.000.000', referenceCost: '6.000.000', outcome: 'PRESELECTION' as const, yearlyBand: true, yearlyMin: '500.000', yearlyMax: '1.000.000' };
    const { body, problems } = toBody(form);
    expect(problems).toEqual([]);
    expect(body.outcome).toBe('PRESELECTION');
    expect(body.rules?.yearlyContribution).toEqual({ min: 50_000_000, max: 100_000_000 });
    expect(toBody({ ...form, yearlyBand: false }).body.rules?.yearlyContribution).toBeNull();
    expect(toBody({ ...form, yearlyMax: 'veel' }).problems).toEqual([{ field: 'rules.yearlyContribution.max', code: 'euroAmount' }]);
  });
});
