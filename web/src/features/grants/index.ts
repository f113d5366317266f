/**
 * What other screens may show of a grant's statements: the lines per partner and cost
 * category with their documents, questions and review (read-only, with a slot for per-line
 * controls), the totals and the subsidy due. Finance's review page shows the same lines.
 */
export { DocumentList, LineComputation, LineReview, StatementLines } from './components/StatementLines';
export { StatementTotals, useIndirectText, type IndirectRule } from './components/StatementTotals';
export { groupByPartnerAndCategory, type StatementCategory, type StatementPartner } from './statement-form';
/** The beneficiary's bank account, read-only, and its query: finance verifies it on the dossier page. */
export { BankAccountSummary } from './components/BankAccountPanel';
export { grantKeys, useBankAccount, type BankAccount, type GrantBankAccount } from './api/grants';
