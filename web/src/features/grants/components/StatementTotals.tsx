import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatEuro, formatPercent } from '../../../lib/format';
import type { CostStatement } from '../api/grants';

export interface IndirectRule {
  rate: { numerator: number; denominator: number };
  basis: 'DIRECT_STAFF' | 'DIRECT_COSTS';
}

/** The flat rate in words: "15 % van de directe personeelskosten". */
export function useIndirectText(rule: IndirectRule | null | undefined): string {
  const { t } = useTranslation('grants');
  if (!rule) return t('totals.noIndirect');
  return t(`totals.indirectRule.${rule.basis}`, { rate: formatPercent(rule.rate.numerator, rule.rate.denominator) });
}

/**
 * Declared against accepted per kind of cost, the flat-rate indirect costs (computed per
 * partner by the service, never declared) and, once approved, the subsidy due for the period.
 */
export function StatementTotals({ statement, indirect }: { statement: Pick<CostStatement, 'totals' | 'subsidy' | 'status'>; indirect?: IndirectRule | null }) {
  const { t } = useTranslation('grants');
  const indirectText = useIndirectText(indirect);
  const { totals, subsidy } = statement;
  const reviewed = statement.status === 'APPROVED' || statement.status === 'IN_REVIEW' || statement.status === 'RETURNED';
  const row = (label: string, declared: number, accepted: number, bold = false) => (
    <Table.Tr fw={bold ? 700 : undefined}>
      <Table.Th scope="row">{label}</Table.Th>
      <Table.Td ta="right">{formatEuro(declared)}</Table.Td>
      {reviewed && <Table.Td ta="right">{formatEuro(accepted)}</Table.Td>}
    </Table.Tr>
  );
  // VAT is shown as declared: the accepted column follows the review of whole lines.
  const vatRow = (label: string, amount: number) => (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        {label}
      </Table.Th>
      <Table.Td ta="right">{formatEuro(amount)}</Table.Td>
      {reviewed && <Table.Td />}
    </Table.Tr>
  );
  return (
    <>
      <Table withTableBorder captionSide="top" maw={720}>
        <Table.Caption>{t('totals.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('totals.what')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('totals.declared')}
            </Table.Th>
            {reviewed && (
              <Table.Th scope="col" ta="right">
                {t('totals.accepted')}
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row(t('totals.staff'), totals.declaredStaff, totals.acceptedStaff)}
          {row(t('totals.otherDirect'), totals.declaredDirect - totals.declaredStaff, totals.acceptedDirect - totals.acceptedStaff)}
          {row(t('totals.indirect', { rule: indirectText }), totals.declaredIndirect, totals.acceptedIndirect)}
          {row(t('totals.eligible'), totals.declaredEligible, totals.acceptedEligible, true)}
          {totals.declaredVat > 0 && (
            <>
              {vatRow(t('totals.vatDeclared'), totals.declaredVat)}
              {vatRow(t('totals.vatEligible'), totals.eligibleVat)}
              {vatRow(t('totals.vatExcluded'), totals.vatExcluded)}
            </>
          )}
        </Table.Tbody>
      </Table>
      {subsidy && (
        <Table withTableBorder captionSide="top" maw={720}>
          <Table.Caption>{t('subsidy.caption')}</Table.Caption>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">{t('subsidy.gross')}</Table.Th>
              <Table.Td ta="right">{formatEuro(subsidy.gross)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('subsidy.advanceCleared')}</Table.Th>
              <Table.Td ta="right">{formatEuro(subsidy.advanceCleared)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('subsidy.capped')}</Table.Th>
              <Table.Td ta="right">{formatEuro(subsidy.capped)}</Table.Td>
            </Table.Tr>
            <Table.Tr fw={700}>
              <Table.Th scope="row">{t('subsidy.net')}</Table.Th>
              <Table.Td ta="right">{formatEuro(subsidy.net)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
