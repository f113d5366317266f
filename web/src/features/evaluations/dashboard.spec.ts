import { proposalsByProvince, scoringProgress, toEuros } from './dashboard';

describe('call dashboard figures', () => {
  it('counts proposals per province and status, and the subsidy they ask', () => {
    const rows = proposalsByProvince(
      [
        { province: 'BE24', status: 'SUBMITTED', requestedSubsidy: 50_000_000 },
        { province: 'BE24', status: 'ADMISSIBLE', requestedSubsidy: null },
        { province: 'BE21', status: 'INADMISSIBLE', requestedSubsidy: 10 },
      ],
      99_900_000,
    );
    expect(rows.map((r) => r.province)).toEqual(['BE21', 'BE22', 'BE23', 'BE24', 'BE25']);
    expect(rows[3]).toMatchObject({ total: 2, SUBMITTED: 1, ADMISSIBLE: 1, requested: 149_900_000 });
    expect(rows[0]).toMatchObject({ total: 1, INADMISSIBLE: 1, requested: 10 });
    expect(rows[1]).toMatchObject({ total: 0, requested: 0 });
  });

  it('shows scoring progress per evaluator', () => {
    expect(
      scoringProgress([
        { evaluatorName: 'B', status: 'SUBMITTED' },
        { evaluatorName: 'A', status: 'ASSIGNED' },
        { evaluatorName: 'B', status: 'DECLARED' },
        { evaluatorName: 'B', status: 'CONFLICT' },
      ]),
    ).toEqual([
      { evaluator: 'A', assigned: 1, declared: 0, submitted: 0, conflicts: 0 },
      { evaluator: 'B', assigned: 3, declared: 1, submitted: 1, conflicts: 1 },
    ]);
  });

  it('rounds chart euros down', () => {
    expect(toEuros(99_900_099)).toBe(999_000);
  });
});
