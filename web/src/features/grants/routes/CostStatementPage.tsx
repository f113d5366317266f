import { flatRateIndirectCosts } from '@server/applications/budgets/domain/staff-cost.rule';
import { Alert, Button, Checkbox, Fieldset, Group, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageLoader } from '../../../components/QueryState';
import { ApiProblem, isProblem, type FieldProblem } from '../../../lib/api/problem';
import { formatDateShort, formatEuro, formatInstantLong, parseEuro } from '../../../lib/format';
import { fieldText } from '../../../lib/problem-text';
import { costStatementPdfUrl, useCostStatement, useSaveStatement, useSubmitStatement, type CostLine, type CostStatement } from '../api/grants';
import { DocumentUpload } from '../components/DocumentUpload';
import { DocumentList, LineReview, StatementLines } from '../components/StatementLines';
import { StatementTotals, useIndirectText, type IndirectRule } from '../components/StatementTotals';
import {
  emptyCostLine,
  fromCostLines,
  groupByPartnerAndCategory,
  lineEligibility,
  staffHelper,
  toStatementLines,
  visibleProblems,
  type DraftCostLine,
  type StatementCategory,
  type StatementPartner,
} from '../statement-form';
import { PeriodFrame, type PeriodContext } from './PeriodFrame';

/** The cost statement of a period: lines per partner and cost category with their documents, saved as a draft, submitted with a confirmation. */
export function CostStatementPage() {
  const { t } = useTranslation('grants');
  return <PeriodFrame title={(p) => t('statement.title', { number: p.number })}>{(context) => <StatementLoader context={context} />}</PeriodFrame>;
}

interface Setting {
  partners: StatementPartner[];
  categories: StatementCategory[];
  annualWorkingHours: number;
  indirect: IndirectRule | null;
}

function StatementLoader({ context }: { context: PeriodContext }) {
  const { t } = useTranslation('grants');
  const { grant, period, call } = context;
  const statement = useCostStatement(period.costStatement?.id);
  const setting = useMemo<Setting>(
    () => ({
      partners: grant.consortium.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name })),
      categories: call.rules.costCategories.map((c) => ({ code: c.code, label: c.label, kind: c.kind })),
      annualWorkingHours: call.rules.annualWorkingHours,
      indirect: call.rules.indirectCosts ?? null,
    }),
    [grant, call],
  );
  if (period.kind === 'FINAL') return <Text>{t('statement.finalHasNone')}</Text>;
  if (period.costStatement && statement.isPending) return <PageLoader />;
  const s = statement.data ?? null;
  if (s && s.status !== 'DRAFT' && s.status !== 'RETURNED') return <StatementView context={context} statement={s} setting={setting} />;
  return <StatementEditor key={period.id} context={context} statement={s} setting={setting} />;
}

/** A statement with finance: what was declared, the review per line once it is there, and the subsidy due once approved. */
function StatementView({ context, statement, setting }: { context: PeriodContext; statement: CostStatement; setting: Setting }) {
  const { t } = useTranslation('grants');
  return (
    <Stack gap="lg">
      <Alert color={statement.status === 'APPROVED' ? 'green' : 'blue'} variant="light" role="status" title={t(`statementStatus.${statement.status}`)}>
        {statement.status === 'APPROVED' && statement.approvedAt
          ? t('statement.approvedAt', { when: formatInstantLong(statement.approvedAt) })
          : statement.submittedAt
            ? t('statement.submittedAt', { when: formatInstantLong(statement.submittedAt) })
            : null}
        {statement.paymentDeadline && statement.status !== 'APPROVED' ? ` ${t('statement.paymentDue', { date: formatDateShort(statement.paymentDeadline.dueDate) })}` : ''}
      </Alert>
      <StatementLines statement={statement} partners={setting.partners} categories={setting.categories} annualWorkingHours={setting.annualWorkingHours} />
      <StatementTotals statement={statement} indirect={setting.indirect} />
      <Group>
        <Button component="a" href={costStatementPdfUrl(context.grant.id, context.period.number)} download variant="light">
          {t('statement.pdf', { number: context.period.number })}
        </Button>
      </Group>
    </Stack>
  );
}

function StatementEditor({ context, statement, setting }: { context: PeriodContext; statement: CostStatement | null; setting: Setting }) {
  const { t } = useTranslation('grants');
  const { grant, period } = context;
  const [rows, setRows] = useState<DraftCostLine[]>(() => fromCostLines(statement?.lines ?? []));
  const [dirty, setDirty] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const focusKey = useRef<string | null>(null);
  const save = useSaveStatement(grant.id, period.number);
  const submit = useSubmitStatement(grant.id);
  const returned = statement?.status === 'RETURNED';

  useEffect(() => {
    if (!focusKey.current) return;
    document.querySelector<HTMLInputElement>(`[data-line-key="${focusKey.current}"]`)?.focus();
    focusKey.current = null;
  }, [rows]);

  const { problems } = toStatementLines(rows);
  const shown = visibleProblems(rows, problems, showAll);
  const serverProblem = isProblem(save.error) ? save.error : isProblem(submit.error) ? submit.error : null;
  const problem = local ?? serverProblem;
  const serverErrors = serverProblem?.byField() ?? {};
  const cellError = (index: number, name: string): string | undefined => {
    const field = `lines[${index}].${name}`;
    const mine = shown.find((p) => p.field === field);
    if (mine) return t(`cell.${mine.code}`);
    const theirs = serverErrors[field];
    return theirs ? fieldText(t, theirs) : undefined;
  };
  const savedLine = (row: DraftCostLine): CostLine | undefined => statement?.lines.find((l) => l.id === row.id);

  const change = (key: string, patch: Partial<DraftCostLine>) => {
    setDirty(true);
    setSaved(false);
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const add = (partner: string, category: StatementCategory) => {
    const line = emptyCostLine(partner, category.code, category.kind);
    focusKey.current = line.key;
    setDirty(true);
    setRows((all) => [...all, line]);
  };
  const remove = (key: string) => {
    setDirty(true);
    setRows((all) => all.filter((r) => r.key !== key));
  };

  const saveDraft = async (): Promise<CostStatement | null> => {
    const { lines, problems: cells } = toStatementLines(rows);
    if (cells.length > 0) {
      setShowAll(true);
      const errors: FieldProblem[] = cells.map((c) => ({ field: c.field, code: c.code, message: t(`cell.${c.code}`) }));
      setLocal(new ApiProblem(400, 'VALIDATION_FAILED', 'cells', errors));
      return null;
    }
    setLocal(null);
    submit.reset();
    const result = await save.mutateAsync({ lines, ...(statement ? { version: statement.version } : {}) });
    setRows(fromCostLines(result.lines));
    setDirty(false);
    setSaved(true);
    setShowAll(false);
    return result;
  };

  const grouped = groupByPartnerAndCategory(rows, setting.partners, setting.categories);
  const fields = rows.flatMap((_, i) => ['description', 'reference', 'paymentDate', 'person', 'hours', 'annualGrossCost', 'fte', 'amount', 'vatAmount', 'answer'].map((f) => `lines[${i}].${f}`));
  const indirectText = useIndirectText(setting.indirect);

  return (
    <Stack gap="lg">
      <ErrorSummary problem={problem} fields={fields} />
      {returned && statement && (
        <Alert color="orange" variant="light" title={t('statement.returnedTitle')}>
          {statement.returnReason}
        </Alert>
      )}
      <Text>{t('statement.intro', { hours: setting.annualWorkingHours.toLocaleString('nl-BE'), rule: indirectText })}</Text>
      {grouped.partners.map(({ partner, categories }) => {
        const digits = partner.enterpriseNumber;
        return (
          <section key={digits} aria-labelledby={`edit-partner-${digits}`}>
            <Title order={2} size="h3" id={`edit-partner-${digits}`} mb="xs">
              {partner.name}
            </Title>
            <Stack gap="md">
              {categories.map(({ category, items }) => (
                <Fieldset key={category.code} legend={t('statement.categoryLegend', { category: category.label, partner: partner.name })}>
                  <Stack gap="md">
                    {items.length === 0 && <Text size="sm">{t('statement.noLines')}</Text>}
                    {items.map(({ item: row, index }) => (
                      <LineEditor
                        key={row.key}
                        row={row}
                        index={index}
                        setting={setting}
                        saved={savedLine(row)}
                        statement={statement}
                        returned={returned}
                        error={(name) => cellError(index, name)}
                        onChange={(patch) => change(row.key, patch)}
                        onRemove={() => remove(row.key)}
                      />
                    ))}
                    <div>
                      <Button variant="light" size="xs" onClick={() => add(digits, category)} aria-label={t('statement.addNamed', { category: category.label, partner: partner.name })}>
                        {t('statement.add')}
                      </Button>
                    </div>
                  </Stack>
                </Fieldset>
              ))}
            </Stack>
          </section>
        );
      })}
      <IndirectPreview rows={rows} setting={setting} ruleText={indirectText} vatAllowed={statement?.vatAllowed ?? true} />
      {statement && !dirty && <StatementTotals statement={statement} indirect={setting.indirect} />}
      <Group>
        <Button variant="default" loading={save.isPending} onClick={() => void saveDraft().catch(() => undefined)}>
          {t('actions.saveDraft')}
        </Button>
        <Button onClick={() => void saveDraft().then((s) => s && setConfirming(true)).catch(() => undefined)} disabled={submit.isPending || save.isPending}>
          {t('statement.submit')}
        </Button>
        <Text size="sm" aria-live="polite">
          {saved && !dirty ? t('actions.saved') : dirty ? t('actions.unsaved') : ''}
        </Text>
      </Group>
      <ConfirmDialog
        opened={confirming && statement !== null}
        title={t('statement.confirmTitle', { number: period.number })}
        confirmLabel={t('statement.confirm')}
        busy={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (!statement || submit.isPending) return;
          void submit
            .mutateAsync(statement.id)
            .catch(() => undefined)
            .finally(() => setConfirming(false));
        }}
      >
        {statement &&
          t('statement.confirmBody', {
            lines: statement.lines.length,
            direct: formatEuro(statement.totals.declaredDirect),
            indirect: formatEuro(statement.totals.declaredIndirect),
            eligible: formatEuro(statement.totals.declaredEligible),
          })}
      </ConfirmDialog>
    </Stack>
  );
}

function LineEditor({
  row,
  index,
  setting,
  saved,
  statement,
  returned,
  error,
  onChange,
  onRemove,
}: {
  row: DraftCostLine;
  index: number;
  setting: Setting;
  saved: CostLine | undefined;
  statement: CostStatement | null;
  returned: boolean;
  error: (name: string) => string | undefined;
  onChange: (patch: Partial<DraftCostLine>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('grants');
  const id = (name: string) => fieldId(`lines[${index}].${name}`);
  const text = (name: 'reference' | 'paymentDate' | 'person' | 'hours' | 'annualGrossCost' | 'ftePercent' | 'amount' | 'vatAmount', label: string, extra: { description?: string; inputMode?: 'numeric' | 'decimal'; errorName?: string } = {}) => (
    <TextInput
      id={id(extra.errorName ?? name)}
      label={label}
      description={extra.description}
      inputMode={extra.inputMode}
      value={row[name]}
      onChange={(e) => onChange({ [name]: e.currentTarget.value })}
      error={error(extra.errorName ?? name)}
    />
  );
  const helper = row.kind === 'STAFF' ? staffHelper(row, setting.annualWorkingHours) : null;
  const number = index + 1;
  const documents = statement?.documents.filter((d) => d.costLineId === row.id) ?? [];
  // Lines of a returned statement were submitted: they stay (the service keeps them), corrected in place.
  const removable = !(returned && row.id);
  return (
    <Fieldset legend={t('lines.legend', { number })} variant="filled">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {/* A line just added gets the focus here (data-line-key), so a keyboard user types on at once. */}
          <TextInput id={id('description')} data-line-key={row.key} label={t('lines.description')} value={row.description} onChange={(e) => onChange({ description: e.currentTarget.value })} error={error('description')} />
          {text('reference', t('lines.reference'), { description: t('lines.referenceHint') })}
          {text('paymentDate', t('lines.paymentDate'), { description: t('lines.dateHint') })}
        </SimpleGrid>
        {row.kind === 'STAFF' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 4 }}>
              {text('person', t('lines.person'))}
              {text('hours', t('lines.hours'), { inputMode: 'numeric' })}
              {text('annualGrossCost', t('lines.annualGrossCost'), { inputMode: 'decimal', description: t('lines.euroHint') })}
              {text('ftePercent', t('lines.fte'), { inputMode: 'decimal', errorName: 'fte' })}
            </SimpleGrid>
            <Text size="sm" aria-live="polite" id={`helper-${row.key}`}>
              {helper && helper.hourlyRate !== null
                ? t('lines.helper', {
                    rate: formatEuro(helper.hourlyRate),
                    annual: formatEuro(parseEuro(row.annualGrossCost) ?? 0),
                    limit: (helper.limit ?? 0).toLocaleString('nl-BE'),
                    amount: helper.cost !== null ? formatEuro(helper.cost) : '–',
                  })
                : t('lines.helperEmpty', { hours: setting.annualWorkingHours.toLocaleString('nl-BE') })}
            </Text>
            {helper?.aboveLimit && (
              <Text size="sm" c="red.9">
                ✕ {t('lines.aboveLimit', { limit: (helper.limit ?? 0).toLocaleString('nl-BE') })}
              </Text>
            )}
          </>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {text('amount', t('lines.amount'), { inputMode: 'decimal', description: t('lines.amountHint') })}
              {text('vatAmount', t('lines.vatAmount'), { inputMode: 'decimal', description: t('lines.vatHint') })}
              <Checkbox
                mt={{ sm: 'xl' }}
                id={id('vatRecoverable')}
                label={t('lines.vatRecoverable')}
                description={t('lines.vatRecoverableHint')}
                checked={row.vatRecoverable}
                onChange={(e) => onChange({ vatRecoverable: e.currentTarget.checked })}
              />
            </SimpleGrid>
            <VatPreview row={row} setting={setting} vatAllowed={statement?.vatAllowed ?? true} />
          </>
        )}
        {saved?.review && (
          <div>
            <Text size="sm" fw={600}>
              {t('lines.review')}
            </Text>
            <LineReview line={saved} />
          </div>
        )}
        {saved?.question && (
          <Alert color="orange" variant="light" title={t('question.title')}>
            <Text size="sm" mb="xs">
              {saved.question.question}
            </Text>
            <Textarea id={id('answer')} label={t('question.yourAnswer', { number })} autosize minRows={2} value={row.answer} onChange={(e) => onChange({ answer: e.currentTarget.value })} error={error('answer')} />
          </Alert>
        )}
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('documents.title')}
          </Text>
          {row.id && statement ? (
            <Stack gap="xs">
              <DocumentList documents={documents} label={t('documents.ofLine', { number })} />
              <DocumentUpload target={{ kind: 'statement', id: statement.id, lineId: row.id }} label={t('documents.ofLine', { number })} />
            </Stack>
          ) : (
            <Text size="sm">{t('documents.saveLineFirst')}</Text>
          )}
        </div>
        {removable && (
          <div>
            <Button variant="default" size="xs" onClick={onRemove}>
              {t('lines.removeNamed', { number })}
            </Button>
          </div>
        )}
      </Stack>
    </Fieldset>
  );
}

/** What of a real-cost line is eligible as typed: its VAT, and whether and why it is left out. */
function VatPreview({ row, setting, vatAllowed }: { row: DraftCostLine; setting: Setting; vatAllowed: boolean }) {
  const { t } = useTranslation('grants');
  const e = lineEligibility(row, setting.annualWorkingHours, vatAllowed);
  if (!e || e.vat.declared === 0) return null;
  return (
    <Text size="sm" aria-live="polite">
      {e.vat.excluded > 0
        ? t(`lines.vatExcluded.${e.vat.reason ?? 'RECOVERABLE'}`, { vat: formatEuro(e.vat.excluded), eligible: formatEuro(e.eligible) })
        : t('lines.vatEligible', { vat: formatEuro(e.vat.eligible), eligible: formatEuro(e.eligible) })}
    </Text>
  );
}

/** The flat-rate indirect costs per partner as the lines stand now: computed with the service's rule, never typed. */
function IndirectPreview({ rows, setting, ruleText, vatAllowed }: { rows: DraftCostLine[]; setting: Setting; ruleText: string; vatAllowed: boolean }) {
  const { t } = useTranslation('grants');
  const perPartner = setting.partners.map((p) => {
    let staff = 0;
    let direct = 0;
    for (const r of rows) {
      if (r.partner.replace(/\D/g, '') !== p.enterpriseNumber.replace(/\D/g, '')) continue;
      const amount = lineEligibility(r, setting.annualWorkingHours, vatAllowed)?.eligible ?? 0;
      direct += amount;
      if (r.kind === 'STAFF') staff += amount;
    }
    return { partner: p, staff, direct, indirect: flatRateIndirectCosts(setting.indirect, staff, direct) };
  });
  return (
    <Table withTableBorder captionSide="top" maw={820}>
      <Table.Caption>{t('indirect.caption', { rule: ruleText })}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('indirect.partner')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('indirect.staff')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('indirect.direct')}
          </Table.Th>
          <Table.Th scope="col" ta="right">
            {t('indirect.indirect')}
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {perPartner.map((r) => (
          <Table.Tr key={r.partner.enterpriseNumber}>
            <Table.Th scope="row" fw={400}>
              {r.partner.name}
            </Table.Th>
            <Table.Td ta="right">{formatEuro(r.staff)}</Table.Td>
            <Table.Td ta="right">{formatEuro(r.direct)}</Table.Td>
            <Table.Td ta="right">{formatEuro(r.indirect)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

