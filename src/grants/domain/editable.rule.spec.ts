import { isEditable } from './editable.rule';

describe('editable rule', () => {
  it('leaves drafts and returned reports or statements to the beneficiary, and freezes the rest', () => {
    expect(isEditable('DRAFT')).toBe(true);
    expect(isEditable('RETURNED')).toBe(true);
    expect(isEditable('REOPENED')).toBe(true);
    for (const status of ['SUBMITTED', 'IN_REVIEW', 'ACCEPTED', 'APPROVED'] as const) expect(isEditable(status)).toBe(false);
  });
});
