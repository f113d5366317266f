import { Group, NativeSelect, Paper, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';
import type { Province } from '../api/finance';
import { DownloadButton } from '../components/DownloadButton';
import { CallFilter, ProvinceFilter } from '../components/Filters';
import { FinanceNav } from '../components/FinanceNav';

const KINDS = ['payments', 'cost-lines', 'grants', 'ranking'] as const;
type Kind = (typeof KINDS)[number];
/** Which filters each export takes (src/reporting/export-queries.ts): the others would be ignored, so they are not offered. */
const TAKES: Record<Kind, { period: boolean; dates: boolean }> = {
  payments: { period: true, dates: true },
  'cost-lines': { period: true, dates: true },
  grants: { period: false, dates: true },
  ranking: { period: false, dates: false },
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The URL of one export with its filters, as `GET /exports/:kind` takes them. */
export function exportUrl(kind: Kind, filters: { format: 'csv' | 'xlsx'; callId?: string; province?: string; period?: string; from?: string; to?: string }): string {
  const query = new URLSearchParams({ format: filters.format });
  if (filters.callId) query.set('callId', filters.callId);
  if (filters.province && kind !== 'ranking') query.set('province', filters.province);
  if (filters.period && TAKES[kind].period) query.set('period', filters.period);
  if (filters.from && TAKES[kind].dates) query.set('from', filters.from);
  if (filters.to && TAKES[kind].dates) query.set('to', filters.to);
  return `/exports/${kind}?${query.toString()}`;
}

/** Exports for finance staff: pick the data and its filters, download CSV or XLSX as it streams. */
export function ExportsPage() {
  const { t } = useTranslation('finance');
  const [kind, setKind] = useState<Kind>('payments');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [callId, setCallId] = useState<string | undefined>();
  const [province, setProvince] = useState<Province | undefined>();
  const [period, setPeriod] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const takes = TAKES[kind];
  const periodOk = period === '' || /^[1-9]\d{0,2}$/.test(period);
  const url = exportUrl(kind, { format, callId, province, period, from: DATE.test(from) ? from : undefined, to: DATE.test(to) ? to : undefined });
  const needsCall = kind === 'ranking' && !callId;
  return (
    <section>
      <PageTitle>{t('exports.title')}</PageTitle>
      <FinanceNav />
      <Paper withBorder p="md" maw={720}>
        <Stack gap="sm">
          <NativeSelect label={t('exports.kind')} value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)} data={KINDS.map((k) => ({ value: k, label: t(`exports.kinds.${k}`) }))} />
          <CallFilter value={callId} onChange={setCallId} />
          {kind !== 'ranking' && <ProvinceFilter value={province} onChange={setProvince} />}
          {takes.period && (
            <TextInput label={t('exports.period')} description={t('exports.periodHint')} value={period} onChange={(e) => setPeriod(e.currentTarget.value.trim())} inputMode="numeric" error={periodOk ? undefined : t('exports.periodInvalid')} />
          )}
          {takes.dates && (
            <Group grow>
              <TextInput type="date" label={t(`exports.from.${kind}`)} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
              <TextInput type="date" label={t('exports.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            </Group>
          )}
          <Radio.Group label={t('exports.format')} value={format} onChange={(v) => setFormat(v as 'csv' | 'xlsx')} name="format">
            <Group mt="xs">
              <Radio value="csv" label={t('exports.csv')} />
              <Radio value="xlsx" label={t('exports.xlsx')} />
            </Group>
          </Radio.Group>
          {needsCall && <Text size="sm">{t('exports.rankingNeedsCall')}</Text>}
          <DownloadButton url={url} label={t('exports.download', { format: format.toUpperCase() })} fallbackName={`${kind}.${format}`} disabled={!periodOk || needsCall} />
        </Stack>
      </Paper>
    </section>
  );
}
