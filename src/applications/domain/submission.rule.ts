import { FieldError } from '../../core/errors/domain.error';
import { Finding } from '../budgets/domain/finding';

export interface SubmissionCheckInput {
  application: { title: string; acronym: string; summary: string; startDate: string | null };
  callOpen: boolean;
  callStatus: string;
  closesAtLocal: string;
  findings: readonly Finding[];
}

/**
 * Every reason a proposal cannot be submitted now, at once: the call must be open at the
 * server's instant (at or after the closing instant is late), required fields filled, and no
 * budget or consortium finding of severity error left.
 */
export function submissionProblems(input: SubmissionCheckInput): FieldError[] {
  const out: FieldError[] = [];
  if (!input.callOpen) {
    out.push({
      field: 'call',
      code: input.callStatus === 'PUBLISHED' ? 'CALL_NOT_YET_OPEN' : 'CALL_CLOSED',
      message:
        input.callStatus === 'PUBLISHED'
          ? 'The call is not open yet'
          : `The call closed at ${input.closesAtLocal}; a submission at or after that instant is late`,
    });
  }
  const { application } = input;
  if (application.title.trim() === '') out.push({ field: 'title', code: 'REQUIRED', message: 'title is required' });
  if (application.acronym.trim() === '') out.push({ field: 'acronym', code: 'REQUIRED', message: 'acronym is required' });
  if (application.summary.trim() === '') out.push({ field: 'summary', code: 'REQUIRED', message: 'summary is required to submit' });
  if (!application.startDate) out.push({ field: 'startDate', code: 'REQUIRED', message: 'startDate is required to submit' });
  for (const f of input.findings) {
    if (f.severity === 'error') out.push({ field: f.field ?? 'budget', code: f.code, message: f.message });
  }
  return out;
}
