/**
 * A progress report or cost statement is the beneficiary's to change (its fields, lines and
 * supporting documents) while it is a draft or was returned to them; once submitted it is frozen.
 * A progress report reopened for its text is editable too; a cost statement never is reopened.
 */
export function isEditable(status: 'DRAFT' | 'SUBMITTED' | 'IN_REVIEW' | 'RETURNED' | 'ACCEPTED' | 'APPROVED' | 'REOPENED'): boolean {
  return status === 'DRAFT' || status === 'RETURNED' || status === 'REOPENED';
}
