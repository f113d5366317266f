import { submissionProblems } from './submission.rule';

const complete = { title: 'DigiHub', acronym: 'DH', summary: 'Een lab', startDate: '2021-03-01' };

describe('submissionProblems', () => {
  it('accepts a complete proposal in an open call without error findings', () => {
    expect(
      submissionProblems({ application: complete, callOpen: true, callStatus: 'OPEN', closesAtLocal: '', findings: [{ code: 'X', message: 'w', severity: 'warning' }] }),
    ).toEqual([]);
  });

  it('calls a submission after closing late, naming the closing instant', () => {
    const problems = submissionProblems({ application: complete, callOpen: false, callStatus: 'CLOSED', closesAtLocal: '2020-09-30T17:00:00+02:00', findings: [] });
    expect(problems).toEqual([expect.objectContaining({ field: 'call', code: 'CALL_CLOSED', message: expect.stringContaining('2020-09-30T17:00:00+02:00') })]);
  });

  it('lists every reason at once: missing fields and error findings', () => {
    const problems = submissionProblems({
      application: { title: 'T', acronym: 'A', summary: ' ', startDate: null },
      callOpen: false,
      callStatus: 'PUBLISHED',
      closesAtLocal: '',
      findings: [{ code: 'HOURS_ABOVE_LIMIT', message: 'too many hours', severity: 'error', field: 'lines[0].hours' }],
    });
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual(['call:CALL_NOT_YET_OPEN', 'summary:REQUIRED', 'startDate:REQUIRED', 'lines[0].hours:HOURS_ABOVE_LIMIT']);
  });
});
