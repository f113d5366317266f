import { Anchor, Badge, Button, Group, NativeSelect, Pagination, Stack, Table, Text, Textarea } from '@mantine/core';
import { formatEnterpriseNumber } from '@shared/domain/belgian-identifiers.rule';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { formatInstant } from '../../../lib/format';
import { documentUrl, useDecideType, useRegister, type RegisterEntry, type VerificationStatus } from '../api/register';

const STATUSES: VerificationStatus[] = ['PENDING', 'VERIFIED', 'REJECTED'];
const STATUS_COLOR: Record<VerificationStatus, string> = { PENDING: 'gray.7', VERIFIED: 'teal.9', REJECTED: 'red.9' };

/**
 * The programme secretariat's organisation register: every organisation's type, and the queue
 * of claimed types waiting for verification on their supporting document.
 */
export function RegisterPage() {
  const { t } = useTranslation('organisations');
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<VerificationStatus | ''>('PENDING');
  const register = useRegister({ page, status: status || undefined });
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <Text mb="md" maw={760}>
        {t('intro')}
      </Text>
      <NativeSelect
        label={t('filter')}
        w={320}
        mb="sm"
        value={status}
        onChange={(e) => {
          setStatus(e.currentTarget.value as VerificationStatus | '');
          setPage(1);
        }}
        data={[...STATUSES.map((s) => ({ value: s, label: t(`filterStatus.${s}`) })), { value: '', label: t('filterStatus.ALL') }]}
      />
      <QueryState query={register}>
        {(data) => (
          <>
            <Table.ScrollContainer minWidth={760}>
              <Table withTableBorder striped captionSide="top">
                <caption>{t('caption', { count: data.total })}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('name')}</Table.Th>
                    <Table.Th scope="col">{t('enterpriseNumber')}</Table.Th>
                    <Table.Th scope="col">{t('type')}</Table.Th>
                    <Table.Th scope="col">{t('state')}</Table.Th>
                    <Table.Th scope="col">{t('document')}</Table.Th>
                    <Table.Th scope="col">{t('decision')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((entry) => (
                    <EntryRow key={entry.enterpriseNumber} entry={entry} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.items.length === 0 && <Text mt="sm">{t('empty')}</Text>}
            {data.total > data.pageSize && <Pagination mt="sm" total={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} getControlProps={(p) => ({ 'aria-label': t('page', { page: p }) })} />}
          </>
        )}
      </QueryState>
    </section>
  );
}

function EntryRow({ entry }: { entry: RegisterEntry }) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const decide = useDecideType(entry.enterpriseNumber);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const problem = isProblem(decide.error) ? decide.error : null;
  const reasonId = `reason-${entry.enterpriseNumber}`;
  return (
    <Table.Tr>
      <Table.Th scope="row">{entry.name}</Table.Th>
      <Table.Td>{formatEnterpriseNumber(entry.enterpriseNumber)}</Table.Td>
      <Table.Td>{tc(`organisationTypes.${entry.type}`)}</Table.Td>
      <Table.Td>
        <Badge variant="outline" color={STATUS_COLOR[entry.verificationStatus]}>
          {tc(`typeVerification.${entry.verificationStatus}`)}
        </Badge>
        <Text size="xs">{t('claimedAt', { at: formatInstant(entry.claimedAt) })}</Text>
        {entry.decisionReason && <Text size="xs">{entry.decisionReason}</Text>}
      </Table.Td>
      <Table.Td>
        {entry.document ? (
          <Anchor href={documentUrl(entry.enterpriseNumber)} download aria-label={t('download', { name: entry.name, file: entry.document.fileName })}>
            {entry.document.fileName}
          </Anchor>
        ) : (
          <Text size="sm">{t('noDocument')}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {entry.verificationStatus === 'PENDING' ? (
          <Stack gap={6}>
            <Textarea
              id={reasonId}
              label={t('reason', { name: entry.name })}
              autosize
              minRows={1}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonMissing(false);
              }}
              error={reasonMissing ? t('reasonRequired') : undefined}
            />
            <Group gap="xs">
              <Button size="xs" disabled={!entry.document} loading={decide.isPending} onClick={() => decide.mutate({ verify: true, version: entry.version, reason: reason.trim() || undefined })} aria-label={t('verifyOf', { name: entry.name })}>
                {t('verify')}
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={decide.isPending}
                onClick={() => {
                  if (!reason.trim()) {
                    setReasonMissing(true);
                    document.getElementById(reasonId)?.focus();
                    return;
                  }
                  decide.mutate({ verify: false, version: entry.version, reason: reason.trim() });
                }}
                aria-label={t('rejectOf', { name: entry.name })}
              >
                {t('reject')}
              </Button>
            </Group>
            {!entry.document && <Text size="xs">{t('needsDocument')}</Text>}
            <ProblemAlert problem={problem} />
          </Stack>
        ) : (
          <Text size="sm">{entry.decidedAt ? t('decidedAt', { at: formatInstant(entry.decidedAt) }) : ''}</Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
