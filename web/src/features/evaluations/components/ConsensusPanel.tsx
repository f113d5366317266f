import { Button, Fieldset, Group, NativeSelect, Stack, Table, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import type { Criterion } from '../api/assignments';
import { useConsensus, useRoundApplications, useSaveConsensus, type ConsensusView } from '../api/round';
import { formatScoreValue, scaleValues } from '../score-scale';

/** Per proposal: the individual scores side by side (read-only), then the consensus per criterion with its comment. */
export function ConsensusPanel({ callId, criteria }: { callId: string; criteria: Criterion[] }) {
  const { t } = useTranslation('evaluations');
  const applications = useRoundApplications(callId);
  const [selected, setSelected] = useState('');
  const consensus = useConsensus(callId, selected || undefined);
  return (
    <QueryState query={applications}>
      {(apps) => {
        const admissible = apps.filter((a) => ['ADMISSIBLE', 'AWARDED', 'RESERVE', 'REJECTED'].includes(a.status));
        return (
          <Stack>
            <NativeSelect
              label={t('consensus.choose')}
              value={selected}
              onChange={(e) => setSelected(e.currentTarget.value)}
              data={[{ value: '', label: t('consensus.chooseOne') }, ...admissible.map((a) => ({ value: a.id, label: `${a.acronym} – ${a.title}` }))]}
            />
            {selected && <QueryState query={consensus}>{(view) => <ConsensusForm key={selected} callId={callId} applicationId={selected} view={view} criteria={criteria} />}</QueryState>}
          </Stack>
        );
      }}
    </QueryState>
  );
}

function ConsensusForm({ callId, applicationId, view, criteria }: { callId: string; applicationId: string; view: ConsensusView; criteria: Criterion[] }) {
  const { t, i18n } = useTranslation('evaluations');
  const save = useSaveConsensus(callId, applicationId);
  const initial = () =>
    Object.fromEntries(
      criteria.map((c) => {
        const agreed = view.consensus.find((s) => s.criterion === c.code);
        const proposed = view.proposed.find((p) => p.criterion === c.code);
        return [c.code, { score: agreed ? String(agreed.score) : proposed?.score != null ? String(proposed.score) : '', comment: agreed?.comment ?? '' }];
      }),
    );
  const [draft, setDraft] = useState<Record<string, { score: string; comment: string }>>(initial);
  // The value is read in the handler: React clears the event's currentTarget before an updater runs.
  const set = (code: string, patch: Partial<{ score: string; comment: string }>) => setDraft((d) => ({ ...d, [code]: { ...d[code], ...patch } }));
  const problem = isProblem(save.error) ? save.error : null;
  const errors = problem?.byField() ?? {};
  const score = (v: number | null | undefined) => (v == null ? '–' : formatScoreValue(v, i18n.language));

  return (
    <Stack>
      <Table withTableBorder>
        <caption>{t('consensus.individualCaption', { count: view.individual.length })}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('consensus.criterion')}</Table.Th>
            {view.individual.map((_, i) => (
              <Table.Th scope="col" key={i} style={{ textAlign: 'right' }}>
                {t('consensus.evaluatorN', { n: i + 1 })}
              </Table.Th>
            ))}
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              {t('consensus.proposed')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {criteria.map((c) => (
            <Table.Tr key={c.code}>
              <Table.Th scope="row">{c.title}</Table.Th>
              {view.individual.map((sheet, i) => {
                const s = sheet.scores.find((x) => x.criterion === c.code);
                return (
                  <Table.Td key={i} style={{ textAlign: 'right' }} title={s?.comment}>
                    {score(s?.score)}
                  </Table.Td>
                );
              })}
              <Table.Td style={{ textAlign: 'right' }}>{score(view.proposed.find((p) => p.criterion === c.code)?.score)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(criteria.filter((c) => draft[c.code].score !== '').map((c) => ({ criterion: c.code, score: Number(draft[c.code].score), comment: draft[c.code].comment })));
        }}
        noValidate
      >
        <ErrorSummary problem={problem} />
        <Stack>
          {criteria.map((c, i) => (
            <Fieldset key={c.code} legend={t('consensus.legend', { title: c.title })}>
              <Group align="flex-start" grow>
                <NativeSelect
                  id={fieldId(`scores[${i}].score`)}
                  label={t('consensus.score')}
                  value={draft[c.code].score}
                  onChange={(e) => set(c.code, { score: e.currentTarget.value })}
                  data={[{ value: '', label: t('scores.choose') }, ...scaleValues(c.scaleMax, c.step).map((v) => ({ value: String(v), label: formatScoreValue(v, i18n.language) }))]}
                  error={errors[`scores[${i}].score`] && fieldText(t, errors[`scores[${i}].score`])}
                />
                <Textarea
                  id={fieldId(`scores[${i}].comment`)}
                  label={t('consensus.comment')}
                  autosize
                  minRows={2}
                  value={draft[c.code].comment}
                  onChange={(e) => set(c.code, { comment: e.currentTarget.value })}
                  error={errors[`scores[${i}].comment`] && fieldText(t, errors[`scores[${i}].comment`])}
                />
              </Group>
            </Fieldset>
          ))}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('consensus.save')}
            </Button>
            <Text size="sm" aria-live="polite">
              {save.isSuccess ? t('consensus.saved') : ''}
            </Text>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
