import { Alert, Button, Group, Modal, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/ErrorSummary';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { formatEuro } from '../../../lib/format';
import { useMarkPaid, type Payment } from '../api/finance';
import { FinanceProblem } from './FinanceProblem';

/** Records the bank transfer of a planned payment: its date and reference; it never changes after. */
export function MarkPaidDialog({ payment, label, onClose, blocked }: { payment: Payment | null; label: string; onClose: () => void; blocked?: string | null }) {
  const { t } = useTranslation('finance');
  const [paidOn, setPaidOn] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const markPaid = useMarkPaid();
  // The title keeps naming the payment while the dialog fades out, instead of turning into "van betaald".
  const [shown, setShown] = useState({ payment, label });
  if (payment && payment !== shown.payment) setShown({ payment, label });
  const close = () => {
    setProblem(null);
    setPaidOn('');
    setReference('');
    onClose();
  };
  const submit = async () => {
    if (!payment) return;
    setProblem(null);
    try {
      await markPaid.mutateAsync({ paymentId: payment.id, paidOn, reference });
      close();
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };
  const errors = problem?.byField() ?? {};
  const fieldError = (field: string) => (errors[field] ? t(`problems.fields.${errors[field].code}`, { defaultValue: errors[field].message }) : undefined);
  return (
    <Modal opened={payment !== null} onClose={close} title={t('payments.markPaidTitle', { what: shown.label, amount: shown.payment ? formatEuro(shown.payment.amount) : '' })} closeButtonProps={{ 'aria-label': t('common:close') }}>
      {blocked && (
        <Alert color="orange" variant="light" title={t('bankAccount.blockedTitle')} mb="md">
          {blocked}
        </Alert>
      )}
      <FinanceProblem problem={problem} />
      <TextInput
        id={fieldId('paidOn')}
        type="date"
        label={t('payments.paidOn')}
        value={paidOn}
        onChange={(e) => setPaidOn(e.currentTarget.value)}
        required
        error={fieldError('paidOn')}
        mb="sm"
        data-autofocus
      />
      <TextInput id={fieldId('reference')} label={t('payments.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} required error={fieldError('reference')} mb="md" />
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          {t('common:cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={markPaid.isPending} disabled={!!blocked}>
          {t('payments.markPaidConfirm')}
        </Button>
      </Group>
    </Modal>
  );
}
