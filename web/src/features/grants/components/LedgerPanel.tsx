import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatEuro } from '../../../lib/format';
import type { Grant } from '../api/grants';

type Ledger = Grant['ledger'];

/** The ledger's figures in the order people ask about them: granted, paid, planned, recovered, retained, still to be paid. */
export function ledgerFigures(ledger: Ledger): { key: 'granted' | 'paid' | 'planned' | 'recovered' | 'recoveryOpen' | 'retained' | 'open'; cents: number }[] {
  return [
    { key: 'granted', cents: ledger.commitment },
    { key: 'paid', cents: ledger.paid },
    { key: 'planned', cents: ledger.planned },
    // Recoveries only once there are any, so a grant without corrections shows what it always did.
    ...(ledger.recovered > 0 ? [{ key: 'recovered' as const, cents: ledger.recovered }] : []),
    ...(ledger.recoveryOpen > 0 ? [{ key: 'recoveryOpen' as const, cents: ledger.recoveryOpen }] : []),
    { key: 'retained', cents: ledger.retained },
    { key: 'open', cents: ledger.open },
  ];
}

/**
 * The grant's books as a chart and as numbers, as the call dashboard does: every bar is named
 * under it and carries its amount (nothing depends on colour), and the same figures follow in a
 * table that screen readers and printouts can use.
 */
export function LedgerPanel({ ledger }: { ledger: Ledger }) {
  const { t } = useTranslation('grants');
  const figures = ledgerFigures(ledger);
  const series = t('ledger.amount');
  const data = figures.map((f) => ({ figure: t(`ledger.${f.key}`), [series]: f.cents / 100 }));
  const euro = (v: number) => formatEuro(Math.round(v * 100)).replace(/,00$/, '');
  return (
    <section aria-labelledby="ledger-title">
      <Title order={2} size="h3" id="ledger-title" mb="xs">
        {t('ledger.title')}
      </Title>
      <Stack gap="md">
        <figure aria-labelledby="ledger-chart-title" style={{ margin: 0 }}>
          <Text size="sm" fw={600} id="ledger-chart-title">
            {t('ledger.chartTitle')}
          </Text>
          <Text size="sm" mb="xs" id="ledger-chart-summary">
            {t('ledger.summary', { paid: formatEuro(ledger.paid), granted: formatEuro(ledger.commitment), open: formatEuro(ledger.open), retained: formatEuro(ledger.retained) })}
          </Text>
          <div role="img" aria-labelledby="ledger-chart-title" aria-describedby="ledger-chart-summary">
            <BarChart h={260} data={data} dataKey="figure" series={[{ name: series, color: 'efro.7' }]} valueFormatter={euro} withBarValueLabel xAxisProps={{ interval: 0 }} yAxisProps={{ width: 110 }} />
          </div>
        </figure>
        <Table withTableBorder captionSide="top" maw={560}>
          <Table.Caption>{t('ledger.caption')}</Table.Caption>
          <Table.Tbody>
            {figures.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Th scope="row">{t(`ledger.${f.key}`)}</Table.Th>
                <Table.Td ta="right">{formatEuro(f.cents)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('ledger.accepted')}</Table.Th>
              <Table.Td ta="right">{formatEuro(ledger.accepted)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('ledger.ceiling')}</Table.Th>
              <Table.Td ta="right">{formatEuro(ledger.paymentCeiling)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="sm">{t('ledger.explained')}</Text>
      </Stack>
    </section>
  );
}
