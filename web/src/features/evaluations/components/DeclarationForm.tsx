import { Alert, Button, Checkbox, Group, Radio, Stack, Text, Textarea } from '@mantine/core';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { isProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { useDeclare } from '../api/assignments';

/**
 * The conflict-of-interest and confidentiality declaration, required before the proposal opens
 * (EU practice). Declaring a conflict ends the assignment, so it asks for confirmation first.
 */
export function DeclarationForm({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation('evaluations');
  const declare = useDeclare(assignmentId);
  const [choice, setChoice] = useState<'none' | 'conflict' | ''>('');
  const [confidential, setConfidential] = useState(false);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const problem = isProblem(declare.error) ? declare.error : null;
  const errors = problem?.byField() ?? {};

  const send = () =>
    declare.mutate(choice === 'none' ? { noConflictOfInterest: true, acceptConfidentiality: true } : { noConflictOfInterest: false, conflictReason: reason.trim() });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const gaps = [!choice && 'noConflictOfInterest', choice === 'none' && !confidential && 'acceptConfidentiality', choice === 'conflict' && !reason.trim() && 'conflictReason'].filter(
      (x): x is string => !!x,
    );
    setMissing(gaps);
    if (gaps.length) return;
    if (choice === 'conflict') setConfirming(true);
    else send();
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary problem={problem} fields={['noConflictOfInterest', 'acceptConfidentiality', 'conflictReason']} />
      {missing.length > 0 && (
        <Alert color="red" role="alert" title={t('declaration.incomplete')} mb="md">
          <ul style={{ margin: 0 }}>
            {missing.map((field) => (
              <li key={field}>
                <a href={`#${fieldId(field)}`}>{t(`declaration.missing.${field}`)}</a>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Stack>
        <Text>{t('declaration.intro')}</Text>
        <Radio.Group
          id={fieldId('noConflictOfInterest')}
          name="conflict"
          label={t('declaration.question')}
          required
          value={choice}
          onChange={(v) => setChoice(v as 'none' | 'conflict')}
          error={missing.includes('noConflictOfInterest') ? t('declaration.missing.noConflictOfInterest') : errors.noConflictOfInterest && fieldText(t, errors.noConflictOfInterest)}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="none" label={t('declaration.none')} />
            <Radio value="conflict" label={t('declaration.conflict')} />
          </Stack>
        </Radio.Group>
        {choice === 'none' && (
          <Checkbox
            id={fieldId('acceptConfidentiality')}
            label={t('declaration.confidentiality')}
            checked={confidential}
            onChange={(e) => setConfidential(e.currentTarget.checked)}
            error={missing.includes('acceptConfidentiality') ? t('declaration.missing.acceptConfidentiality') : undefined}
          />
        )}
        {choice === 'conflict' && (
          <Textarea
            id={fieldId('conflictReason')}
            label={t('declaration.reason')}
            description={t('declaration.reasonHint')}
            required
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={missing.includes('conflictReason') ? t('declaration.missing.conflictReason') : errors.conflictReason && fieldText(t, errors.conflictReason)}
          />
        )}
        <Group>
          <Button type="submit" loading={declare.isPending}>
            {t('declaration.submit')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('declaration.confirmTitle')}
        confirmLabel={t('declaration.confirm')}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          send();
        }}
      >
        {t('declaration.confirmBody')}
      </ConfirmDialog>
    </form>
  );
}
