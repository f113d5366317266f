import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { formatEuro } from '../../../lib/format';
import { useGrant, useGrantPayments, usePlanPayment } from '../api/finance';
import { useBankAccount } from '../../grants';
import { BankAccountReview } from '../components/BankAccountReview';
import { DownloadButton } from '../components/DownloadButton';
import { FinanceNav } from '../components/FinanceNav';
import { FinanceProblem } from '../components/FinanceProblem';
import { PaymentsTable } from '../components/PaymentsTable';
import { RecoveriesPanel } from '../components/RecoveriesPanel';

/** One grant's payments and ledger: plan the advance or the balance, mark payments paid, the payment statement. */
export function GrantPaymentsPage() {
  const { grantId = '' } = useParams();
  const { t } = useTranslation('finance');
  const grant = useGrant(grantId);
  const payments = useGrantPayments(grantId);
  const plan = usePlanPayment(grantId);
  const bankAccount = useBankAccount(grantId);
  const account = bankAccount.data?.account ?? null;
  // The mark-paid dialog says why it cannot go ahead, before the service refuses it.
  const markPaidBlocked = bankAccount.data && !bankAccount.data.payable ? t(`bankAccount.blocked.${account ? account.status : 'NONE'}`) : null;
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [planned, setPlanned] = useState<string | null>(null);

  const doPlan = async (kind: 'advance' | 'balance') => {
    setProblem(null);
    setPlanned(null);
    try {
      const payment = await plan.mutateAsync(kind);
      setPlanned(t('payments.plannedNow', { kind: t(`kinds.${payment.kind}`), amount: formatEuro(payment.amount) }));
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };

  return (
    <QueryState query={grant}>
      {(g) => (
        <section>
          <PageTitle>{t('grantPayments.title', { name: `${g.grantNumber} · ${g.acronym}` })}</PageTitle>
          <FinanceNav />
          <Text mb="md">{t('grantPayments.intro', { beneficiary: g.beneficiary.name, amount: formatEuro(g.amount), rate: g.ratePercent })}</Text>
          <QueryState query={payments}>
            {(data) => (
              <Stack gap="lg">
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <Paper withBorder p="md" component="section" aria-labelledby="ledger-title">
                    <Title order={2} size="h3" id="ledger-title" mb="xs">
                      {t('ledger.title')}
                    </Title>
                    <Table>
                      <caption>{t('ledger.caption')}</caption>
                      <Table.Tbody>
                        {(['commitment', 'paid', 'planned', 'recovered', 'recoveryOpen', 'retained', 'open', 'paymentCeiling', 'accepted', 'earned', 'advanceOutstanding'] as const).map((k) => (
                          <Table.Tr key={k}>
                            <Table.Th scope="row">{t(`ledger.${k}`)}</Table.Th>
                            <Table.Td style={{ textAlign: 'right' }} data-testid={`ledger-${k}`}>
                              {formatEuro(data.ledger[k])}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Paper>
                  <Paper withBorder p="md" component="section" aria-labelledby="plan-title">
                    <Title order={2} size="h3" id="plan-title" mb="xs">
                      {t('grantPayments.planTitle')}
                    </Title>
                    <Text size="sm" mb="sm">
                      {t('grantPayments.planIntro')}
                    </Text>
                    <Group mb="sm">
                      <Button variant="light" onClick={() => void doPlan('advance')} loading={plan.isPending && plan.variables === 'advance'}>
                        {t('grantPayments.planAdvance')}
                      </Button>
                      <Button variant="light" onClick={() => void doPlan('balance')} loading={plan.isPending && plan.variables === 'balance'}>
                        {t('grantPayments.planBalance')}
                      </Button>
                    </Group>
                    <div role="status" aria-live="polite">
                      {planned}
                    </div>
                    <FinanceProblem problem={problem} title={t('grantPayments.refused')} />
                    <Title order={3} size="h4" mt="md" mb="xs">
                      {t('grantPayments.statement')}
                    </Title>
                    <DownloadButton url={`/grants/${g.id}/payment-statement.pdf`} label={t('grantPayments.statementDownload')} fallbackName={`betalingsstaat-${g.grantNumber}.pdf`} />
                  </Paper>
                </SimpleGrid>
                <BankAccountReview grantId={g.id} state={bankAccount} />
                <section aria-labelledby="payments-title">
                  <Title order={2} size="h3" id="payments-title" mb="xs">
                    {t('grantPayments.payments')}
                  </Title>
                  {data.items.length === 0 ? <Text>{t('payments.empty')}</Text> : <PaymentsTable payments={data.items} caption={t('payments.caption', { count: data.items.length })} markPaidBlocked={markPaidBlocked} />}
                </section>
                <RecoveriesPanel grantId={g.id} grantNumber={g.grantNumber} recoveries={data.recoveries} corrections={data.corrections} />
              </Stack>
            )}
          </QueryState>
        </section>
      )}
    </QueryState>
  );
}
