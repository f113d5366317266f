import { Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { BankAccountSummary, type GrantBankAccount } from '../../grants';
import { useDecideBankAccount } from '../api/finance';
import { FinanceProblem } from './FinanceProblem';
import type { UseQueryResult } from '@tanstack/react-query';

/** The beneficiary's account on the dossier: checked against its certificate, then verified or rejected with a reason. */
export function BankAccountReview({ grantId, state }: { grantId: string; state: UseQueryResult<GrantBankAccount> }) {
  const { t } = useTranslation('finance');
  const decide = useDecideBankAccount(grantId);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (id: string, action: 'verify' | 'reject') => {
    setProblem(null);
    setDone(null);
    try {
      await decide.mutateAsync({ id, action, reason });
      setDone(t(action === 'verify' ? 'bankAccount.verifiedNow' : 'bankAccount.rejectedNow'));
      setRejecting(false);
      setReason('');
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };
  const reasonError = problem?.byField().reason ? t('bankAccount.reasonRequired') : undefined;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="bank-account-title">
      <Title order={2} size="h3" id="bank-account-title" mb="xs">
        {t('bankAccount.title')}
      </Title>
      <QueryState query={state}>
        {(s) => (
          <Stack gap="sm">
            {s.account ? (
              <BankAccountSummary account={s.account}>
                <Table.Tr>
                  <Table.Th scope="row">{t('bankAccount.payable')}</Table.Th>
                  <Table.Td>{s.payable ? t('bankAccount.payableYes') : t('bankAccount.payableNo')}</Table.Td>
                </Table.Tr>
              </BankAccountSummary>
            ) : (
              <Text>{t('bankAccount.none')}</Text>
            )}
            <FinanceProblem problem={problem} title={t('bankAccount.refused')} />
            {s.account && s.actions.length > 0 && (
              <>
                {rejecting && (
                  <Textarea id={fieldId('reason')} label={t('bankAccount.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required error={reasonError} autosize minRows={2} />
                )}
                <Group>
                  {!rejecting && s.actions.some((a) => a.action === 'verify') && (
                    <Button onClick={() => void run(s.account!.id, 'verify')} loading={decide.isPending && decide.variables?.action === 'verify'}>
                      {t('bankAccount.verify')}
                    </Button>
                  )}
                  {s.actions.some((a) => a.action === 'reject') &&
                    (rejecting ? (
                      <>
                        <Button color="red" onClick={() => void run(s.account!.id, 'reject')} loading={decide.isPending && decide.variables?.action === 'reject'}>
                          {t('bankAccount.rejectConfirm')}
                        </Button>
                        <Button variant="default" onClick={() => setRejecting(false)}>
                          {t('common:cancel')}
                        </Button>
                      </>
                    ) : (
                      <Button variant="light" color="red" onClick={() => setRejecting(true)}>
                        {t('bankAccount.reject')}
                      </Button>
                    ))}
                </Group>
              </>
            )}
            <div role="status" aria-live="polite">
              {done}
            </div>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
