/**
 * A progress report or cost statement is the beneficiary's to change (its fields, lines and
 * supporting documents) while it is a draft or was returned to them; once submitted it is frozen.
 */
export function isEditable(status: 'DRAFT' | 'SUBMITTED' | 'IN_REVIEW' | 'RETURNED' | 'ACCEPTED' | 'APPROVED'): boolean {
  return status === 'DRAFT' || status === 'RETURNED';
}
