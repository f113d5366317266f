import { CallOverviewData, renderCallOverview } from './call-overview';
import { CostStatementData, renderCostStatement } from './cost-statement';
import { DecisionLetterData, renderDecisionLetter } from './decision-letter';
import { PaymentStatementData, renderPaymentStatement } from './payment-statement';
import { ReceiptData, renderReceipt } from './receipt';
import { RecoveryLetterData, renderRecoveryLetter } from './recovery-letter';

export * from './call-overview';
export * from './common';
export * from './cost-statement';
export * from './decision-letter';
export * from './payment-statement';
export * from './receipt';
export * from './recovery-letter';

/** The data each kind of PDF is rendered from. */
export interface PdfDataByKind {
  receipt: ReceiptData;
  'decision-letter': DecisionLetterData;
  'cost-statement': CostStatementData;
  'payment-statement': PaymentStatementData;
  'call-overview': CallOverviewData;
  'recovery-letter': RecoveryLetterData;
}

export type PdfKind = keyof PdfDataByKind;

type Renderers = { readonly [K in PdfKind]: (data: PdfDataByKind[K]) => Promise<Buffer> };

const RENDERERS: Renderers = {
  receipt: renderReceipt,
  'decision-letter': renderDecisionLetter,
  'cost-statement': renderCostStatement,
  'payment-statement': renderPaymentStatement,
  'call-overview': renderCallOverview,
  'recovery-letter': renderRecoveryLetter,
};

export function isPdfKind(value: unknown): value is PdfKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RENDERERS, value);
}

export function renderDocument<K extends PdfKind>(kind: K, data: PdfDataByKind[K]): Promise<Buffer> {
  const render: (data: PdfDataByKind[K]) => Promise<Buffer> = RENDERERS[kind];
  return render(data);
}
