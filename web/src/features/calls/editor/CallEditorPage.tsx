import { ActionIcon, Alert, Button, Checkbox, Fieldset, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { PageLoader } from '../../../components/QueryState';
import { NotFoundPage } from '../../../components/StatusPages';
import { api, unwrap, type Schemas } from '../../../lib/api/client';
import { ApiProblem, isProblem } from '../../../lib/api/problem';
import { formatEuro, formatPercent } from '../../../lib/format';
import { fieldText } from '../../../lib/problem-text';
import { formOf, newCallForm, toBody, workedExample, type CallForm, type CallRules } from './call-form';

type Rate = Schemas['RateDto'];
const ORGANISATION_TYPES = ['RESEARCH_ORGANISATION', 'KNOWLEDGE_INSTITUTION', 'BUSINESS_NETWORK', 'COMPANY', 'PUBLIC_BODY'] as const;

/**
 * Every rule of a call as a form, in sections with one purpose each; the service validates the
 * whole call and its errors appear at their fields (`rules.maxRate.denominator` → that input).
 * A draft is saved with its version (If-Match); publishing freezes it, after a confirmation.
 */
export function CallEditorPage() {
  const { callId } = useParams();
  const existing = useQuery({
    queryKey: ['calls', callId ?? 'new'],
    enabled: !!callId,
    queryFn: () => unwrap(api.GET('/calls/{id}', { params: { path: { id: callId ?? '' } } })),
  });
  if (callId && existing.isPending) return <PageLoader />;
  if (callId && (existing.isError || !existing.data)) return <NotFoundPage />;
  return <Editor key={`${callId ?? 'new'}-${existing.data?.version ?? 0}`} call={existing.data} />;
}

function Editor({ call }: { call?: Schemas['CallDto'] }) {
  const { t } = useTranslation('calls');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form, setForm] = useState<CallForm>(() => (call ? formOf(call) : newCallForm()));
  const [localProblem, setLocalProblem] = useState<ApiProblem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const readOnly = !!call && call.status !== 'DRAFT';

  const save = useMutation({
    mutationFn: async () => {
      const { body, problems } = toBody(form);
      if (problems.length) {
        throw new ApiProblem(400, 'VALIDATION_FAILED', t('editor.checkFields'), problems.map((p) => ({ field: p.field, code: p.code, message: t(`editor.problems.${p.code}`) })));
      }
      if (!call) return unwrap(api.POST('/calls', { body }));
      return unwrap(api.PATCH('/calls/{id}', { params: { path: { id: call.id }, header: { 'If-Match': `"${call.version}"` } }, body }));
    },
    onSuccess: (saved) => {
      setLocalProblem(null);
      client.setQueryData(['calls', saved.id], saved);
      void client.invalidateQueries({ queryKey: ['calls', 'list'] });
      if (!call) void navigate(`/beheer/oproepen/${saved.id}`, { replace: true });
    },
  });
  const publish = useMutation({
    mutationFn: () => unwrap(api.POST('/calls/{id}/publish', { params: { path: { id: call?.id ?? '' }, header: { 'If-Match': `"${call?.version ?? 0}"` } } })),
    onSuccess: (published) => {
      client.setQueryData(['calls', published.id], published);
      void client.invalidateQueries({ queryKey: ['calls', 'list'] });
    },
  });

  const problem = localProblem ?? (isProblem(save.error) ? save.error : isProblem(publish.error) ? publish.error : null);
  const errors = problem?.byField() ?? {};
  const err = (field: string) => (errors[field] ? fieldText(t, errors[field]) : undefined);
  const set = <K extends keyof CallForm>(key: K, value: CallForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setRules = (patch: Partial<CallRules>) => setForm((f) => ({ ...f, rules: { ...f.rules, ...patch } }));
  const example = workedExample(form);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalProblem(null);
    save.mutate();
  };

  return (
    <section>
      <Link to="/oproepen">← {t('editor.back')}</Link>
      <PageTitle>{call ? t('editor.titleEdit', { code: call.code }) : t('editor.titleNew')}</PageTitle>
      {readOnly && (
        <Alert color="blue" title={t('editor.frozenTitle')} mb="md">
          {t('editor.frozenBody')}
        </Alert>
      )}
      <ErrorSummary problem={problem} />
      <form onSubmit={submit} noValidate>
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="lg">
            <Section title={t('editor.sections.general')}>
              <Group grow align="flex-start">
                <TextInput id={fieldId('code')} label={t('editor.code')} required value={form.code} onChange={(e) => set('code', e.currentTarget.value)} error={err('code')} />
                <NativeSelect id={fieldId('programme')} label={t('editor.programme')} value={form.programme} onChange={(e) => set('programme', e.currentTarget.value as CallForm['programme'])} data={['EFRO', 'EDIH']} error={err('programme')} />
                <NativeSelect
                  id={fieldId('outcome')}
                  label={t('editor.outcome')}
                  description={t('editor.outcomeHint')}
                  value={form.outcome}
                  onChange={(e) => set('outcome', e.currentTarget.value as CallForm['outcome'])}
                  data={[
                    { value: 'GRANTS', label: t('editor.outcomes.GRANTS') },
                    { value: 'PRESELECTION', label: t('editor.outcomes.PRESELECTION') },
                  ]}
                  error={err('outcome')}
                />
              </Group>
              <TextInput id={fieldId('title')} label={t('editor.title')} required value={form.title} onChange={(e) => set('title', e.currentTarget.value)} error={err('title')} />
              <Textarea id={fieldId('description')} label={t('editor.description')} autosize minRows={2} value={form.description} onChange={(e) => set('description', e.currentTarget.value)} error={err('description')} />
              <Group grow align="flex-start">
                <TextInput id={fieldId('opensAt')} type="datetime-local" label={t('editor.opensAt')} description={t('editor.brusselsTime')} required value={form.opensAt} onChange={(e) => set('opensAt', e.currentTarget.value)} error={err('opensAt')} />
                <TextInput id={fieldId('closesAt')} type="datetime-local" label={t('editor.closesAt')} description={t('editor.brusselsTime')} required value={form.closesAt} onChange={(e) => set('closesAt', e.currentTarget.value)} error={err('closesAt')} />
              </Group>
            </Section>

            <Section title={t('editor.sections.money')}>
              <Group grow align="flex-start">
                <EuroInput field="envelope" label={t('editor.envelope')} value={form.envelope} onChange={(v) => set('envelope', v)} error={err('envelope')} />
                <EuroInput field="capPerProject" label={t('editor.capPerProject')} value={form.capPerProject} onChange={(v) => set('capPerProject', v)} error={err('capPerProject')} />
                <EuroInput field="referenceCost" label={t('editor.referenceCost')} value={form.referenceCost} onChange={(v) => set('referenceCost', v)} error={err('referenceCost')} />
              </Group>
              <RateInput field="rules.maxRate" label={t('editor.maxRate')} rate={form.rules.maxRate} onChange={(maxRate) => setRules({ maxRate })} err={err} />
              <Text aria-live="polite" fw={600}>
                {example ? t('editor.example', { cost: formatEuro(example.cost), subsidy: formatEuro(example.subsidy) }) : t('editor.noExample')}
              </Text>
              <RateInput field="rules.minOwnContribution" label={t('editor.minOwnContribution')} rate={form.rules.minOwnContribution} onChange={(minOwnContribution) => setRules({ minOwnContribution })} err={err} />
              <Title order={3} size="h5">
                {t('editor.fundingSources')}
              </Title>
              {form.rules.fundingSources.map((source, i) => (
                <Group key={i} align="flex-end" wrap="wrap">
                  <TextInput id={fieldId(`rules.fundingSources[${i}].code`)} label={t('editor.sourceCode')} value={source.code} onChange={(e) => setRules({ fundingSources: replace(form.rules.fundingSources, i, { ...source, code: e.currentTarget.value }) })} error={err(`rules.fundingSources[${i}].code`)} w={140} />
                  <TextInput id={fieldId(`rules.fundingSources[${i}].name`)} label={t('editor.sourceName')} value={source.name} onChange={(e) => setRules({ fundingSources: replace(form.rules.fundingSources, i, { ...source, name: e.currentTarget.value }) })} error={err(`rules.fundingSources[${i}].name`)} style={{ flex: 1 }} />
                  <Checkbox label={t('editor.sourceRest')} checked={source.maxRate === null} onChange={(e) => setRules({ fundingSources: replace(form.rules.fundingSources, i, { ...source, maxRate: e.currentTarget.checked ? null : { numerator: 2, denominator: 5 } } as typeof source) })} />
                  {source.maxRate && <RateInput field={`rules.fundingSources[${i}].maxRate`} label={t('editor.sourceMaxRate', { code: source.code })} rate={source.maxRate as Rate} onChange={(maxRate) => setRules({ fundingSources: replace(form.rules.fundingSources, i, { ...source, maxRate }) })} err={err} />}
                  <Remove label={t('editor.remove', { what: source.code || t('editor.fundingSource') })} onClick={() => setRules({ fundingSources: form.rules.fundingSources.filter((_, j) => j !== i) })} />
                </Group>
              ))}
              <Add label={t('editor.addFundingSource')} onClick={() => setRules({ fundingSources: [...form.rules.fundingSources, { code: '', name: '', maxRate: null } as unknown as CallRules['fundingSources'][number]] })} />
              <Checkbox
                label={t('editor.matching')}
                description={t('editor.matchingHint')}
                checked={!!form.rules.matchingCofinancing}
                onChange={(e) => setRules({ matchingCofinancing: (e.currentTarget.checked ? { code: 'VLAANDEREN', name: '', minRatio: { numerator: 1, denominator: 1 } } : null) as CallRules['matchingCofinancing'] })}
              />
              {form.rules.matchingCofinancing && (
                <Group align="flex-end" wrap="wrap">
                  <TextInput id={fieldId('rules.matchingCofinancing.code')} label={t('editor.sourceCode')} value={form.rules.matchingCofinancing.code} onChange={(e) => setRules({ matchingCofinancing: { ...form.rules.matchingCofinancing!, code: e.currentTarget.value } })} error={err('rules.matchingCofinancing.code')} w={140} />
                  <TextInput id={fieldId('rules.matchingCofinancing.name')} label={t('editor.matchingName')} value={form.rules.matchingCofinancing.name} onChange={(e) => setRules({ matchingCofinancing: { ...form.rules.matchingCofinancing!, name: e.currentTarget.value } })} error={err('rules.matchingCofinancing.name')} style={{ flex: 1 }} />
                  <RateInput field="rules.matchingCofinancing.minRatio" label={t('editor.matchingRatio')} rate={form.rules.matchingCofinancing.minRatio} onChange={(minRatio) => setRules({ matchingCofinancing: { ...form.rules.matchingCofinancing!, minRatio } })} err={err} />
                </Group>
              )}
              <Checkbox label={t('editor.yearlyBand')} description={t('editor.yearlyBandHint')} checked={form.yearlyBand} onChange={(e) => set('yearlyBand', e.currentTarget.checked)} />
              {form.yearlyBand && (
                <Group grow align="flex-start">
                  <EuroInput field="rules.yearlyContribution.min" label={t('editor.yearlyMin')} value={form.yearlyMin} onChange={(v) => set('yearlyMin', v)} error={err('rules.yearlyContribution.min')} />
                  <EuroInput field="rules.yearlyContribution.max" label={t('editor.yearlyMax')} value={form.yearlyMax} onChange={(v) => set('yearlyMax', v)} error={err('rules.yearlyContribution.max')} />
                </Group>
              )}
              <Group grow align="flex-start">
                <RateInput field="rules.advanceRate" label={t('editor.advanceRate')} rate={form.rules.advanceRate} onChange={(advanceRate) => setRules({ advanceRate })} err={err} />
                <RateInput field="rules.retentionRate" label={t('editor.retentionRate')} rate={form.rules.retentionRate} onChange={(retentionRate) => setRules({ retentionRate })} err={err} />
              </Group>
              <Group grow align="flex-start">
                <EuroInput field="rules.vatEligibilityThreshold" label={t('editor.vatThreshold')} value={String(form.rules.vatEligibilityThreshold / 100)} onChange={(v) => setRules({ vatEligibilityThreshold: Math.round(Number(v.replace(/\./g, '').replace(',', '.')) * 100) || 0 })} error={err('rules.vatEligibilityThreshold')} />
                <Int field="rules.paymentDeadlineDays" label={t('editor.paymentDeadlineDays')} value={form.rules.paymentDeadlineDays} onChange={(paymentDeadlineDays) => setRules({ paymentDeadlineDays })} err={err} />
              </Group>
            </Section>

            <Section title={t('editor.sections.project')}>
              <Group grow align="flex-start">
                <Int field="rules.durationMonths" label={t('editor.durationMonths')} value={form.rules.durationMonths} onChange={(durationMonths) => setRules({ durationMonths })} err={err} />
                <Int field="rules.reportingPeriodMonths" label={t('editor.reportingPeriodMonths')} value={form.rules.reportingPeriodMonths} onChange={(reportingPeriodMonths) => setRules({ reportingPeriodMonths })} err={err} />
                <Int field="rules.reportingDueDays" label={t('editor.reportingDueDays')} value={form.rules.reportingDueDays} onChange={(reportingDueDays) => setRules({ reportingDueDays })} err={err} />
              </Group>
              <Group grow align="flex-start">
                <Int field="rules.provinceQuota" label={t('editor.provinceQuota')} value={form.rules.provinceQuota} onChange={(provinceQuota) => setRules({ provinceQuota })} err={err} />
                <Int field="rules.annualWorkingHours" label={t('editor.annualWorkingHours')} value={form.rules.annualWorkingHours} onChange={(annualWorkingHours) => setRules({ annualWorkingHours })} err={err} />
              </Group>
              <Checkbox label={t('editor.reserveAcrossProvinces')} checked={form.rules.reserveAcrossProvinces} onChange={(e) => setRules({ reserveAcrossProvinces: e.currentTarget.checked })} />
            </Section>

            <Section title={t('editor.sections.consortium')}>
              <Group grow align="flex-start">
                <Int field="rules.consortium.minPartners" label={t('editor.minPartners')} value={form.rules.consortium.minPartners} onChange={(minPartners) => setRules({ consortium: { ...form.rules.consortium, minPartners } })} err={err} />
                <Int field="rules.consortium.maxPartners" label={t('editor.maxPartners')} value={form.rules.consortium.maxPartners} onChange={(maxPartners) => setRules({ consortium: { ...form.rules.consortium, maxPartners } })} err={err} />
              </Group>
              <Text size="sm">{t('editor.typeGroupsHint')}</Text>
              {(form.rules.consortium.requiredTypeGroups as unknown as string[][]).map((group, i) => (
                <Group key={i} align="center">
                  <Checkbox.Group label={t('editor.typeGroup', { n: i + 1 })} value={group} onChange={(value) => setRules({ consortium: { ...form.rules.consortium, requiredTypeGroups: replace(form.rules.consortium.requiredTypeGroups as unknown as string[][], i, value) as never } })}>
                    <Group mt={4}>
                      {ORGANISATION_TYPES.map((type) => (
                        <Checkbox key={type} value={type} label={t(`common:organisationTypes.${type}`)} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                  <Remove label={t('editor.remove', { what: t('editor.typeGroup', { n: i + 1 }) })} onClick={() => setRules({ consortium: { ...form.rules.consortium, requiredTypeGroups: (form.rules.consortium.requiredTypeGroups as unknown as string[][]).filter((_, j) => j !== i) as never } })} />
                </Group>
              ))}
              <Add label={t('editor.addTypeGroup')} onClick={() => setRules({ consortium: { ...form.rules.consortium, requiredTypeGroups: [...(form.rules.consortium.requiredTypeGroups as unknown as string[][]), []] as never } })} />
            </Section>

            <Section title={t('editor.sections.costs')}>
              {form.rules.costCategories.map((category, i) => (
                <Group key={i} align="flex-end">
                  <TextInput id={fieldId(`rules.costCategories[${i}].code`)} label={t('editor.categoryCode')} value={category.code} onChange={(e) => setRules({ costCategories: replace(form.rules.costCategories, i, { ...category, code: e.currentTarget.value }) })} error={err(`rules.costCategories[${i}].code`)} w={160} />
                  <TextInput id={fieldId(`rules.costCategories[${i}].label`)} label={t('editor.categoryLabel')} value={category.label} onChange={(e) => setRules({ costCategories: replace(form.rules.costCategories, i, { ...category, label: e.currentTarget.value }) })} error={err(`rules.costCategories[${i}].label`)} style={{ flex: 1 }} />
                  <NativeSelect label={t('editor.categoryKind')} value={category.kind} onChange={(e) => setRules({ costCategories: replace(form.rules.costCategories, i, { ...category, kind: e.currentTarget.value as typeof category.kind }) })} data={[{ value: 'STAFF', label: t('editor.kinds.STAFF') }, { value: 'REAL', label: t('editor.kinds.REAL') }]} />
                  <Remove label={t('editor.remove', { what: category.code || t('editor.category') })} onClick={() => setRules({ costCategories: form.rules.costCategories.filter((_, j) => j !== i) })} />
                </Group>
              ))}
              <Add label={t('editor.addCategory')} onClick={() => setRules({ costCategories: [...form.rules.costCategories, { code: '', label: '', kind: 'REAL' } as CallRules['costCategories'][number]] })} />
              <Checkbox label={t('editor.indirect')} checked={!!form.rules.indirectCosts} onChange={(e) => setRules({ indirectCosts: (e.currentTarget.checked ? { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' } : null) as CallRules['indirectCosts'] })} />
              {form.rules.indirectCosts && (
                <Group grow align="flex-start">
                  <RateInput field="rules.indirectCosts.rate" label={t('editor.indirectRate')} rate={form.rules.indirectCosts.rate} onChange={(rate) => setRules({ indirectCosts: { ...form.rules.indirectCosts!, rate } })} err={err} />
                  <NativeSelect label={t('editor.indirectBasis')} value={form.rules.indirectCosts.basis} onChange={(e) => setRules({ indirectCosts: { ...form.rules.indirectCosts!, basis: e.currentTarget.value as 'DIRECT_STAFF' } })} data={[{ value: 'DIRECT_STAFF', label: t('editor.bases.DIRECT_STAFF') }, { value: 'DIRECT_COSTS', label: t('editor.bases.DIRECT_COSTS') }]} />
                </Group>
              )}
            </Section>

            <Section title={t('editor.sections.evaluation')}>
              {form.rules.evaluation.criteria.map((criterion, i) => {
                const update = (patch: Partial<typeof criterion>) => setRules({ evaluation: { ...form.rules.evaluation, criteria: replace(form.rules.evaluation.criteria, i, { ...criterion, ...patch }) } });
                return (
                  <Fieldset key={i} legend={t('editor.criterion', { n: i + 1 })}>
                    <Group align="flex-end" wrap="wrap">
                      <TextInput id={fieldId(`rules.evaluation.criteria[${i}].code`)} label={t('editor.criterionCode')} value={criterion.code} onChange={(e) => update({ code: e.currentTarget.value })} error={err(`rules.evaluation.criteria[${i}].code`)} w={150} />
                      <TextInput id={fieldId(`rules.evaluation.criteria[${i}].title`)} label={t('editor.criterionTitle')} value={criterion.title} onChange={(e) => update({ title: e.currentTarget.value })} error={err(`rules.evaluation.criteria[${i}].title`)} style={{ flex: 1 }} />
                      <Remove label={t('editor.remove', { what: criterion.code || t('editor.criterion', { n: i + 1 }) })} onClick={() => setRules({ evaluation: { ...form.rules.evaluation, criteria: form.rules.evaluation.criteria.filter((_, j) => j !== i) } })} />
                    </Group>
                    <Group grow align="flex-start" mt="xs">
                      <Num field={`rules.evaluation.criteria[${i}].scaleMax`} label={t('editor.scaleMax')} value={criterion.scaleMax} onChange={(scaleMax) => update({ scaleMax })} err={err} />
                      <Num field={`rules.evaluation.criteria[${i}].step`} label={t('editor.step')} value={criterion.step} onChange={(step) => update({ step })} err={err} />
                      <Num field={`rules.evaluation.criteria[${i}].weight`} label={t('editor.weight')} value={criterion.weight} onChange={(weight) => update({ weight })} err={err} />
                      <Num field={`rules.evaluation.criteria[${i}].threshold`} label={t('editor.threshold')} value={criterion.threshold} onChange={(threshold) => update({ threshold })} err={err} />
                    </Group>
                  </Fieldset>
                );
              })}
              <Add label={t('editor.addCriterion')} onClick={() => setRules({ evaluation: { ...form.rules.evaluation, criteria: [...form.rules.evaluation.criteria, { code: '', title: '', weight: 1, scaleMax: 5, step: 0.5, threshold: 0 }] } })} />
              <Group grow align="flex-start">
                <Num field="rules.evaluation.totalThreshold" label={t('editor.totalThreshold')} value={form.rules.evaluation.totalThreshold} onChange={(totalThreshold) => setRules({ evaluation: { ...form.rules.evaluation, totalThreshold } })} err={err} />
                <TextInput
                  id={fieldId('rules.evaluation.tieBreak')}
                  label={t('editor.tieBreak')}
                  description={t('editor.tieBreakHint')}
                  value={form.rules.evaluation.tieBreak.join(', ')}
                  onChange={(e) => setRules({ evaluation: { ...form.rules.evaluation, tieBreak: e.currentTarget.value.split(',').map((x) => x.trim()).filter(Boolean) } })}
                  error={err('rules.evaluation.tieBreak')}
                />
              </Group>
            </Section>
          </Stack>
        </fieldset>
        {!readOnly && (
          <Group mt="lg">
            <Button type="submit" loading={save.isPending}>
              {call ? t('editor.save') : t('editor.create')}
            </Button>
            {call && (
              <Button variant="default" onClick={() => setConfirming(true)} disabled={save.isPending}>
                {t('editor.publish')}
              </Button>
            )}
            <Text size="sm" aria-live="polite">
              {save.isSuccess ? t('editor.saved') : ''}
            </Text>
          </Group>
        )}
      </form>
      <ConfirmDialog
        opened={confirming}
        title={t('editor.confirmTitle', { code: call?.code ?? '' })}
        confirmLabel={t('editor.confirmPublish')}
        busy={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => publish.mutate(undefined, { onSettled: () => setConfirming(false) })}
      >
        {t('editor.confirmBody')}
      </ConfirmDialog>
    </section>
  );
}

function replace<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((x, i) => (i === index ? value : x));
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Fieldset legend={<Title order={2} size="h4" component="span">{title}</Title>}>
      <Stack>{children}</Stack>
    </Fieldset>
  );
}

function EuroInput({ field, label, value, onChange, error }: { field: string; label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation('calls');
  return <TextInput id={fieldId(field)} label={label} description={t('editor.euroHint')} inputMode="decimal" leftSection="€" value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
}

function Int({ field, label, value, onChange, err }: { field: string; label: string; value: number; onChange: (v: number) => void; err: (f: string) => string | undefined }) {
  return <NumberInput id={fieldId(field)} label={label} allowDecimal={false} value={value} onChange={(v) => onChange(typeof v === 'number' ? v : Number(v) || 0)} error={err(field)} />;
}

function Num({ field, label, value, onChange, err }: { field: string; label: string; value: number; onChange: (v: number) => void; err: (f: string) => string | undefined }) {
  return <NumberInput id={fieldId(field)} label={label} decimalScale={2} decimalSeparator="," value={value} onChange={(v) => onChange(typeof v === 'number' ? v : Number(String(v).replace(',', '.')) || 0)} error={err(field)} />;
}

/** An exact fraction as teller / noemer, with its percentage (rounded down, as the service does). */
function RateInput({ field, label, rate, onChange, err }: { field: string; label: string; rate: Rate; onChange: (r: Rate) => void; err: (f: string) => string | undefined }) {
  const { t } = useTranslation('calls');
  const percent = rate.denominator > 0 ? formatPercent(rate.numerator, rate.denominator) : '–';
  return (
    <Fieldset legend={label} variant="unstyled">
      <Group align="flex-end" gap="xs">
        <NumberInput id={fieldId(`${field}.numerator`)} label={t('editor.numerator')} allowDecimal={false} min={0} value={rate.numerator} onChange={(v) => onChange({ ...rate, numerator: Number(v) || 0 })} error={err(`${field}.numerator`) ?? err(field)} w={150} />
        <Text pb={8} aria-hidden="true">
          /
        </Text>
        <NumberInput id={fieldId(`${field}.denominator`)} label={t('editor.denominator')} allowDecimal={false} min={1} value={rate.denominator} onChange={(v) => onChange({ ...rate, denominator: Number(v) || 0 })} error={err(`${field}.denominator`)} w={150} />
        <Text pb={8}>= {percent}</Text>
      </Group>
    </Fieldset>
  );
}

function Add({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Group>
      <Button variant="light" size="xs" onClick={onClick}>
        + {label}
      </Button>
    </Group>
  );
}

function Remove({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="default" aria-label={label} title={label} onClick={onClick} size="lg">
      ×
    </ActionIcon>
  );
}
