import { Alert, Anchor, Badge, Button, FileInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatIban, normaliseIban } from '@shared/domain/iban.rule';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { ApiProblem, isProblem } from '../../../lib/api/problem';
import { formatDateShort } from '../../../lib/format';
import { grantKeys, useBankAccount, useUploadRules, type BankAccount } from '../api/grants';
import { registerBankAccount } from '../api/upload';
import { checkFile } from '../upload-check';

// Light fills with dark text, as the calendar's badges.
const STATUS_COLOURS: Record<string, string> = { PENDING: 'yellow.2', VERIFIED: 'green.2', REJECTED: 'red.2' };

/** The account, read-only: IBAN in groups of four, holder, state, finance's reason, the certificate. Finance's dossier shows it too. */
export function BankAccountSummary({ account, children }: { account: BankAccount; children?: ReactNode }) {
  const { t } = useTranslation('grants');
  return (
    <Table withTableBorder captionSide="top">
      <Table.Caption>{t('bankAccount.caption')}</Table.Caption>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th scope="row">{t('bankAccount.iban')}</Table.Th>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatIban(account.iban)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row">{t('bankAccount.holder')}</Table.Th>
          <Table.Td>{account.holderName}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th scope="row">{t('bankAccount.status')}</Table.Th>
          <Table.Td>
            <Badge color={STATUS_COLOURS[account.status] ?? 'gray.2'} autoContrast tt="none">
              {t(`bankAccount.statuses.${account.status}`)}
            </Badge>
            {account.decidedAt && <Text size="xs">{t('bankAccount.decidedOn', { date: formatDateShort(account.decidedAt.slice(0, 10)) })}</Text>}
          </Table.Td>
        </Table.Tr>
        {account.rejectionReason && (
          <Table.Tr>
            <Table.Th scope="row">{t('bankAccount.reason')}</Table.Th>
            <Table.Td>{account.rejectionReason}</Table.Td>
          </Table.Tr>
        )}
        <Table.Tr>
          <Table.Th scope="row">{t('bankAccount.certificate')}</Table.Th>
          <Table.Td>
            {account.certificate ? (
              <Anchor href={account.certificate.contentUrl} download={account.certificate.fileName}>
                {t('bankAccount.certificateLink', { name: account.certificate.fileName })}
              </Anchor>
            ) : (
              '—'
            )}
          </Table.Td>
        </Table.Tr>
        {children}
      </Table.Tbody>
    </Table>
  );
}

/** The beneficiary's account on its grant page: what is registered, and the form to register or change it. */
export function BankAccountPanel({ grantId }: { grantId: string }) {
  const { t } = useTranslation('grants');
  const state = useBankAccount(grantId);
  return (
    <section aria-labelledby="bank-account-title">
      <Title order={2} size="h3" id="bank-account-title" mb="xs">
        {t('bankAccount.title')}
      </Title>
      <QueryState query={state}>
        {(s) => (
          <Stack gap="md">
            {s.account ? <BankAccountSummary account={s.account} /> : <Text>{t('bankAccount.none')}</Text>}
            {!s.payable && <Text size="sm">{t('bankAccount.whyVerified')}</Text>}
            {s.canRegister && <BankAccountForm grantId={grantId} change={s.account !== null} />}
          </Stack>
        )}
      </QueryState>
    </section>
  );
}

function BankAccountForm({ grantId, change }: { grantId: string; change: boolean }) {
  const { t } = useTranslation('grants');
  const client = useQueryClient();
  const rules = useUploadRules();
  const [iban, setIban] = useState('');
  const [holderName, setHolderName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setDone(null);
    // Checked here first with the service's own rules (IBAN and upload limits); the service checks again.
    const errors: { field: string; code: string; message: string }[] = [];
    const checked = normaliseIban(iban);
    if (iban.trim() === '') errors.push({ field: 'iban', code: 'isNotEmpty', message: t('bankAccount.errors.isNotEmpty') });
    else if (!checked.ok) errors.push({ field: 'iban', code: checked.code, message: t(`bankAccount.errors.${checked.code}`) });
    if (holderName.trim() === '') errors.push({ field: 'holderName', code: 'isNotEmpty', message: t('bankAccount.errors.isNotEmpty') });
    if (!file) errors.push({ field: 'file', code: 'REQUIRED', message: t('bankAccount.errors.file') });
    else if (rules.data) {
      const fileCheck = checkFile(file, rules.data);
      if (!fileCheck.ok) errors.push({ field: 'file', code: fileCheck.code, message: t(`upload.refused.${fileCheck.code}`, { max: `${Math.floor(rules.data.maxBytes / 1_048_576)} MB` }) });
    }
    if (errors.length > 0 || !file) {
      setProblem(new ApiProblem(400, 'VALIDATION_FAILED', t('bankAccount.errors.summary'), errors));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      await registerBankAccount(grantId, { iban, holderName }, file, () => undefined).done;
      setIban('');
      setHolderName('');
      setFile(null);
      setDone(t('bankAccount.registered'));
      await client.invalidateQueries({ queryKey: grantKeys.bankAccount(grantId) });
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    } finally {
      setSending(false);
    }
  };

  const byField = problem?.byField() ?? {};
  const fieldError = (field: string) => (byField[field] ? t(`bankAccount.errors.${byField[field].code}`, { defaultValue: byField[field].message }) : undefined);
  return (
    <form
      noValidate
      aria-labelledby="bank-account-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Title order={3} size="h4" id="bank-account-form-title" mb="xs">
        {change ? t('bankAccount.changeTitle') : t('bankAccount.registerTitle')}
      </Title>
      {change && (
        <Alert color="blue" variant="light" mb="sm">
          {t('bankAccount.changeNote')}
        </Alert>
      )}
      <ErrorSummary problem={problem} fields={['iban', 'holderName', 'file']} />
      <Stack gap="sm" maw={480}>
        <TextInput id={fieldId('iban')} label={t('bankAccount.iban')} description={t('bankAccount.ibanHint')} value={iban} onChange={(e) => setIban(e.currentTarget.value)} required error={fieldError('iban')} autoComplete="off" />
        <TextInput id={fieldId('holderName')} label={t('bankAccount.holder')} value={holderName} onChange={(e) => setHolderName(e.currentTarget.value)} required error={fieldError('holderName')} />
        <FileInput id={fieldId('file')} label={t('bankAccount.certificate')} description={t('bankAccount.certificateHint')} value={file} onChange={setFile} accept="application/pdf,image/png,image/jpeg" required error={fieldError('file')} clearable clearButtonProps={{ 'aria-label': t('bankAccount.clearFile') }} />
        <div>
          <Button type="submit" loading={sending}>
            {change ? t('bankAccount.changeSubmit') : t('bankAccount.registerSubmit')}
          </Button>
        </div>
        <div role="status" aria-live="polite">
          {done}
        </div>
      </Stack>
    </form>
  );
}
