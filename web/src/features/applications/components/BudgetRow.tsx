import { ActionIcon, Checkbox, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/ErrorSummary';
import { formatEuro, parseEuro } from '../../../lib/format';
import { rowCost, staffHelper, type DraftLine } from '../budget/budget-table';

export type RowMessages = Partial<Record<string, string>>;

interface Props {
  row: DraftLine;
  index: number;
  years: readonly number[];
  annualWorkingHours: number;
  messages: RowMessages;
  editable: boolean;
  onChange: (key: string, patch: Partial<DraftLine>) => void;
  onRemove: (key: string) => void;
  onCommit: () => void;
}

/**
 * One budget line. A staff line shows the helper: the hourly rate (annual gross cost ÷ 1.720
 * hours × FTE), the hours limit (1.720 × FTE) and the line's cost; a real-cost line its amount
 * and VAT. Every cell has its own label (column and line), and its finding right below it.
 */
export const BudgetRow = memo(function BudgetRow({ row, index, years, annualWorkingHours, messages, editable, onChange, onRemove, onCommit }: Props) {
  const { t } = useTranslation('applications');
  const name = row.text.trim() || t('budget.lineN', { n: index + 1 });
  const label = (column: string) => `${column} – ${name} (${row.year})`;
  const field = (cell: string) => `lines[${index}].${cell}`;
  const text = (cell: keyof DraftLine) => (e: React.ChangeEvent<HTMLInputElement>) => onChange(row.key, { [cell]: e.currentTarget.value });
  const common = { size: 'xs' as const, onBlur: onCommit, disabled: !editable };
  const rowMessage = messages[`lines[${index}]`];
  const helper = row.kind === 'STAFF' ? staffHelper(row, annualWorkingHours) : null;
  const cost = rowCost(row, annualWorkingHours);
  // Recoverable VAT never counts (CPR art. 64(1)(c)); VAT left out for the € 5.000.000 threshold is the service's finding at the VAT field.
  const recoverableVat = row.kind === 'REAL' && row.vatIncluded && row.vatRecoverable ? parseEuro(row.vatAmount) : null;

  return (
    <Table.Tr>
      <Table.Td>
        <NativeSelect
          {...common}
          id={fieldId(field('year'))}
          aria-label={label(t('budget.year'))}
          w={84}
          data={years.map(String)}
          value={row.year}
          onChange={(e) => {
            onChange(row.key, { year: e.currentTarget.value });
            onCommit();
          }}
          error={messages[field('year')]}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          {...common}
          id={fieldId(field(row.kind === 'STAFF' ? 'function' : 'description'))}
          aria-label={label(row.kind === 'STAFF' ? t('budget.function') : t('budget.description'))}
          value={row.text}
          miw={150}
          onChange={text('text')}
          error={messages[field(row.kind === 'STAFF' ? 'function' : 'description')] ?? rowMessage}
        />
      </Table.Td>
      {helper ? (
        <>
          <Table.Td>
            <TextInput {...common} w={120} id={fieldId(field('annualGrossCost'))} aria-label={label(t('budget.annualGrossCost'))} aria-describedby={`${fieldId(field('annualGrossCost'))}-rate`} inputMode="decimal" value={row.annualGrossCost} onChange={text('annualGrossCost')} error={messages[field('annualGrossCost')]} styles={{ input: { textAlign: 'right' } }} />
            <Text size="xs" ta="right" id={`${fieldId(field('annualGrossCost'))}-rate`}>
              {helper.hourlyRate !== null ? t('budget.perHour', { rate: formatEuro(helper.hourlyRate) }) : ''}
            </Text>
          </Table.Td>
          <Table.Td>
            <TextInput {...common} id={fieldId(field('fte'))} aria-label={label(t('budget.ftePercent'))} inputMode="decimal" value={row.ftePercent} onChange={text('ftePercent')} error={messages[field('fte')]} styles={{ input: { textAlign: 'right' } }} w={64} />
          </Table.Td>
          <Table.Td>
            <TextInput
              {...common}
              id={fieldId(field('hours'))}
              aria-label={label(t('budget.hours'))}
              aria-describedby={`${fieldId(field('hours'))}-limit`}
              inputMode="numeric"
              value={row.hours}
              onChange={text('hours')}
              error={messages[field('hours')] ?? (helper.aboveLimit ? t('budget.aboveLimit', { limit: helper.limit }) : undefined)}
              styles={{ input: { textAlign: 'right' } }}
              w={76}
            />
            <Text size="xs" id={`${fieldId(field('hours'))}-limit`} style={{ whiteSpace: 'nowrap' }}>
              {helper.limit !== null ? t('budget.limit', { limit: helper.limit }) : ''}
            </Text>
          </Table.Td>
        </>
      ) : (
        <>
          <Table.Td>
            <TextInput {...common} w={120} id={fieldId(field('amount'))} aria-label={label(t('budget.amount'))} inputMode="decimal" value={row.amount} onChange={text('amount')} error={messages[field('amount')]} styles={{ input: { textAlign: 'right' } }} />
          </Table.Td>
          <Table.Td>
            <Checkbox
              size="xs"
              disabled={!editable}
              aria-label={label(t('budget.vatIncluded'))}
              checked={row.vatIncluded}
              onChange={(e) => {
                onChange(row.key, { vatIncluded: e.currentTarget.checked });
                onCommit();
              }}
            />
          </Table.Td>
          <Table.Td>
            <TextInput {...common} w={110} id={fieldId(field('vatAmount'))} aria-label={label(t('budget.vatAmount'))} inputMode="decimal" value={row.vatAmount} onChange={text('vatAmount')} disabled={!editable || !row.vatIncluded} error={messages[field('vatAmount')]} styles={{ input: { textAlign: 'right' } }} />
          </Table.Td>
          <Table.Td>
            <Checkbox
              size="xs"
              disabled={!editable || !row.vatIncluded}
              aria-label={label(t('budget.vatRecoverable'))}
              checked={row.vatIncluded && row.vatRecoverable}
              onChange={(e) => {
                onChange(row.key, { vatRecoverable: e.currentTarget.checked });
                onCommit();
              }}
            />
          </Table.Td>
        </>
      )}
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {cost !== null ? formatEuro(cost) : '–'}
        {recoverableVat !== null && recoverableVat > 0 && <Text size="xs">{t('budget.vatRecoverableExcluded', { vat: formatEuro(recoverableVat) })}</Text>}
      </Table.Td>
      {editable && (
        <Table.Td>
          <ActionIcon variant="subtle" color="red.9" aria-label={t('budget.remove', { name, year: row.year })} onClick={() => onRemove(row.key)}>
            ×
          </ActionIcon>
        </Table.Td>
      )}
    </Table.Tr>
  );
});
