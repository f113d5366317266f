import { Button, Group, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { ApiProblem, isProblem } from '../../../lib/api/problem';
import { centsToInput, formatEuro, parseEuro } from '../../../lib/format';
import { useAskQuestion, useReviewLine, type CostLine, type ReviewInput, type SupportingDocument } from '../api/finance';
import type { ReviewContext } from '../running-totals';
import { DocumentViewer } from './DocumentViewer';

type Decision = ReviewInput['decision'];
const DECISIONS: Decision[] = ['ACCEPTED', 'REDUCED', 'REJECTED'];

/**
 * One line's review: the decision (accept, reduce to an amount, reject) with its reason, the
 * line's documents shown in the page, and a question for the beneficiary. Focus lands on the
 * heading when it opens, so a keyboard user goes on from the line they picked.
 */
export function LineReviewForm({
  statementId,
  line,
  category,
  number,
  documents,
  editable,
  onDone,
  context,
}: {
  statementId: string;
  line: CostLine;
  /** The call's label of the line's cost category. */
  category: string;
  number: number;
  documents: SupportingDocument[];
  editable: boolean;
  onDone: () => void;
  context: ReviewContext | null;
}) {
  const { t } = useTranslation('finance');
  const heading = useRef<HTMLHeadingElement>(null);
  const [decision, setDecision] = useState<Decision>(line.review?.decision ?? 'ACCEPTED');
  const [amount, setAmount] = useState(line.review?.decision === 'REDUCED' ? centsToInput(line.review.acceptedAmount) : '');
  const [reason, setReason] = useState(line.review?.reason ?? '');
  const [question, setQuestion] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const review = useReviewLine(statementId, context);
  const ask = useAskQuestion(statementId);
  const prefix = `line-${line.id}`;

  useEffect(() => heading.current?.focus(), []);

  const save = async () => {
    setProblem(null);
    setSaved(null);
    let acceptedAmount: number | undefined;
    if (decision === 'REDUCED') {
      const cents = parseEuro(amount);
      if (cents === null) {
        setProblem(new ApiProblem(400, 'VALIDATION_FAILED', t('review.amountInvalid'), [{ field: 'acceptedAmount', code: 'amount', message: t('review.amountInvalid') }]));
        return;
      }
      acceptedAmount = cents;
    }
    try {
      await review.mutateAsync({ lineId: line.id, body: { decision, acceptedAmount, reason: decision === 'ACCEPTED' ? undefined : reason } });
      setSaved(t('review.saved', { number }));
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };

  const sendQuestion = async () => {
    setProblem(null);
    setSaved(null);
    try {
      await ask.mutateAsync({ lineId: line.id, question });
      setQuestion('');
      setSaved(t('review.questionSaved', { number }));
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${prefix}-title`}>
      <Title order={3} size="h4" id={`${prefix}-title`} ref={heading} tabIndex={-1} mb="xs">
        {t('review.lineTitle', { number, description: line.description })}
      </Title>
      <Text size="sm" mb="sm">
        {t('review.lineFacts', { partner: line.partnerName, category, reference: line.reference, amount: formatEuro(line.amount) })}
        {line.kind === 'STAFF' && line.hours !== null && ` ${t('review.staffFacts', { person: line.person ?? '', hours: line.hours })}`}
        {line.vatAmount > 0 &&
          ` ${t('review.vatFacts', {
            vat: formatEuro(line.vatAmount),
            recoverable: t(line.vatRecoverable ? 'review.vatRecoverableYes' : 'review.vatRecoverableNo'),
            excluded: formatEuro(line.vatExcluded),
            eligible: formatEuro(line.eligibleAmount),
          })}`}
      </Text>
      <ErrorSummary problem={problem} fields={['acceptedAmount', 'reason', 'question']} />
      <Stack gap="sm">
        <section aria-label={t('documents.forLine', { number })}>
          {documents.length === 0 ? (
            <Text size="sm">{t('documents.noneForLine')}</Text>
          ) : (
            <Stack gap="xs">
              {documents.map((d) => (
                <DocumentViewer key={d.id} document={d} />
              ))}
            </Stack>
          )}
        </section>
        {line.question && (
          <Text size="sm">
            <strong>{t('review.askedQuestion')}</strong> {line.question.question}
            {line.question.answer && (
              <>
                <br />
                <strong>{t('review.answer')}</strong> {line.question.answer}
              </>
            )}
          </Text>
        )}
        {editable && (
          <>
            <Radio.Group label={t('review.decision')} value={decision} onChange={(v) => setDecision(v as Decision)} name={`${prefix}-decision`}>
              <Group mt="xs">
                {DECISIONS.map((d) => (
                  <Radio key={d} value={d} label={t(`decisions.${d}`)} />
                ))}
              </Group>
            </Radio.Group>
            {decision === 'REDUCED' && (
              <TextInput
                id={fieldId('acceptedAmount')}
                label={t('review.acceptedAmount')}
                description={t('review.acceptedAmountHint', { amount: formatEuro(line.amount) })}
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                inputMode="decimal"
                required
                error={problem?.byField().acceptedAmount?.message}
              />
            )}
            {decision !== 'ACCEPTED' && (
              <Textarea id={fieldId('reason')} label={t('review.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} />
            )}
            <Group>
              <Button onClick={() => void save()} loading={review.isPending}>
                {t('review.save')}
              </Button>
              <Button variant="default" onClick={onDone}>
                {t('review.close')}
              </Button>
            </Group>
            <Textarea id={fieldId('question')} label={t('review.question')} value={question} onChange={(e) => setQuestion(e.currentTarget.value)} autosize minRows={2} />
            <Group>
              <Button variant="light" onClick={() => void sendQuestion()} loading={ask.isPending} disabled={question.trim() === ''}>
                {t('review.ask')}
              </Button>
            </Group>
          </>
        )}
        <div role="status" aria-live="polite">
          {saved}
        </div>
      </Stack>
    </Paper>
  );
}
