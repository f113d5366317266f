import { Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { formatInstantLong } from '../../../lib/format';
import { fromBrusselsLocal } from '../../calls/editor/call-form';
import { useAnswerClarification, useClarifications, useRequestClarification, type Clarification } from '../api/clarifications';

/**
 * Clarifications during admissibility: the secretariat asks with a deadline (`canAsk`), the
 * lead applicant answers once before it (`canAnswer`); everyone who may see the proposal reads
 * them. The submitted proposal itself never changes.
 */
export function ClarificationsPanel({ applicationId, canAsk, canAnswer }: { applicationId: string; canAsk: boolean; canAnswer: boolean }) {
  const { t } = useTranslation('evaluations');
  const clarifications = useClarifications(applicationId);
  const titleId = `clarifications-${applicationId}`;
  return (
    <section aria-labelledby={titleId}>
      <Title order={3} size="h4" id={titleId} mb="xs">
        {t('clarifications.title')}
      </Title>
      <QueryState query={clarifications}>
        {(items) => (
          <Stack gap="sm">
            {items.length === 0 && !canAsk ? <Text size="sm">{t('clarifications.none')}</Text> : null}
            {items.map((c) => (
              <ClarificationItem key={c.id} applicationId={applicationId} clarification={c} canAnswer={canAnswer} />
            ))}
            {canAsk && <AskForm applicationId={applicationId} />}
          </Stack>
        )}
      </QueryState>
    </section>
  );
}

function ClarificationItem({ applicationId, clarification: c, canAnswer }: { applicationId: string; clarification: Clarification; canAnswer: boolean }) {
  const { t } = useTranslation('evaluations');
  const answer = useAnswerClarification(applicationId, c.id);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const state = c.status === 'ANSWERED' ? 'answered' : c.overdue ? 'overdue' : 'open';
  const field = `answer-${c.id}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!text.trim()) return;
    answer.mutate({ answer: text.trim() });
  };
  return (
    <Card withBorder component="article" aria-label={t('clarifications.item', { when: formatInstantLong(c.askedAt) })}>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" fw={600}>
          {t('clarifications.question')}
        </Text>
        <Badge color={state === 'answered' ? 'teal.2' : state === 'overdue' ? 'red.2' : 'yellow.2'} autoContrast tt="none">
          {t(`clarifications.state.${state}`)}
        </Badge>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {c.question}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {t('clarifications.due', { when: formatInstantLong(c.answerDueAt) })}
      </Text>
      {c.answer !== null && c.answer !== undefined ? (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('clarifications.answer')} ({c.answeredAt ? formatInstantLong(c.answeredAt) : ''})
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.answer}
          </Text>
        </>
      ) : (
        canAnswer &&
        state === 'open' && (
          <form onSubmit={submit} noValidate>
            <ErrorSummary problem={isProblem(answer.error) ? answer.error : null} fields={['answer']} />
            <Stack gap="xs" mt="xs">
              <Textarea
                id={fieldId(field)}
                label={t('clarifications.yourAnswer')}
                description={t('clarifications.frozen')}
                required
                autosize
                minRows={3}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                error={tried && !text.trim() ? t('clarifications.answerRequired') : undefined}
              />
              <Group>
                <Button type="submit" loading={answer.isPending}>
                  {t('clarifications.send')}
                </Button>
              </Group>
            </Stack>
          </form>
        )
      )}
    </Card>
  );
}

function AskForm({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation('evaluations');
  const request = useRequestClarification(applicationId);
  const [question, setQuestion] = useState('');
  const [due, setDue] = useState('');
  const [tried, setTried] = useState(false);
  const prefix = `ask-${applicationId}`;
  const dueInstant = fromBrusselsLocal(due);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!question.trim() || !dueInstant) return;
    request.mutate({ question: question.trim(), answerDueAt: dueInstant }, { onSuccess: () => { setQuestion(''); setDue(''); setTried(false); } });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('clarifications.askTitle')}>
      <ErrorSummary problem={isProblem(request.error) ? request.error : null} fields={['question', 'answerDueAt']} />
      <Stack gap="xs">
        <Textarea
          id={fieldId(`${prefix}-question`)}
          label={t('clarifications.askQuestion')}
          required
          autosize
          minRows={2}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          error={tried && !question.trim() ? t('clarifications.questionRequired') : undefined}
        />
        <TextInput
          id={fieldId(`${prefix}-due`)}
          type="datetime-local"
          label={t('clarifications.askDue')}
          description={t('clarifications.brusselsTime')}
          required
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
          error={tried && !dueInstant ? t('clarifications.dueRequired') : undefined}
        />
        <Group>
          <Button type="submit" variant="light" loading={request.isPending}>
            {t('clarifications.ask')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
