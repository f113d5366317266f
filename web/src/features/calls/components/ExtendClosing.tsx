import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { isProblem } from '../../../lib/api/problem';
import { formatInstantLong } from '../../../lib/format';
import { fieldText } from '../../../lib/problem-text';
import { useExtendClosing, type Call } from '../api/calls';
import { brusselsLocal, fromBrusselsLocal } from '../editor/call-form';

/**
 * "Sluitingsdatum verlengen": a programme manager moves the closing instant of a published call
 * later, before it closes, with the reason the applicants with a draft are told.
 */
export function ExtendClosing({ call }: { call: Call }) {
  const { t } = useTranslation('calls');
  const extend = useExtendClosing(call.id);
  const [closesAt, setClosesAt] = useState(brusselsLocal(call.closesAt));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const problem = isProblem(extend.error) ? extend.error : null;
  const errors = problem?.byField() ?? {};
  const instant = fromBrusselsLocal(closesAt);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setDone(null);
    if (!instant || !reason.trim()) return;
    extend.mutate({ closesAt: instant, reason: reason.trim() }, { onSuccess: (updated) => { setDone(updated.closesAt); setReason(''); setTried(false); } });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sluiting-verlengen">
      <Title order={2} size="h3" id="sluiting-verlengen">
        {t('extend.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('extend.intro', { closes: formatInstantLong(call.closesAt) })}
      </Text>
      {done && (
        <Alert color="teal" variant="light" role="status" mb="sm">
          {t('extend.done', { closes: formatInstantLong(done) })}
        </Alert>
      )}
      <ErrorSummary problem={problem} fields={['closesAt', 'reason']} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <TextInput
            id={fieldId('closesAt')}
            type="datetime-local"
            label={t('extend.closesAt')}
            description={t('extend.brusselsTime')}
            required
            value={closesAt}
            onChange={(e) => setClosesAt(e.currentTarget.value)}
            error={tried && !instant ? t('extend.closesAtInvalid') : errors.closesAt && fieldText(t, errors.closesAt)}
          />
          <Textarea
            id={fieldId('reason')}
            label={t('extend.reason')}
            description={t('extend.reasonHint')}
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={tried && !reason.trim() ? t('extend.reasonRequired') : errors.reason && fieldText(t, errors.reason)}
          />
          <Group>
            <Button type="submit" loading={extend.isPending}>
              {t('extend.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
