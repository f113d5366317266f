import { Alert, Button, Grid, Group, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { centsToInput, formatEuro, parseEuro } from '../../../lib/format';
import { applicationKeys, useBudget, useBudgetSummary, usePutBudget, type Budget, type BudgetSummary } from '../api/applications';
import { useDraft } from '../api/use-draft';
import { emptyLine, fromSavedLines, groupRows, projectYears, settleFresh, toBudgetLines, visibleProblems, type CellProblem, type DraftLine, type LineKind } from '../budget/budget-table';
import { isBudgetField, placeFindings, rowField, type PlacedFinding } from '../budget/findings';
import { BudgetRow, type RowMessages } from '../components/BudgetRow';
import { CofinancingSummary, useIndirectRateText } from '../components/CofinancingSummary';
import { FindingList, findingText, SaveBar, SaveProblem } from '../components/feedback';
import { draftKey, useProposal } from '../components/proposal-context';
import { useSectionSave } from '../components/use-section-save';

/** Section 4: the budget per partner × cost category × year, saved automatically, with the service's cofinancing beside it. */
export function BudgetSection() {
  const { application } = useProposal();
  const budget = useBudget(application.id);
  const summary = useBudgetSummary(application.id);
  return (
    <QueryState query={budget}>
      {(b) => (
        <QueryState query={summary}>
          {(s) => <BudgetEditor budget={b} summary={s} />}
        </QueryState>
      )}
    </QueryState>
  );
}

interface BudgetDraft {
  rows: DraftLine[];
  requested: string;
}

const EMPTY: RowMessages = {};
/** Typing pauses this long before a save; leaving a cell (Tab, Enter, a click elsewhere) saves at once. */
const AUTOSAVE_PAUSE_MS = 800;

function fromBudget(budget: Budget): BudgetDraft {
  return { rows: fromSavedLines(budget.lines), requested: budget.requestedSubsidy === null || budget.requestedSubsidy === undefined ? '' : centsToInput(budget.requestedSubsidy) };
}

function BudgetEditor({ budget, summary }: { budget: Budget; summary: BudgetSummary }) {
  const { t } = useTranslation('applications');
  const { application, call, editable } = useProposal();
  const client = useQueryClient();
  const id = application.id;
  const { draft, setDraft, reset, markSaved, latest } = useDraft<BudgetDraft>(draftKey(id, 'budget'), () => fromBudget(budget));
  const save = useSectionSave(id);
  const put = usePutBudget(id);
  // The save loop reads these through refs, so its callbacks stay the same between renders and
  // an edit re-renders only its own row (BudgetRow is memoised).
  const saveRef = useRef(save);
  saveRef.current = save;
  const putRef = useRef(put);
  putRef.current = put;
  const [cellProblems, setCellProblems] = useState<CellProblem[]>([]);
  const [saving, setSaving] = useState(false);
  const awh = call.rules.annualWorkingHours;
  const indirectText = useIndirectRateText(call);

  // The save loop: one save at a time; edits made meanwhile are saved right after it.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef(false);
  const again = useRef(false);
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const halted = useRef(false);

  const [waiting, setWaiting] = useState(false);
  const saveNow = useCallback(async (all = false): Promise<void> => {
    clearTimeout(timer.current);
    if (halted.current) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    if (changes.current === savedChanges.current) return;
    const seq = changes.current;
    const current = latest.current;
    const { lines, problems } = toBudgetLines(current.rows);
    const requested = current.requested.trim() === '' ? null : parseEuro(current.requested);
    if (requested !== null && requested < 0) problems.push({ field: 'requestedSubsidy', code: 'notAnAmount' });
    if (current.requested.trim() !== '' && requested === null) problems.push({ field: 'requestedSubsidy', code: 'notAnAmount' });
    setCellProblems(visibleProblems(current.rows, problems, all));
    const settled = settleFresh(current.rows, problems);
    if (settled) setDraft((d) => ({ ...d, rows: d.rows.map((r) => settled.find((x) => x.key === r.key) ?? r) }));
    // Nothing is sent while a cell cannot be: the whole budget is replaced on every save.
    setWaiting(problems.length > 0);
    if (problems.length) return;
    inFlight.current = true;
    setSaving(true);
    const result = await saveRef.current.run(() => putRef.current.mutateAsync({ lines, requestedSubsidy: requested, version: saveRef.current.version() }));
    inFlight.current = false;
    setSaving(false);
    // A failed save keeps the draft; a stale version waits for the user's choice (see the effect below).
    if (!result) return;
    savedChanges.current = seq;
    if (seq === changes.current) markSaved();
    if (again.current) {
      again.current = false;
      void saveNow();
    }
  }, [latest, markSaved, setDraft]);

  useEffect(() => {
    if (save.problem?.status === 412) halted.current = true;
  }, [save.problem]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const schedule = useCallback(
    (ms: number) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), ms);
    },
    [saveNow],
  );
  const onChange = useCallback(
    (key: string, patch: Partial<DraftLine>) => {
      changes.current += 1;
      setDraft((d) => ({ ...d, rows: d.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
      schedule(AUTOSAVE_PAUSE_MS);
    },
    [setDraft, schedule],
  );
  const onCommit = useCallback(() => schedule(0), [schedule]);
  const onRemove = useCallback(
    (key: string) => {
      changes.current += 1;
      setDraft((d) => ({ ...d, rows: d.rows.filter((r) => r.key !== key) }));
      schedule(0);
    },
    [setDraft, schedule],
  );
  const addRow = (partner: string, kind: LineKind, category: string, year: number) => {
    const row = emptyLine(partner, kind, category, year);
    changes.current += 1;
    setDraft((d) => ({ ...d, rows: [...d.rows, row] }));
    // The new line's first cell takes the focus; it is saved once it is complete.
    setTimeout(() => document.getElementById(fieldId(`lines[${latest.current.rows.length - 1}].${kind === 'STAFF' ? 'function' : 'description'}`))?.focus(), 0);
  };

  const reload = async () => {
    await save.reload();
    halted.current = false;
    const fresh = client.getQueryData<Budget>(applicationKeys.budget(id));
    if (fresh) {
      changes.current = 0;
      savedChanges.current = 0;
      setCellProblems([]);
      reset(fromBudget(fresh));
    }
  };

  const partners = useMemo(() => application.partners.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name })), [application.partners]);
  const categories = call.rules.costCategories;
  const usedYears = [...new Set(draft.rows.map((r) => r.year))].sort().join(',');
  const years = useMemo(
    () => projectYears(application.startDate, call.rules.durationMonths, Number(call.opensAt.slice(0, 4)) + 1, usedYears.split(',')),
    [application.startDate, call.rules.durationMonths, call.opensAt, usedYears],
  );
  const grouped = useMemo(() => groupRows(draft.rows, partners, categories, awh), [draft.rows, partners, categories, awh]);

  // Every message at its field: what cannot be sent as typed, what the service refused, and its findings.
  const { messagesByRow, placed } = useMemo(() => {
    const all: PlacedFinding[] = [
      ...cellProblems.map((p) => ({ field: p.field, code: `cell.${p.code}`, message: t(`budget.cell.${p.code}`), severity: 'error' as const })),
      ...(save.problem && save.problem.status !== 412 ? save.problem.fieldErrors.map((e) => ({ ...e, field: rowField(e.field) })) : []),
      ...summary.findings.map((f) => ({ ...f, field: f.field ? rowField(f.field) : undefined })),
    ];
    const placement = placeFindings(all, isBudgetField);
    const byRow = new Map<number, RowMessages>();
    for (const f of all) {
      const match = f.field && /^lines\[(\d+)\]/.exec(f.field);
      if (!match) continue;
      const index = Number(match[1]);
      const messages = byRow.get(index) ?? {};
      const text = f.code.startsWith('cell.') ? f.message : findingText(t, f);
      messages[f.field!] = messages[f.field!] ? `${messages[f.field!]} ${text}` : text;
      byRow.set(index, messages);
    }
    return { messagesByRow: byRow, placed: placement };
  }, [cellProblems, save.problem, summary.findings, t]);
  const messageFor = (field: string) => {
    const list = placed.at(field);
    return list.length ? list.map((f) => (f.code.startsWith('cell.') ? f.message : findingText(t, f))).join(' ') : undefined;
  };
  const partnerIndirect = new Map(summary.partners.map((p) => [p.enterpriseNumber, p]));
  const rowCount = draft.rows.length;

  return (
    <section>
      <PageTitle>{t('sections.budget')}</PageTitle>
      <Text mb="sm" maw={900}>
        {t('budget.intro', { hours: awh.toLocaleString('nl-BE') })}
      </Text>
      <SaveProblem problem={save.problem} fields={draft.rows.flatMap((_, i) => [`lines[${i}].hours`, `lines[${i}].amount`, `lines[${i}].annualGrossCost`])} onReload={() => void reload()} onRetry={() => void saveNow(true)} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            {placed.at('lines').length > 0 && (
              <Alert color="red" variant="light" id={fieldId('lines')}>
                {messageFor('lines')}
              </Alert>
            )}
            {grouped.partners.map((group, p) => {
              const partnerMessage = messageFor(`partners[${application.partners.findIndex((x) => x.enterpriseNumber === group.partner.enterpriseNumber)}]`);
              const figures = partnerIndirect.get(group.partner.enterpriseNumber);
              return (
                <section key={group.partner.enterpriseNumber} aria-labelledby={`partner-${p}`}>
                  <Title order={2} size="h3" id={`partner-${p}`} mb="xs">
                    {group.partner.name}
                  </Title>
                  {partnerMessage && (
                    <Text size="sm" mb="xs" fw={600}>
                      {partnerMessage}
                    </Text>
                  )}
                  {group.categories.map((c) =>
                    c.rows.length === 0 ? (
                      <Group key={c.category.code} gap="sm" mb="sm" px={6} wrap="wrap">
                        <Text size="sm">{t('budget.emptyCategory', { category: c.category.label })}</Text>
                        {editable && (
                          <Button size="xs" variant="light" onClick={() => addRow(group.partner.enterpriseNumber, c.category.kind, c.category.code, years[0])}>
                            {t('budget.addLine', { category: c.category.label.toLowerCase(), partner: group.partner.name })}
                          </Button>
                        )}
                      </Group>
                    ) : (
                    <Table.ScrollContainer minWidth={620} key={c.category.code} mb="sm">
                      <Table captionSide="top" withTableBorder verticalSpacing={4} horizontalSpacing={6}>
                        <caption>
                          {c.category.label} – {group.partner.name}
                        </caption>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t('budget.year')}</Table.Th>
                            <Table.Th scope="col">{c.category.kind === 'STAFF' ? t('budget.function') : t('budget.description')}</Table.Th>
                            {c.category.kind === 'STAFF' ? (
                              <>
                                <Table.Th scope="col" ta="right">{t('budget.annualGrossCost')}</Table.Th>
                                <Table.Th scope="col" ta="right">{t('budget.ftePercent')}</Table.Th>
                                <Table.Th scope="col" ta="right">{t('budget.hours')}</Table.Th>
                              </>
                            ) : (
                              <>
                                <Table.Th scope="col" ta="right">{t('budget.amount')}</Table.Th>
                                <Table.Th scope="col">{t('budget.vatIncluded')}</Table.Th>
                                <Table.Th scope="col" ta="right">{t('budget.vatAmount')}</Table.Th>
                                <Table.Th scope="col">{t('budget.vatRecoverable')}</Table.Th>
                              </>
                            )}
                            <Table.Th scope="col" ta="right">{t('budget.cost')}</Table.Th>
                            {editable && <Table.Th scope="col"><VisuallyHidden>{t('budget.actions')}</VisuallyHidden></Table.Th>}
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {c.rows.map(({ row, index }) => (
                            <BudgetRow key={row.key} row={row} index={index} years={years} annualWorkingHours={awh} messages={messagesByRow.get(index) ?? EMPTY} editable={editable} onChange={onChange} onRemove={onRemove} onCommit={onCommit} />
                          ))}
                        </Table.Tbody>
                        <Table.Tfoot>
                          <Table.Tr>
                            <Table.Th scope="row" colSpan={c.category.kind === 'STAFF' ? 5 : 6}>
                              {t('budget.subtotal', { category: c.category.label })}
                            </Table.Th>
                            <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }}>
                              {formatEuro(c.total)}
                            </Table.Td>
                            {editable && <Table.Td />}
                          </Table.Tr>
                        </Table.Tfoot>
                      </Table>
                      {editable && (
                        <Button size="xs" variant="light" mt={4} onClick={() => addRow(group.partner.enterpriseNumber, c.category.kind, c.category.code, years[0])}>
                          {t('budget.addLine', { category: c.category.label.toLowerCase(), partner: group.partner.name })}
                        </Button>
                      )}
                    </Table.ScrollContainer>
                    ),
                  )}
                  <Group justify="space-between" px={6}>
                    <Text size="sm">
                      {t('budget.indirectRow', { rule: indirectText })}
                    </Text>
                    <Text size="sm" fw={600}>
                      {figures ? formatEuro(figures.indirectCosts) : '–'}
                    </Text>
                  </Group>
                </section>
              );
            })}
            {grouped.orphans.length > 0 && (
              <FindingList findings={[{ code: 'ORPHAN_LINES', message: t('budget.orphans', { count: grouped.orphans.length }), severity: 'error' }]} />
            )}
            <form
              onSubmit={(e) => {
                e.preventDefault();
                changes.current += 1;
                void saveNow(true);
              }}
              noValidate
            >
              <Stack maw={480}>
                <TextInput
                  id={fieldId('requestedSubsidy')}
                  label={t('budget.requested')}
                  description={t('budget.requestedHint', { max: formatEuro(summary.maxSubsidy) })}
                  inputMode="decimal"
                  disabled={!editable}
                  value={draft.requested}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    changes.current += 1;
                    setDraft((d) => ({ ...d, requested: value }));
                    schedule(AUTOSAVE_PAUSE_MS);
                  }}
                  onBlur={onCommit}
                  error={messageFor('requestedSubsidy')}
                />
                <Text size="sm">{t('budget.autosave', { count: rowCount })}</Text>
                {waiting && (
                  <Text size="sm" fw={600} role="status">
                    {t('budget.waiting')}
                  </Text>
                )}
                {editable && <SaveBar saving={saving} savedAt={save.savedAt} />}
              </Stack>
            </form>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <div style={{ position: 'sticky', top: 80 }}>
            <CofinancingSummary summary={summary} call={call} findings={placed.unplaced} updating={saving} />
          </div>
        </Grid.Col>
      </Grid>
    </section>
  );
}
