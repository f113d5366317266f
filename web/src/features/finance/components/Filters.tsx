import { Button, Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PROVINCE_CODES, useCallOptions, type Province } from '../api/finance';

/** A filter kept in the address, so a reload or a shared link shows the same list. */
export function useFilter<T extends string>(name: string): [T | undefined, (value: T | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const value = (params.get(name) || undefined) as T | undefined;
  return [
    value,
    (next) =>
      setParams((p) => {
        if (next) p.set(name, next);
        else p.delete(name);
        p.delete('pagina');
        return p;
      }),
  ];
}

export function usePageParam(): [number, (page: number) => void] {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('pagina')) || 1);
  return [page, (next) => setParams((p) => (p.set('pagina', String(next)), p))];
}

export function CallFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useTranslation('finance');
  const calls = useCallOptions();
  return <NativeSelect label={t('filters.call')} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value || undefined)} data={[{ value: '', label: t('filters.all') }, ...(calls.data ?? [])]} />;
}

export function ProvinceFilter({ value, onChange }: { value: Province | undefined; onChange: (v: Province | undefined) => void }) {
  const { t } = useTranslation('finance');
  return (
    <NativeSelect
      label={t('filters.province')}
      value={value ?? ''}
      onChange={(e) => onChange((e.currentTarget.value || undefined) as Province | undefined)}
      data={[{ value: '', label: t('filters.all') }, ...PROVINCE_CODES.map((p) => ({ value: p, label: t(`provinces.${p}`) }))]}
    />
  );
}

/** Previous and next page; the label follows the page whose rows are on screen. */
export function Pager({ page, pageSize, total, shownPage, onPage }: { page: number; pageSize: number; total: number; shownPage: number; onPage: (p: number) => void }) {
  const { t } = useTranslation('finance');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <Group mt="sm" component="nav" aria-label={t('pager.label')}>
      <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pager.previous')}
      </Button>
      <Text size="sm">{t('pager.page', { page: shownPage, pages })}</Text>
      <Button variant="default" size="xs" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pager.next')}
      </Button>
    </Group>
  );
}
