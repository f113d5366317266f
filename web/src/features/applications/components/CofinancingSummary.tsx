import { Group, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatEuro, formatPercent } from '../../../lib/format';
import type { BudgetSummary, Call } from '../api/applications';
import { FindingList } from './feedback';
import type { PlacedFinding } from '../budget/findings';

/** The rate and basis of the call's flat-rate indirect costs, in words ("15 % van de directe personeelskosten"). */
export function useIndirectRateText(call: Call): string {
  const { t } = useTranslation('applications');
  const rule = call.rules.indirectCosts;
  if (!rule) return t('budget.noIndirect');
  return t(`budget.indirectBasis.${rule.basis}`, { rate: formatPercent(rule.rate.numerator, rule.rate.denominator) });
}

/**
 * The cofinancing as the service computes it (GET /applications/:id/budget-summary): eligible
 * cost, flat-rate indirect costs, the subsidy and its split, the own contribution, and the
 * findings that belong to no single field. It is a live region, so an update is announced.
 */
export function CofinancingSummary({ summary, call, findings, updating }: { summary: BudgetSummary; call: Call; findings: readonly PlacedFinding[]; updating?: boolean }) {
  const { t } = useTranslation('applications');
  const indirect = useIndirectRateText(call);
  const rows: [string, number, boolean?][] = [
    [t('summary.directCosts'), summary.totals.directCosts],
    [t('summary.staffCosts'), summary.totals.staffCosts],
    [`${t('summary.indirectCosts')} (${indirect})`, summary.totals.indirectCosts],
    [t('summary.eligibleCosts'), summary.totals.eligibleCosts, true],
    [t('summary.maxSubsidy'), summary.maxSubsidy],
    [t('summary.subsidy'), summary.subsidy, true],
    ...summary.fundingSources.map((s): [string, number] => [`– ${t('summary.source', { name: s.name, code: s.code })}`, s.amount]),
    // Matching is a funding source of its own (EDIH: Flanders as much as the EU share), not the applicant's part.
    ...(summary.matchingCofinancing ? [[t('summary.matching', { name: summary.matchingCofinancing.name }), summary.matchingCofinancing.amount, true] as [string, number, boolean]] : []),
    [t('summary.ownContribution'), summary.ownContribution, true],
  ];
  const years = summary.contributionByYear ?? [];
  return (
    <section aria-labelledby="cofinancing-title" aria-busy={updating ? 'true' : 'false'}>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Title order={2} size="h3" id="cofinancing-title">
          {t('summary.title')}
        </Title>
        <Text size="sm" fw={700} c={summary.submittable ? 'teal.9' : 'red.9'}>
          {summary.submittable ? `✓ ${t('summary.submittable')}` : t('summary.notSubmittable')}
        </Text>
      </Group>
      <div aria-live="polite" aria-atomic="true">
        <Table captionSide="top" withTableBorder mb="sm">
          <caption>{t('summary.caption')}</caption>
          <Table.Tbody>
            {rows.map(([label, amount, strong]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" fw={strong ? 700 : 400}>
                  {label}
                </Table.Th>
                <Table.Td ta="right" fw={strong ? 700 : 400} style={{ whiteSpace: 'nowrap' }}>
                  {formatEuro(amount)}
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('summary.effectiveRate')}</Table.Th>
              <Table.Td ta="right">{summary.effectiveRatePercent}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {years.length > 0 && (
          <Table captionSide="top" withTableBorder mb="sm">
            <caption>{t('summary.byYearCaption')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('summary.year')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('summary.eligibleCosts')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('summary.yearContribution')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {years.map((y) => (
                <Table.Tr key={y.year}>
                  <Table.Th scope="row">{y.year}</Table.Th>
                  <Table.Td ta="right">{formatEuro(y.eligibleCosts)}</Table.Td>
                  <Table.Td ta="right">{formatEuro(y.contribution)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!summary.vatEligible && summary.totals.vatExcluded > 0 && (
          <Text size="sm" mb="sm">
            {t('summary.vatExcluded', { amount: formatEuro(summary.totals.vatExcluded) })}
          </Text>
        )}
      </div>
      <FindingList findings={findings} />
    </section>
  );
}
