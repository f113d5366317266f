import { Paper, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatEuro } from '../../../lib/format';
import type { CostStatement } from '../api/finance';

/**
 * Declared, accepted and subsidy due while the review goes on. Every figure is the service's,
 * from the statement the last review answered with (the same `statementTotals` and `subsidyDue`
 * the approval applies), so the screen and the planned payment agree to the cent.
 */
export function RunningTotals({ statement }: { statement: CostStatement }) {
  const { t } = useTranslation('finance');
  const { totals } = statement;
  const subsidy = statement.subsidy ?? statement.subsidyPreview;
  const reviewed = statement.lines.filter((l) => l.review).length;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="running-totals">
      <Title order={2} size="h3" id="running-totals" mb="xs">
        {t('totals.title')}
      </Title>
      <p style={{ margin: '0 0 8px' }} data-testid="reviewed-count">
        {t('totals.reviewed', { reviewed, count: statement.lines.length })}
      </p>
      <Table withTableBorder>
        <caption>{t('totals.caption')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('totals.what')}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              {t('totals.declared')}
            </Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              {t('totals.accepted')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('totals.direct')}</Table.Th>
            <Table.Td style={{ textAlign: 'right' }}>{formatEuro(totals.declaredDirect)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{formatEuro(totals.acceptedDirect)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('totals.indirect')}</Table.Th>
            <Table.Td style={{ textAlign: 'right' }}>{formatEuro(totals.declaredIndirect)}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{formatEuro(totals.acceptedIndirect)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('totals.eligible')}</Table.Th>
            <Table.Td style={{ textAlign: 'right' }} data-testid="declared-eligible">
              <strong>{formatEuro(totals.declaredEligible)}</strong>
            </Table.Td>
            <Table.Td style={{ textAlign: 'right' }} data-testid="accepted-eligible">
              <strong>{formatEuro(totals.acceptedEligible)}</strong>
            </Table.Td>
          </Table.Tr>
          {totals.declaredVat > 0 &&
            (
              [
                ['vatDeclared', totals.declaredVat],
                ['vatEligible', totals.eligibleVat],
                ['vatExcluded', totals.vatExcluded],
              ] as const
            ).map(([key, amount]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={400}>
                  {t(`totals.${key}`)}
                </Table.Th>
                <Table.Td style={{ textAlign: 'right' }} data-testid={key}>
                  {formatEuro(amount)}
                </Table.Td>
                <Table.Td />
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {subsidy && (
        <Table withTableBorder mt="sm">
          <caption>{statement.subsidy ? t('totals.subsidyCaptionApproved') : t('totals.subsidyCaption')}</caption>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">{t('totals.gross')}</Table.Th>
              <Table.Td style={{ textAlign: 'right' }} data-testid="subsidy-gross">
                {formatEuro(subsidy.gross)}
              </Table.Td>
            </Table.Tr>
            {subsidy.advanceCleared > 0 && (
              <Table.Tr>
                <Table.Th scope="row">{t('totals.advanceCleared')}</Table.Th>
                <Table.Td style={{ textAlign: 'right' }}>{formatEuro(subsidy.advanceCleared)}</Table.Td>
              </Table.Tr>
            )}
            {subsidy.capped > 0 && (
              <Table.Tr>
                <Table.Th scope="row">{t('totals.capped')}</Table.Th>
                <Table.Td style={{ textAlign: 'right' }}>{formatEuro(subsidy.capped)}</Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th scope="row">{t('totals.net')}</Table.Th>
              <Table.Td style={{ textAlign: 'right' }} data-testid="subsidy-net">
                <strong>{formatEuro(subsidy.net)}</strong>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
