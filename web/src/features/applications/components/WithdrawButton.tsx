import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/ErrorSummary';
import { isProblem } from '../../../lib/api/problem';
import { useWithdraw } from '../api/applications';

/** Withdrawal until the call closes, after an explicit confirmation (the service checks the closing instant). */
export function WithdrawButton({ id, onDone }: { id: string; onDone?: () => void }) {
  const { t } = useTranslation('applications');
  const [open, setOpen] = useState(false);
  const withdraw = useWithdraw(id);
  return (
    <>
      <ProblemAlert problem={isProblem(withdraw.error) ? withdraw.error : null} />
      <Button variant="outline" color="red.9" onClick={() => setOpen(true)}>
        {t('withdraw.button')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('withdraw.title')} centered closeButtonProps={{ 'aria-label': t('withdraw.cancel') }}>
        <Text mb="md">{t('withdraw.body')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('withdraw.cancel')}
          </Button>
          <Button
            color="red.9"
            loading={withdraw.isPending}
            onClick={() =>
              withdraw.mutate(undefined, {
                onSettled: () => setOpen(false),
                onSuccess: () => onDone?.(),
              })
            }
          >
            {t('withdraw.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
