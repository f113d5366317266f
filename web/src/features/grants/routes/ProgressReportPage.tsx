import { reportingIndicators } from '@server/grants/progress-reports/domain/progress-report.rule';
import { Alert, Button, Fieldset, Group, Modal, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageLoader } from '../../../components/QueryState';
import { ApiProblem, isProblem } from '../../../lib/api/problem';
import { formatInstantLong } from '../../../lib/format';
import { fieldText } from '../../../lib/problem-text';
import { useProgressReport, useReopenReport, useSaveReport, useSubmitReport, type ProgressReport } from '../api/grants';
import { DocumentUpload } from '../components/DocumentUpload';
import { DocumentList } from '../components/StatementLines';
import { PeriodFrame, type PeriodContext } from './PeriodFrame';

/** The progress report of a period: narrative and the call's indicators, supporting documents; saved as a draft, then submitted. */
export function ProgressReportPage() {
  const { t } = useTranslation('grants');
  return (
    <PeriodFrame title={(p) => (p.kind === 'FINAL' ? t('report.titleFinal') : t('report.title', { number: p.number }))}>
      {(context) => <ReportLoader context={context} />}
    </PeriodFrame>
  );
}

function ReportLoader({ context }: { context: PeriodContext }) {
  const report = useProgressReport(context.period.progressReport?.id);
  if (context.period.progressReport && report.isPending) return <PageLoader />;
  return <ReportForm key={context.period.id} context={context} report={report.data ?? null} />;
}

const WHOLE = /^\s*\d{1,9}\s*$/;

function ReportForm({ context, report }: { context: PeriodContext; report: ProgressReport | null }) {
  const { t } = useTranslation('grants');
  const { t: tAll } = useTranslation();
  const { grant, period, call } = context;
  const definitions = report?.indicators.map((i) => ({ code: i.code, label: i.label })) ?? reportingIndicators(call.rules);
  const [narrative, setNarrative] = useState(report?.narrative ?? '');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(definitions.map((d) => [d.code, String(report?.indicators.find((i) => i.code === d.code)?.value ?? '')])),
  );
  const [dirty, setDirty] = useState(false);
  const [local, setLocal] = useState<ApiProblem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useSaveReport(grant.id, period.number);
  const submit = useSubmitReport(grant.id);
  const editable = !report || report.status === 'DRAFT' || report.status === 'RETURNED' || report.status === 'REOPENED';
  const problem = local ?? (isProblem(save.error) ? save.error : isProblem(submit.error) ? submit.error : null);
  const errors = problem?.byField() ?? {};

  const body = () => {
    const bad = definitions.filter((d) => values[d.code]?.trim() !== '' && !WHOLE.test(values[d.code] ?? ''));
    if (bad.length > 0) {
      setLocal(new ApiProblem(400, 'VALIDATION_FAILED', 'indicators', bad.map((d) => ({ field: `indicators.${d.code}`, code: 'isInt', message: 'whole number' }))));
      return null;
    }
    setLocal(null);
    const indicators = Object.fromEntries(definitions.filter((d) => values[d.code]?.trim()).map((d) => [d.code, Number(values[d.code])]));
    return { narrative, indicators, ...(report ? { version: report.version } : {}) };
  };
  const saveDraft = async (): Promise<ProgressReport | null> => {
    const b = body();
    if (!b) return null;
    submit.reset();
    const r = await save.mutateAsync(b);
    setDirty(false);
    setSaved(true);
    return r;
  };
  const change = (f: () => void) => {
    setDirty(true);
    setSaved(false);
    f();
  };

  if (!editable && report) {
    return (
      <Stack>
        <Alert color="teal" variant="light" role="status" title={t(`reportStatus.${report.status}`)}>
          {report.submittedAt ? t('report.submittedAt', { when: formatInstantLong(report.submittedAt) }) : null}
          {report.decisionComment ? ` ${t('report.decisionComment', { comment: report.decisionComment })}` : ''}
        </Alert>
        <Title order={2} size="h3">
          {t('report.narrative')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{report.narrative}</Text>
        <Title order={2} size="h3">
          {t('report.indicators')}
        </Title>
        <ul>
          {report.indicators.map((i) => (
            <li key={i.code}>
              {i.label}: {i.value ?? '–'}
            </li>
          ))}
        </ul>
        <Title order={2} size="h3">
          {t('documents.title')}
        </Title>
        <DocumentList documents={report.documents} label={t('documents.ofReport')} />
        {report.actions.some((a) => a.action === 'reopen') && <ReopenForText grantId={grant.id} report={report} />}
      </Stack>
    );
  }

  return (
    <Stack maw={900}>
      <ErrorSummary problem={problem} fields={['narrative', ...definitions.map((d) => `indicators.${d.code}`)]} />
      {report?.status === 'RETURNED' && (
        <Alert color="orange" variant="light" title={t('report.returnedTitle')}>
          {report.decisionComment}
        </Alert>
      )}
      {report?.status === 'REOPENED' && (
        <Alert color="orange" variant="light" title={t('report.reopenedTitle')}>
          <Text size="sm">{t('report.reopenedBody')}</Text>
          {report.reopenReason && <Text size="sm">{t('report.reopenReasonLine', { reason: report.reopenReason })}</Text>}
        </Alert>
      )}
      <Textarea
        id={fieldId('narrative')}
        label={t('report.narrative')}
        description={t('report.narrativeHint')}
        autosize
        minRows={6}
        value={narrative}
        onChange={(e) => {
          const v = e.currentTarget.value;
          change(() => setNarrative(v));
        }}
        error={errors.narrative && fieldText(tAll, errors.narrative)}
      />
      <Fieldset legend={t('report.indicators')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {definitions.map((d) => {
            const err = errors[`indicators.${d.code}`];
            return (
              <TextInput
                key={d.code}
                id={fieldId(`indicators.${d.code}`)}
                label={d.label}
                description={t('report.indicatorHint')}
                inputMode="numeric"
                value={values[d.code] ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  change(() => setValues((all) => ({ ...all, [d.code]: v })));
                }}
                error={err && fieldText(tAll, err)}
              />
            );
          })}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('documents.title')}>
        {report ? (
          <Stack gap="sm">
            <DocumentList documents={report.documents} label={t('documents.ofReport')} />
            <DocumentUpload target={{ kind: 'report', id: report.id }} label={t('documents.ofReport')} />
          </Stack>
        ) : (
          <Text size="sm">{t('documents.saveFirst')}</Text>
        )}
      </Fieldset>
      <Group>
        <Button variant="default" loading={save.isPending} onClick={() => void saveDraft().catch(() => undefined)}>
          {t('actions.saveDraft')}
        </Button>
        <Button onClick={() => setConfirming(true)} disabled={submit.isPending}>
          {t('report.submit')}
        </Button>
        <Text size="sm" aria-live="polite">
          {saved && !dirty ? t('actions.saved') : dirty ? t('actions.unsaved') : ''}
        </Text>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title={t('report.confirmTitle')}
        confirmLabel={t('report.confirm')}
        busy={submit.isPending || save.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (submit.isPending || save.isPending) return;
          // What is on screen is what gets submitted: save first, then submit.
          void saveDraft()
            .then((r) => (r ? submit.mutateAsync(r.id) : null))
            .catch(() => undefined)
            .finally(() => setConfirming(false));
        }}
      >
        {t('report.confirmBody')}
      </ConfirmDialog>
    </Stack>
  );
}

/** The programme manager's "Heropenen voor tekst", with the reason the beneficiary will read. */
function ReopenForText({ grantId, report }: { grantId: string; report: ProgressReport }) {
  const { t } = useTranslation('grants');
  const { t: tAll } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reopen = useReopenReport(grantId);
  const problem = isProblem(reopen.error) ? reopen.error : null;
  const error = problem?.byField().reason;
  const close = () => {
    reopen.reset();
    setReason('');
    setOpen(false);
  };
  const submit = async () => {
    try {
      await reopen.mutateAsync({ id: report.id, reason });
      close();
    } catch {
      // Shown from reopen.error.
    }
  };
  return (
    <>
      <Group>
        <Button variant="light" onClick={() => setOpen(true)}>
          {t('report.reopen')}
        </Button>
      </Group>
      <Modal opened={open} onClose={close} title={t('report.reopenTitle')} closeButtonProps={{ 'aria-label': tAll('close') }}>
        <Text size="sm" mb="sm">
          {t('report.reopenIntro')}
        </Text>
        {problem && !error && (
          <Alert color="red" variant="light" role="alert" mb="sm">
            {problem.detail}
          </Alert>
        )}
        <Textarea id={fieldId('reason')} label={t('report.reopenReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={3} error={error && fieldText(tAll, error)} mb="md" data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {tAll('cancel')}
          </Button>
          <Button onClick={() => void submit()} loading={reopen.isPending}>
            {t('report.reopenConfirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
