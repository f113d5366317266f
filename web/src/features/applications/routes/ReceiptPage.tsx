import { Alert, Anchor, Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { formatInstantLong } from '../../../lib/format';
import { receiptPdfUrl, useApplication, useCall, useReceipt } from '../api/applications';
import { AuditTrailPanel } from '../../audit/components/AuditTrailPanel';
import { hasRole, useSession } from '../../auth/api/session';
import { ClarificationsPanel } from '../../evaluations/components/ClarificationsPanel';
import { WithdrawButton } from '../components/WithdrawButton';

/** The receipt of a submission: reference, server time in Brussels, the SHA-256 of the frozen proposal, and the PDF. */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('applications');
  const receipt = useReceipt(id);
  const application = useApplication(id);
  const call = useCall(application.data?.callId);
  const session = useSession();
  // Only the lead organisation's members act on the proposal (withdraw, answer); partners, staff and auditors read.
  const lead = hasRole(session.data, 'APPLICANT') && !!application.data && session.data?.user.organisation?.id === application.data.leadOrganisationId;
  return (
    <section>
      <PageTitle>{t('receipt.title')}</PageTitle>
      <QueryState query={receipt}>
        {(r) => (
          <Stack maw={820}>
            {application.data?.status === 'WITHDRAWN' ? (
              <Alert color="efro" variant="light" role="status">
                {t('receipt.withdrawn', { when: application.data.withdrawnAt ? formatInstantLong(application.data.withdrawnAt) : '' })}
              </Alert>
            ) : (
              <Alert color="efro" variant="light" role="status">
                {t('receipt.done', { acronym: application.data?.acronym ?? '' })}
              </Alert>
            )}
            <Table captionSide="top" withTableBorder>
              <caption>{t('receipt.caption')}</caption>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row" w="30%">{t('receipt.reference')}</Table.Th>
                  <Table.Td>{r.reference}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('receipt.submittedAt')}</Table.Th>
                  <Table.Td>{t('receipt.brussels', { when: formatInstantLong(r.submittedAt) })}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('receipt.sha256')}</Table.Th>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{r.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="sm">{t('receipt.hashExplained')}</Text>
            <Group>
              <Button component="a" href={receiptPdfUrl(id)} download>
                {t('receipt.download')}
              </Button>
              <Anchor component={Link} to="/mijn-taken">
                {t('receipt.toDashboard')}
              </Anchor>
            </Group>
            {lead &&
              application.data?.status === 'SUBMITTED' &&
              (call.data?.status === 'OPEN' ? (
                <Stack gap="xs" mt="md">
                  <Text size="sm">{t('receipt.withdrawUntil', { closes: formatInstantLong(call.data.closesAt) })}</Text>
                  <div>
                    <WithdrawButton id={id} />
                  </div>
                </Stack>
              ) : (
                <Text size="sm" mt="md">
                  {t('receipt.withdrawClosed')}
                </Text>
              ))}
            <ClarificationsPanel applicationId={id} canAsk={false} canAnswer={lead} />
            <AuditTrailPanel entityType="application" entityId={id} />
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
