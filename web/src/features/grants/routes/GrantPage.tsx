import { Anchor, Badge, Button, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { formatDateShort, formatEnterpriseNumber, formatEuro } from '../../../lib/format';
import { costStatementPdfUrl, paymentStatementPdfUrl, useGrant, usePeriods, type Grant, type Period } from '../api/grants';
import { AuditTrailPanel } from '../../audit/components/AuditTrailPanel';
import { hasRole, useSession } from '../../auth/api/session';
import { BankAccountPanel } from '../components/BankAccountPanel';
import { LedgerPanel } from '../components/LedgerPanel';
import { missingForPeriod } from '../statement-form';

export const reportPath = (grantId: string, number: number) => `/subsidies/${grantId}/periodes/${number}/voortgangsrapport`;
export const statementPath = (grantId: string, number: number) => `/subsidies/${grantId}/periodes/${number}/kostenstaat`;

/**
 * The grant page of the beneficiary (and, read-only, of the auditor): the grant and its split, the
 * reporting calendar, the ledger, the statements as PDF, and for those who may read it the audit trail.
 */
export function GrantPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('grants');
  const grant = useGrant(id);
  return (
    <QueryState query={grant}>
      {(g) => (
        <section>
          <PageTitle>{t('grant.title', { acronym: g.acronym, title: g.title })}</PageTitle>
          <Stack gap="xl">
            <GrantSummary grant={g} />
            <Calendar grant={g} />
            <LedgerPanel ledger={g.ledger} />
            <BankAccountPanel grantId={g.id} />
            <section aria-labelledby="statements-title">
              <Title order={2} size="h3" id="statements-title" mb="xs">
                {t('grant.statements')}
              </Title>
              <Group>
                <Button component="a" href={paymentStatementPdfUrl(g.id)} download variant="light">
                  {t('grant.paymentStatementPdf')}
                </Button>
              </Group>
            </section>
            <AuditTrailPanel entityType="grant" entityId={g.id} />
          </Stack>
        </section>
      )}
    </QueryState>
  );
}

function GrantSummary({ grant: g }: { grant: Grant }) {
  const { t } = useTranslation('grants');
  const { t: tc } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Table withTableBorder captionSide="top">
        <Table.Caption>{t('grant.caption')}</Table.Caption>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.number')}</Table.Th>
            <Table.Td>{g.grantNumber}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.call')}</Table.Th>
            <Table.Td>{g.callCode}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.beneficiary')}</Table.Th>
            <Table.Td>
              {g.beneficiary.name} ({formatEnterpriseNumber(g.beneficiary.enterpriseNumber)})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.province')}</Table.Th>
            <Table.Td>{tc(`provinces.${g.province}`)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.term')}</Table.Th>
            <Table.Td>{t('grant.termValue', { start: formatDateShort(g.startDate), end: formatDateShort(g.endDate) })}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.status')}</Table.Th>
            <Table.Td>{t(`grantStatus.${g.status}`)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('grant.amount')}</Table.Th>
            <Table.Td>{t('grant.amountValue', { amount: formatEuro(g.amount), rate: g.ratePercent })}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Stack gap="md">
        <Table withTableBorder captionSide="top">
          <Table.Caption>{t('grant.splitCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('grant.source')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('grant.share')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {g.fundingSplit.map((s) => (
              <Table.Tr key={s.code}>
                <Table.Th scope="row" fw={400}>
                  {s.name} ({s.code})
                </Table.Th>
                <Table.Td ta="right">{formatEuro(s.amount)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Th scope="row">{t('grant.total')}</Table.Th>
              <Table.Td ta="right">{formatEuro(g.amount)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <div>
          <Title order={2} size="h4" mb={4}>
            {t('grant.consortium')}
          </Title>
          <List size="sm">
            {g.consortium.map((p) => (
              <List.Item key={p.enterpriseNumber}>
                {p.name} ({formatEnterpriseNumber(p.enterpriseNumber)}) – {t(`partnerRole.${p.role}`)}
              </List.Item>
            ))}
          </List>
        </div>
      </Stack>
    </SimpleGrid>
  );
}

// Light fills with dark text (autoContrast), as the dashboard's result badges.
const PERIOD_COLOURS: Record<string, string> = { OVERDUE: 'red.2', DUE: 'yellow.2', RETURNED: 'orange.2', APPROVED: 'green.2', SUBMITTED: 'blue.1' };

function Calendar({ grant }: { grant: Grant }) {
  const { t } = useTranslation('grants');
  const periods = usePeriods(grant.id);
  // The report and statement pages are the beneficiary's forms; an auditor reads the statements as PDF.
  const beneficiary = hasRole(useSession().data, 'APPLICANT');
  const label = (p: Period) => (p.kind === 'FINAL' ? t('calendar.final') : t('calendar.period', { number: p.number }));
  return (
    <section aria-labelledby="calendar-title">
      <Title order={2} size="h3" id="calendar-title" mb="xs">
        {t('calendar.title')}
      </Title>
      <QueryState query={periods}>
        {(list) => (
          <Table withTableBorder striped captionSide="top">
            <Table.Caption>{t('calendar.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendar.what')}</Table.Th>
                <Table.Th scope="col">{t('calendar.dates')}</Table.Th>
                <Table.Th scope="col">{t('calendar.due')}</Table.Th>
                <Table.Th scope="col">{t('calendar.state')}</Table.Th>
                <Table.Th scope="col">{t('calendar.missing')}</Table.Th>
                <Table.Th scope="col">{t('calendar.documents')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((p) => {
                const missing = missingForPeriod(p);
                return (
                  <Table.Tr key={p.id}>
                    <Table.Th scope="row">{label(p)}</Table.Th>
                    <Table.Td>{t('grant.termValue', { start: formatDateShort(p.startDate), end: formatDateShort(p.endDate) })}</Table.Td>
                    <Table.Td>{formatDateShort(p.dueDate)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={PERIOD_COLOURS[p.status] ?? 'gray.2'} autoContrast tt="none">
                        {t(`periodStatus.${p.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {missing.length === 0 ? (
                        <Text size="sm">{t('calendar.nothingMissing')}</Text>
                      ) : (
                        <List size="sm">
                          {missing.map((m) => (
                            <List.Item key={m.what}>{t(`calendar.missingItem.${m.what}.${m.state}`)}</List.Item>
                          ))}
                        </List>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {beneficiary && (
                          <Anchor component={Link} to={reportPath(grant.id, p.number)} size="sm">
                            {t('calendar.reportLink', { what: label(p) })}
                          </Anchor>
                        )}
                        {beneficiary && p.kind === 'PERIOD' && (
                          <Anchor component={Link} to={statementPath(grant.id, p.number)} size="sm">
                            {t('calendar.statementLink', { what: label(p) })}
                          </Anchor>
                        )}
                        {p.kind === 'PERIOD' && p.costStatement && p.costStatement.status !== 'DRAFT' && (
                          <Anchor href={costStatementPdfUrl(grant.id, p.number)} download size="sm">
                            {t('calendar.statementPdf', { what: label(p) })}
                          </Anchor>
                        )}
                        {p.costStatement?.subsidyNet != null && <Text size="xs">{t('calendar.subsidyNet', { amount: formatEuro(p.costStatement.subsidyNet) })}</Text>}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </section>
  );
}
