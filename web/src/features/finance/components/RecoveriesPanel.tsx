import { Badge, Button, Group, Modal, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { ApiProblem, isProblem } from '../../../lib/api/problem';
import { formatDateShort, formatEuro, parseEuro } from '../../../lib/format';
import { useCorrectStatement, useGrantPeriods, useMarkRecovered, type ClaimCorrection, type CorrectionInput, type Recovery } from '../api/finance';
import { DownloadButton } from './DownloadButton';
import { FinanceProblem } from './FinanceProblem';

const STATUS_COLOR = { OPEN: '#8a3a00', OFFSET: 'blue.9', RECOVERED: 'teal.9' } as const;

/**
 * Corrections after approval and the recoveries they booked: finance staff lower an approved
 * statement's accepted costs (audit or correction, with a reason), see what is withheld from a
 * planned payment or ordered back, download the letter and mark an order received.
 */
export function RecoveriesPanel({ grantId, grantNumber, recoveries, corrections }: { grantId: string; grantNumber: string; recoveries: Recovery[]; corrections: ClaimCorrection[] }) {
  const { t } = useTranslation('finance');
  const [receiving, setReceiving] = useState<Recovery | null>(null);
  const correctionOf = (r: Recovery) => corrections.find((c) => c.id === r.correctionId);
  return (
    <section aria-labelledby="recoveries-title">
      <Title order={2} size="h3" id="recoveries-title" mb="xs">
        {t('recoveries.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('recoveries.intro')}
      </Text>
      <Stack gap="md">
        <CorrectionForm grantId={grantId} />
        {recoveries.length === 0 ? (
          <Text>{t('recoveries.empty')}</Text>
        ) : (
          <Table striped withTableBorder>
            <caption>{t('recoveries.caption', { count: recoveries.length })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('recoveries.period')}</Table.Th>
                <Table.Th scope="col">{t('recoveries.reason')}</Table.Th>
                <Table.Th scope="col">{t('payments.status')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('payments.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('recoveries.booked')}</Table.Th>
                <Table.Th scope="col">{t('recoveries.due')}</Table.Th>
                <Table.Th scope="col">{t('recoveries.received')}</Table.Th>
                <Table.Th scope="col">{t('payments.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recoveries.map((r) => {
                const c = correctionOf(r);
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td>{c?.periodNumber ?? '–'}</Table.Td>
                    <Table.Td>
                      {c ? `${t(`recoveries.sources.${c.source}`)}: ${c.reason}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={STATUS_COLOR[r.status]}>
                        {t(`recoveries.statuses.${r.status}`)}
                      </Badge>
                      {r.overdue && (
                        <Text size="xs" c="red.9">
                          {t('recoveries.overdue')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatEuro(r.amount)}</Table.Td>
                    <Table.Td>{formatDateShort(r.bookedOn)}</Table.Td>
                    <Table.Td>{r.dueDate ? formatDateShort(r.dueDate) : t('recoveries.offsetNoDue')}</Table.Td>
                    <Table.Td>
                      {r.receivedOn ? (
                        <>
                          {formatDateShort(r.receivedOn)}
                          <Text size="xs">{r.reference}</Text>
                        </>
                      ) : (
                        '–'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <DownloadButton url={`/recoveries/${r.id}/letter.pdf`} label={t('recoveries.letter')} fallbackName={`terugvordering-${grantNumber}-${r.id.slice(0, 8)}.pdf`} />
                        {r.status === 'OPEN' && (
                          <Button size="xs" variant="light" onClick={() => setReceiving(r)} aria-label={`${t('recoveries.markReceived')}: ${formatEuro(r.amount)}`}>
                            {t('recoveries.markReceived')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <MarkReceivedDialog grantId={grantId} recovery={receiving} onClose={() => setReceiving(null)} />
    </section>
  );
}

function CorrectionForm({ grantId }: { grantId: string }) {
  const { t } = useTranslation('finance');
  const periods = useGrantPeriods(grantId);
  const correct = useCorrectStatement(grantId);
  const [statementId, setStatementId] = useState<string | null>(null);
  const [source, setSource] = useState<CorrectionInput['source']>('AUDIT');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const approved = (periods.data ?? []).filter((p) => p.costStatement?.status === 'APPROVED');
  if (approved.length === 0) return <Text size="sm">{t('recoveries.noApproved')}</Text>;

  const submit = async () => {
    setProblem(null);
    setDone(null);
    const cents = parseEuro(amount);
    const errors = [
      ...(statementId ? [] : [{ field: 'statementId', code: 'required', message: t('recoveries.statementRequired') }]),
      ...(cents === null ? [{ field: 'acceptedEligible', code: 'amount', message: t('review.amountInvalid') }] : []),
      ...(reason.trim() ? [] : [{ field: 'reason', code: 'required', message: t('recoveries.reasonRequired') }]),
    ];
    if (errors.length > 0 || cents === null || !statementId) {
      setProblem(new ApiProblem(400, 'VALIDATION_FAILED', t('recoveries.formInvalid'), errors));
      return;
    }
    try {
      const result = await correct.mutateAsync({ statementId, body: { acceptedEligible: cents, source, reason } });
      setDone(t('recoveries.booked_result', { unduly: formatEuro(result.correction.unduly), count: result.recoveries.length }));
      setAmount('');
      setReason('');
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };
  const errors = problem?.byField() ?? {};
  return (
    <Paper withBorder p="md" component="form" noValidate aria-labelledby="correction-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <Title order={3} size="h4" id="correction-title" mb="xs">
        {t('recoveries.formTitle')}
      </Title>
      {problem?.code === 'VALIDATION_FAILED' ? <ErrorSummary problem={problem} fields={['statementId', 'acceptedEligible', 'reason']} /> : <FinanceProblem problem={problem} />}
      <Stack gap="sm">
        <NativeSelect
          id={fieldId('statementId')}
          label={t('recoveries.statement')}
          data={[{ value: '', label: t('recoveries.choose') }, ...approved.map((p) => ({ value: p.costStatement!.id, label: t('recoveries.statementOption', { n: p.number }) }))]}
          value={statementId ?? ''}
          onChange={(e) => setStatementId(e.currentTarget.value || null)}
          required
          error={errors.statementId?.message}
        />
        <NativeSelect
          id={fieldId('source')}
          label={t('recoveries.source')}
          data={(['AUDIT', 'CORRECTION'] as const).map((s) => ({ value: s, label: t(`recoveries.sources.${s}`) }))}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value as CorrectionInput['source'])}
          required
        />
        <TextInput
          id={fieldId('acceptedEligible')}
          label={t('recoveries.acceptedEligible')}
          description={t('recoveries.acceptedEligibleHint')}
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          inputMode="decimal"
          required
          error={errors.acceptedEligible ? t(`problems.fields.${errors.acceptedEligible.code}`, { defaultValue: errors.acceptedEligible.message }) : undefined}
        />
        <Textarea id={fieldId('reason')} label={t('recoveries.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required autosize minRows={2} error={errors.reason?.message} />
        <Group>
          <Button type="submit" loading={correct.isPending}>
            {t('recoveries.submit')}
          </Button>
        </Group>
        <div role="status" aria-live="polite">
          {done}
        </div>
      </Stack>
    </Paper>
  );
}

function MarkReceivedDialog({ grantId, recovery, onClose }: { grantId: string; recovery: Recovery | null; onClose: () => void }) {
  const { t } = useTranslation('finance');
  const [receivedOn, setReceivedOn] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const mark = useMarkRecovered(grantId);
  const [shown, setShown] = useState(recovery);
  if (recovery && recovery !== shown) setShown(recovery);
  const close = () => {
    setProblem(null);
    setReceivedOn('');
    setReference('');
    onClose();
  };
  const submit = async () => {
    if (!recovery) return;
    setProblem(null);
    try {
      await mark.mutateAsync({ recoveryId: recovery.id, receivedOn, reference });
      close();
    } catch (error) {
      if (isProblem(error)) setProblem(error);
    }
  };
  const errors = problem?.byField() ?? {};
  return (
    <Modal opened={recovery !== null} onClose={close} title={t('recoveries.markReceivedTitle', { amount: shown ? formatEuro(shown.amount) : '' })} closeButtonProps={{ 'aria-label': t('common:close') }}>
      <FinanceProblem problem={problem} />
      <TextInput id={fieldId('receivedOn')} type="date" label={t('recoveries.receivedOn')} value={receivedOn} onChange={(e) => setReceivedOn(e.currentTarget.value)} required error={errors.receivedOn?.message} mb="sm" data-autofocus />
      <TextInput id={fieldId('reference')} label={t('payments.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} required error={errors.reference?.message} mb="md" />
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          {t('common:cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={mark.isPending}>
          {t('recoveries.markReceivedConfirm')}
        </Button>
      </Group>
    </Modal>
  );
}
