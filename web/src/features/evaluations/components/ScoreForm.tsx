import { Alert, Button, Fieldset, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { isProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { useSaveScores, useSubmitScores, type Criterion, type ScoreSheet } from '../api/assignments';
import { formatScoreValue, scaleValues } from '../score-scale';

type Draft = Record<string, { score: string; comment: string }>;

function draftOf(criteria: Criterion[], sheet: ScoreSheet): Draft {
  const out: Draft = {};
  for (const c of criteria) {
    const saved = sheet.scores.find((s) => s.criterion === c.code);
    out[c.code] = { score: saved ? String(saved.score) : '', comment: saved?.comment ?? '' };
  }
  return out;
}

/**
 * A score and a comment per criterion on the call's scale and step. Saved as a draft any
 * number of times, submitted once (every criterion scored and commented), then read-only.
 */
export function ScoreForm({ assignmentId, criteria, sheet }: { assignmentId: string; criteria: Criterion[]; sheet: ScoreSheet }) {
  const { t, i18n } = useTranslation('evaluations');
  const save = useSaveScores(assignmentId);
  const submit = useSubmitScores(assignmentId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(criteria, sheet));
  const [dirty, setDirty] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const readOnly = sheet.status === 'SUBMITTED';
  useEffect(() => {
    if (!dirty) setDraft(draftOf(criteria, sheet));
  }, [sheet, criteria, dirty]);

  const problem = isProblem(save.error) ? save.error : isProblem(submit.error) ? submit.error : null;
  const errors = problem?.byField() ?? {};
  const scores = () =>
    criteria.filter((c) => draft[c.code]?.score !== '').map((c) => ({ criterion: c.code, score: Number(draft[c.code].score), comment: draft[c.code].comment }));
  const saveDraft = () => save.mutateAsync(scores()).then(() => setDirty(false));
  const update = (code: string, patch: Partial<Draft[string]>) => {
    setDirty(true);
    setDraft((d) => ({ ...d, [code]: { ...d[code], ...patch } }));
  };

  return (
    <div>
      <ErrorSummary problem={problem} fields={criteria.flatMap((_, i) => [`scores[${i}].score`, `scores[${i}].comment`])} />
      {readOnly && (
        <Alert color="teal" title={t('scores.submittedTitle')} mb="md">
          {t('scores.submittedBody')}
        </Alert>
      )}
      <Stack>
        {criteria.map((c, i) => {
          const values = scaleValues(c.scaleMax, c.step);
          const err = (key: 'score' | 'comment') => errors[`scores[${i}].${key}`] ?? errors[`${c.code}.${key}`];
          return (
            <Fieldset key={c.code} legend={`${c.title} (${c.code})`}>
              <Text size="sm" mb="xs">
                {t('scores.scale', { max: formatScoreValue(c.scaleMax, i18n.language), step: formatScoreValue(c.step, i18n.language), threshold: formatScoreValue(c.threshold, i18n.language), weight: c.weight })}
              </Text>
              <Stack gap="xs">
                <NativeSelect
                  id={fieldId(`scores[${i}].score`)}
                  label={t('scores.score')}
                  disabled={readOnly}
                  value={draft[c.code]?.score ?? ''}
                  onChange={(e) => update(c.code, { score: e.currentTarget.value })}
                  data={[{ value: '', label: t('scores.choose') }, ...values.map((v) => ({ value: String(v), label: formatScoreValue(v, i18n.language) }))]}
                  error={err('score') && fieldText(t, err('score')!)}
                />
                <Textarea
                  id={fieldId(`scores[${i}].comment`)}
                  label={t('scores.comment')}
                  readOnly={readOnly}
                  autosize
                  minRows={3}
                  value={draft[c.code]?.comment ?? ''}
                  onChange={(e) => update(c.code, { comment: e.currentTarget.value })}
                  error={err('comment') && fieldText(t, err('comment')!)}
                />
              </Stack>
            </Fieldset>
          );
        })}
        {!readOnly && (
          <Group>
            <Button variant="default" loading={save.isPending} onClick={() => void saveDraft()}>
              {t('scores.saveDraft')}
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={submit.isPending}>
              {t('scores.submit')}
            </Button>
            <Text size="sm" aria-live="polite">
              {save.isSuccess && !dirty ? t('scores.saved') : dirty ? t('scores.unsaved') : ''}
            </Text>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('scores.confirmTitle')}
        confirmLabel={t('scores.confirm')}
        busy={submit.isPending || save.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          // What is on screen is what gets submitted: save first, then lock.
          if (submit.isPending || save.isPending) return;
          return saveDraft()
            .then(() => submit.mutateAsync())
            .finally(() => setConfirming(false));
        }}
      >
        {t('scores.confirmBody')}
      </ConfirmDialog>
    </div>
  );
}
