import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatEnterpriseNumber, formatEuro, formatInstant } from '../../../lib/format';
import type { Snapshot } from '../api/assignments';

/** The proposal exactly as frozen at submission: read-only, with its budget summary. */
export function ProposalView({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation('evaluations');
  const { t: tc } = useTranslation();
  const { application, partners, budgetSummary: summary } = snapshot;
  const money = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const };
  return (
    <Stack gap="lg">
      <section aria-labelledby="proposal-project">
        <Title order={2} id="proposal-project" size="h3">
          {t('proposal.project')}
        </Title>
        <dl className="facts">
          <dt>{t('proposal.acronym')}</dt>
          <dd>{application.acronym}</dd>
          <dt>{t('proposal.titleLabel')}</dt>
          <dd>{application.title}</dd>
          <dt>{t('proposal.province')}</dt>
          <dd>{tc(`provinces.${application.province}`)}</dd>
          <dt>{t('proposal.submittedAt')}</dt>
          <dd>{formatInstant(snapshot.submittedAt)}</dd>
        </dl>
        {application.summary && <Text style={{ whiteSpace: 'pre-wrap' }}>{application.summary}</Text>}
      </section>
      <section aria-labelledby="proposal-consortium">
        <Title order={2} id="proposal-consortium" size="h3">
          {t('proposal.consortium')}
        </Title>
        <Table withTableBorder>
          <caption>{t('proposal.partnersCaption', { count: partners.length })}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('proposal.partner')}</Table.Th>
              <Table.Th scope="col">{t('proposal.enterpriseNumber')}</Table.Th>
              <Table.Th scope="col">{t('proposal.type')}</Table.Th>
              <Table.Th scope="col">{t('proposal.role')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {partners.map((p) => (
              <Table.Tr key={p.enterpriseNumber}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{formatEnterpriseNumber(p.enterpriseNumber)}</Table.Td>
                <Table.Td>{tc(`organisationTypes.${p.organisationType}`)}</Table.Td>
                <Table.Td>{t(`proposal.roles.${p.role}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      <section aria-labelledby="proposal-budget">
        <Title order={2} id="proposal-budget" size="h3">
          {t('proposal.budget')}
        </Title>
        <Table withTableBorder>
          <caption>{t('proposal.budgetCaption')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('proposal.partner')}</Table.Th>
              <Table.Th scope="col" style={money}>
                {t('proposal.direct')}
              </Table.Th>
              <Table.Th scope="col" style={money}>
                {t('proposal.indirect')}
              </Table.Th>
              <Table.Th scope="col" style={money}>
                {t('proposal.eligible')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.partners.map((p) => (
              <Table.Tr key={p.partnerId}>
                <Table.Th scope="row">{p.name}</Table.Th>
                <Table.Td style={money}>{formatEuro(p.directCosts)}</Table.Td>
                <Table.Td style={money}>{formatEuro(p.indirectCosts)}</Table.Td>
                <Table.Td style={money}>{formatEuro(p.eligibleCosts)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr fw={700}>
              <Table.Th scope="row">{t('proposal.total')}</Table.Th>
              <Table.Td style={money}>{formatEuro(summary.totals.directCosts)}</Table.Td>
              <Table.Td style={money}>{formatEuro(summary.totals.indirectCosts)}</Table.Td>
              <Table.Td style={money}>{formatEuro(summary.totals.eligibleCosts)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <dl className="facts">
          <dt>{t('proposal.subsidy')}</dt>
          <dd>
            {formatEuro(summary.subsidy)} ({summary.effectiveRatePercent})
          </dd>
          {summary.fundingSources.map((f) => (
            <FactRow key={f.code} term={f.name} value={formatEuro(f.amount)} />
          ))}
          <dt>{t('proposal.ownContribution')}</dt>
          <dd>{formatEuro(summary.ownContribution)}</dd>
        </dl>
      </section>
    </Stack>
  );
}

function FactRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
