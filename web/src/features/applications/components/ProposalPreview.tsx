import { Stack, Table, Text, Title } from '@mantine/core';
import { formatEnterpriseNumber } from '@shared/domain/belgian-identifiers.rule';
import { useTranslation } from 'react-i18next';
import { formatDateLong, formatEuro } from '../../../lib/format';
import type { Application, Budget, BudgetSummary, Call } from '../api/applications';
import { CofinancingSummary } from './CofinancingSummary';

/** The proposal read-only, as the service holds it: exactly what a submission freezes. */
export function ProposalPreview({ application, budget, summary, call }: { application: Application; budget: Budget; summary: BudgetSummary; call: Call }) {
  const { t } = useTranslation('applications');
  const { t: tc } = useTranslation();
  const categories = new Map(call.rules.costCategories.map((c) => [c.code, c.label]));
  const names = new Map(application.partners.map((p) => [p.enterpriseNumber, p.name]));
  return (
    <Stack gap="lg">
      <section aria-labelledby="preview-project">
        <Title order={2} size="h3" id="preview-project" mb="xs">
          {t('sections.project')}
        </Title>
        <Table captionSide="top" withTableBorder>
          <Table.Tbody>
            {(
              [
                [t('project.title'), application.title],
                [t('project.acronym'), application.acronym],
                [t('project.startDate'), application.startDate ? formatDateLong(application.startDate) : t('preview.missing')],
                [t('province.label'), tc(`provinces.${application.province}`)],
              ] as const
            ).map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" w="30%">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('project.summary')}</Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{application.summary || t('preview.missing')}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </section>
      <section aria-labelledby="preview-consortium">
        <Title order={2} size="h3" id="preview-consortium" mb="xs">
          {t('sections.consortium')}
        </Title>
        <Table captionSide="top" withTableBorder>
          <caption>{t('consortium.caption', { count: application.partners.length })}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('consortium.name')}</Table.Th>
              <Table.Th scope="col">{t('consortium.enterpriseNumber')}</Table.Th>
              <Table.Th scope="col">{t('consortium.type')}</Table.Th>
              <Table.Th scope="col">{t('consortium.role')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {application.partners.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{formatEnterpriseNumber(p.enterpriseNumber)}</Table.Td>
                <Table.Td>{tc(`organisationTypes.${p.organisationType}`)}</Table.Td>
                <Table.Td>{t(`consortium.roles.${p.role}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      <section aria-labelledby="preview-budget">
        <Title order={2} size="h3" id="preview-budget" mb="xs">
          {t('sections.budget')}
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table captionSide="top" withTableBorder striped>
            <caption>{t('preview.lines', { count: budget.lines.length })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('preview.partner')}</Table.Th>
                <Table.Th scope="col">{t('preview.category')}</Table.Th>
                <Table.Th scope="col">{t('budget.year')}</Table.Th>
                <Table.Th scope="col">{t('budget.description')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('budget.cost')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {budget.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{names.get(l.partner) ?? l.partner}</Table.Td>
                  <Table.Td>{categories.get(l.category) ?? l.category}</Table.Td>
                  <Table.Td>{l.year}</Table.Td>
                  <Table.Td>
                    {l.description}
                    {l.kind === 'STAFF' && l.hours != null && (
                      <Text size="xs">{t('preview.staffDetail', { hours: l.hours, cost: formatEuro(l.annualGrossCost ?? 0) })}</Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatEuro(l.directCost)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <CofinancingSummary summary={summary} call={call} findings={summary.findings} />
    </Stack>
  );
}
