import fc from 'fast-check';
import { planAssignments, ProposalToStaff } from './assignment.rule';

const proposal = (id: string, partners: string[] = [], taken: string[] = [], activeCount = 0): ProposalToStaff => ({
  applicationId: id,
  partnerNumbers: partners,
  takenOrExcluded: taken,
  activeCount,
});

describe('planAssignments', () => {
  const evaluators = ['e1', 'e2', 'e3', 'e4'].map((id, i) => ({ evaluatorId: id, enterpriseNumber: `000000000${i}`, load: 0 }));

  it('gives every proposal N distinct evaluators and spreads the load evenly', () => {
    const plan = planAssignments([proposal('a'), proposal('b'), proposal('c'), proposal('d')], evaluators, 3);
    expect(plan.shortfalls).toEqual([]);
    const loads = new Map<string, number>();
    for (const a of plan.assignments) loads.set(a.evaluatorId, (loads.get(a.evaluatorId) ?? 0) + 1);
    expect([...loads.values()].sort()).toEqual([3, 3, 3, 3]);
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(new Set(plan.assignments.filter((x) => x.applicationId === id).map((x) => x.evaluatorId)).size).toBe(3);
    }
  });

  it('never assigns an evaluator whose organisation is a partner', () => {
    const plan = planAssignments([proposal('a', ['0000000001'])], evaluators, 3);
    expect(plan.assignments.map((a) => a.evaluatorId)).not.toContain('e2');
  });

  it('skips evaluators already on the proposal or who declared a conflict, and reports a shortfall', () => {
    const plan = planAssignments([proposal('a', ['0000000000'], ['e2', 'e3'], 1)], evaluators, 3);
    expect(plan.assignments).toEqual([{ applicationId: 'a', evaluatorId: 'e4' }]);
    expect(plan.shortfalls).toEqual([{ applicationId: 'a', missing: 1 }]);
  });

  it('never assigns a conflicted or repeated evaluator and never more than asked (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ partners: fc.subarray(['0', '1', '2', '3', '4', '5']) }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (specs, n) => {
          const evs = ['0', '1', '2', '3', '4', '5'].map((x) => ({ evaluatorId: `e${x}`, enterpriseNumber: x, load: 0 }));
          const proposals = specs.map((s, i) => proposal(`p${i}`, s.partners));
          const plan = planAssignments(proposals, evs, n);
          return proposals.every((p) => {
            const mine = plan.assignments.filter((a) => a.applicationId === p.applicationId).map((a) => a.evaluatorId);
            return mine.length <= n && new Set(mine).size === mine.length && mine.every((e) => !p.partnerNumbers.includes(e.slice(1)));
          });
        },
      ),
    );
  });
});
