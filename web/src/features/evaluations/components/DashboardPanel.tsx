import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { formatEuro } from '../../../lib/format';
import { useCallAssignments, useRoundApplications } from '../api/round';
import { DASHBOARD_STATUSES, proposalsByProvince, scoringProgress, toEuros } from '../dashboard';

/**
 * Where people would rather look than read: proposals per province, requested subsidy against
 * the envelope, scoring progress per evaluator. Every bar carries its value (so nothing depends
 * on colour alone), and every chart has its numbers as a table beneath it.
 */
export function DashboardPanel({ callId, envelope, capPerProject, provinceQuota }: { callId: string; envelope: number; capPerProject: number; provinceQuota: number }) {
  const { t } = useTranslation('evaluations');
  const { t: tc } = useTranslation();
  const applications = useRoundApplications(callId);
  const assignments = useCallAssignments(callId);
  const euro = (v: number) => formatEuro(v * 100).replace(/,00$/, '');
  return (
    <QueryState query={applications}>
      {(apps) => {
        const rows = proposalsByProvince(
          apps.map((a) => ({ province: a.province, status: a.status, requestedSubsidy: a.requestedSubsidy ?? null })),
          capPerProject,
        );
        const requested = rows.reduce((s, r) => s + r.requested, 0);
        const chartRows = rows.map((r) => ({ province: tc(`provinces.${r.province}`), [t('dashboard.proposals')]: r.total, [t('dashboard.requested')]: toEuros(r.requested) }));
        return (
          <Stack gap="xl">
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
              <Figure id="chart-province" title={t('dashboard.perProvince')} summary={t('dashboard.perProvinceSummary', { count: apps.length })}>
                <BarChart h={260} data={chartRows} dataKey="province" series={[{ name: t('dashboard.proposals'), color: 'efro.6' }]} withBarValueLabel tickLine="y" xAxisProps={{ interval: 0 }} yAxisProps={{ allowDecimals: false }} />
              </Figure>
              <Figure id="chart-subsidy" title={t('dashboard.subsidy')} summary={t('dashboard.subsidySummary', { requested: formatEuro(requested), envelope: formatEuro(envelope) })}>
                <BarChart
                  h={260}
                  data={chartRows}
                  dataKey="province"
                  series={[{ name: t('dashboard.requested'), color: 'teal.8' }]}
                  valueFormatter={euro}
                  withBarValueLabel
                  // Every province named under its bar, and room for euro amounts on one line.
                  xAxisProps={{ interval: 0 }}
                  yAxisProps={{ width: 100 }}
                  referenceLines={[{ y: toEuros(capPerProject * provinceQuota), label: t('dashboard.quotaLine', { amount: formatEuro(capPerProject * provinceQuota) }), labelPosition: 'insideBottomRight', color: 'red.9' }]}
                />
              </Figure>
            </SimpleGrid>
            <Table withTableBorder striped>
              <caption>{t('dashboard.tableCaption')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('proposal.province')}</Table.Th>
                  {DASHBOARD_STATUSES.map((s) => (
                    <Table.Th scope="col" key={s} style={{ textAlign: 'right' }}>
                      {t(`status.${s}`)}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('dashboard.total')}
                  </Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>
                    {t('dashboard.requested')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.province}>
                    <Table.Th scope="row">{tc(`provinces.${r.province}`)}</Table.Th>
                    {DASHBOARD_STATUSES.map((s) => (
                      <Table.Td key={s} style={{ textAlign: 'right' }}>
                        {r[s]}
                      </Table.Td>
                    ))}
                    <Table.Td style={{ textAlign: 'right' }}>{r.total}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatEuro(r.requested)}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Th scope="row">{t('dashboard.total')}</Table.Th>
                  {DASHBOARD_STATUSES.map((s) => (
                    <Table.Td key={s} style={{ textAlign: 'right' }}>
                      {rows.reduce((sum, r) => sum + r[s], 0)}
                    </Table.Td>
                  ))}
                  <Table.Td style={{ textAlign: 'right' }}>{apps.length}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    {formatEuro(requested)} / {formatEuro(envelope)}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <QueryState query={assignments}>
              {(list) => {
                const progress = scoringProgress(list);
                return (
                  <Figure id="chart-scoring" title={t('dashboard.scoring')} summary={t('dashboard.scoringSummary', { submitted: progress.reduce((s, r) => s + r.submitted, 0), assigned: progress.reduce((s, r) => s + r.assigned, 0) })}>
                    {progress.length === 0 ? (
                      <Text>{t('assignments.none')}</Text>
                    ) : (
                      <>
                        <BarChart
                          h={Math.max(160, progress.length * 56)}
                          orientation="vertical"
                          data={progress.map((r) => ({ evaluator: r.evaluator, [t('dashboard.assigned')]: r.assigned, [t('dashboard.submitted')]: r.submitted }))}
                          dataKey="evaluator"
                          // Outline against solid bar: the two series differ in shape, not only in colour.
                          series={[
                            { name: t('dashboard.assigned'), color: 'gray.7' },
                            { name: t('dashboard.submitted'), color: 'efro.7' },
                          ]}
                          barProps={(series) => (series.name === t('dashboard.assigned') ? { fillOpacity: 0.15, strokeWidth: 2, stroke: 'var(--mantine-color-gray-7)' } : {})}
                          withBarValueLabel
                          withLegend
                          yAxisProps={{ width: 120 }}
                          xAxisProps={{ allowDecimals: false }}
                        />
                        <Table withTableBorder mt="sm">
                          <caption>{t('dashboard.scoringCaption')}</caption>
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th scope="col">{t('assignments.evaluators')}</Table.Th>
                              <Table.Th scope="col" style={{ textAlign: 'right' }}>{t('dashboard.assigned')}</Table.Th>
                              <Table.Th scope="col" style={{ textAlign: 'right' }}>{t('dashboard.declared')}</Table.Th>
                              <Table.Th scope="col" style={{ textAlign: 'right' }}>{t('dashboard.submitted')}</Table.Th>
                              <Table.Th scope="col" style={{ textAlign: 'right' }}>{t('dashboard.conflicts')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {progress.map((r) => (
                              <Table.Tr key={r.evaluator}>
                                <Table.Th scope="row">{r.evaluator}</Table.Th>
                                <Table.Td style={{ textAlign: 'right' }}>{r.assigned}</Table.Td>
                                <Table.Td style={{ textAlign: 'right' }}>{r.declared}</Table.Td>
                                <Table.Td style={{ textAlign: 'right' }}>{r.submitted}</Table.Td>
                                <Table.Td style={{ textAlign: 'right' }}>{r.conflicts}</Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </>
                    )}
                  </Figure>
                );
              }}
            </QueryState>
          </Stack>
        );
      }}
    </QueryState>
  );
}

function Figure({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} style={{ margin: 0 }}>
      <Title order={3} size="h4" id={`${id}-title`}>
        {title}
      </Title>
      <Text size="sm" mb="xs" id={`${id}-summary`}>
        {summary}
      </Text>
      <div role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
        {children}
      </div>
    </figure>
  );
}
