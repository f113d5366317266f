import { NativeSelect, Stack, Text } from '@mantine/core';
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

type Province = Application['province'];
const PROVINCES: Province[] = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'];

/** Section 2: the one province the lab serves (the call funds a limited number per province). */
export function ProvinceSection() {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  const { application, call, editable } = useProposal();
  const client = useQueryClient();
  const { draft, setDraft, reset, markSaved } = useDraft(draftKey(application.id, 'province'), () => application.province);
  const save = useSectionSave(application.id);
  const update = useUpdateApplication(application.id);
  const errors = save.problem?.byField() ?? {};

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (await save.run(() => update.mutateAsync({ province: draft, version: save.version() }))) markSaved();
  };
  const reload = async () => {
    await save.reload();
    const fresh = client.getQueryData<Application>(applicationKeys.one(application.id));
    if (fresh) reset(fresh.province);
  };

  return (
    <section>
      <PageTitle>{t('sections.province')}</PageTitle>
      <Text mb="md" maw={720}>
        {t('province.intro', { count: call.rules.provinceQuota })}
      </Text>
      <SaveProblem problem={save.problem} fields={['province']} onReload={() => void reload()} onRetry={() => void submit()} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack maw={420}>
          <NativeSelect
            id={fieldId('province')}
            label={t('province.label')}
            disabled={!editable}
            data={PROVINCES.map((value) => ({ value, label: tc(`provinces.${value}`) }))}
            value={draft}
            onChange={(e) => {
              const value = e.currentTarget.value as Province;
              setDraft(() => value);
            }}
            error={errors.province && fieldText(tc, errors.province)}
          />
          {editable && <SaveBar saving={update.isPending} savedAt={save.savedAt} />}
        </Stack>
      </form>
    </section>
  );
}
