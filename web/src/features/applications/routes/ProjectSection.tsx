import { Stack, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { fieldText } from '../../../lib/problem-text';
import { applicationKeys, useUpdateApplication, type Application } from '../api/applications';
import { useDraft } from '../api/use-draft';
import { SaveBar, SaveProblem } from '../components/feedback';
import { draftKey, useProposal } from '../components/proposal-context';
import { useSectionSave } from '../components/use-section-save';

interface ProjectDraft {
  title: string;
  acronym: string;
  summary: string;
  startDate: string;
}
const FIELDS = ['title', 'acronym', 'summary', 'startDate'] as const;
const fromApplication = (a: Application): ProjectDraft => ({ title: a.title, acronym: a.acronym, summary: a.summary, startDate: a.startDate ?? '' });

/** Section 1: what the project is called, what it does and when it wishes to start. */
export function ProjectSection() {
  const { t } = useTranslation('applications');
  const { t: te } = useTranslation();
  const { application, editable } = useProposal();
  const client = useQueryClient();
  const { draft, setDraft, reset, markSaved } = useDraft(draftKey(application.id, 'project'), () => fromApplication(application));
  const save = useSectionSave(application.id);
  const update = useUpdateApplication(application.id);
  const errors = save.problem?.byField() ?? {};
  const err = (field: string) => errors[field] && fieldText(te, errors[field]);
  const set = (key: keyof ProjectDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await save.run(() =>
      update.mutateAsync({ title: draft.title, acronym: draft.acronym, summary: draft.summary, ...(draft.startDate ? { startDate: draft.startDate } : {}), version: save.version() }),
    );
    if (saved) markSaved();
  };
  const reload = async () => {
    await save.reload();
    const fresh = client.getQueryData<Application>(applicationKeys.one(application.id));
    if (fresh) reset(fromApplication(fresh));
  };

  return (
    <section>
      <PageTitle>{t('sections.project')}</PageTitle>
      <SaveProblem problem={save.problem} fields={FIELDS} onReload={() => void reload()} onRetry={() => void submit({ preventDefault: () => undefined } as FormEvent)} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack maw={720}>
            <TextInput id={fieldId('title')} label={t('project.title')} required value={draft.title} onChange={(e) => set('title')(e.currentTarget.value)} error={err('title')} />
            <TextInput id={fieldId('acronym')} label={t('project.acronym')} description={t('project.acronymHint')} required maxLength={30} value={draft.acronym} onChange={(e) => set('acronym')(e.currentTarget.value)} error={err('acronym')} />
            <Textarea id={fieldId('summary')} label={t('project.summary')} description={t('project.summaryHint')} autosize minRows={5} value={draft.summary} onChange={(e) => set('summary')(e.currentTarget.value)} error={err('summary')} />
            <TextInput id={fieldId('startDate')} type="date" label={t('project.startDate')} description={t('project.startDateHint')} value={draft.startDate} onChange={(e) => set('startDate')(e.currentTarget.value)} error={err('startDate')} />
            {editable && <SaveBar saving={update.isPending} savedAt={save.savedAt} />}
          </Stack>
        </fieldset>
      </form>
    </section>
  );
}
