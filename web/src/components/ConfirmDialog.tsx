import { Button, Group, Modal, Text } from '@mantine/core';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A confirmation before an action that cannot be undone (publish, submit, declare a conflict,
 * decide). Focus goes into the dialog and back; Escape and "Annuleren" cancel.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  danger,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** May return the action's promise: until it settles, a second confirm (a double click) is ignored. */
  onConfirm: () => void | Promise<unknown>;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  // `busy` disables the button only once React re-renders, after the mutation's state has been
  // announced; a double click's second click comes before that.
  const confirming = useRef(false);
  const confirm = () => {
    if (confirming.current) return;
    confirming.current = true;
    // A failure is the caller's to show (from its mutation's state); here it only ends the wait.
    void Promise.resolve(onConfirm())
      .catch(() => undefined)
      .finally(() => {
        confirming.current = false;
      });
  };
  return (
    <Modal opened={opened} onClose={onCancel} title={title} closeButtonProps={{ 'aria-label': t('close') }}>
      <Text component="div" mb="md">
        {children}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('cancel')}
        </Button>
        <Button color={danger ? 'red.8' : undefined} loading={busy} onClick={confirm}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
