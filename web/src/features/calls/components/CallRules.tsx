import { List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { maxSubsidy, splitSubsidy } from '@server/applications/budgets/domain/subsidy.rule';
import { BrusselsInstant, TimeLeft } from '../../../components/TimeLeft';
import { formatEuro, formatPercent } from '../../../lib/format';
import type { Call, Rate } from '../api/calls';

const RULES = { margin: '8px 0 0', display: 'grid', gap: 6 } as const;
const RULE = { display: 'grid', gridTemplateColumns: 'minmax(10rem, 16rem) 1fr', gap: 16 } as const;
const percent = (rate: Rate) => formatPercent(rate.numerator, rate.denominator);

/** One rule: a term and its plain-language explanation (a description list reads well aloud). */
function Rule({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div style={RULE}>
      <dt style={{ fontWeight: 600 }}>{term}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}

/**
 * Every rule of a call in plain language, from the call's own data (nothing is a constant
 * here): money, consortium, costs, evaluation, reporting and the calendar. The worked example
 * uses the service's own subsidy rule, so it shows exactly what the budget screen will compute.
 */
export function CallRules({ call }: { call: Call }) {
  const { t } = useTranslation('calls');
  const r = call.rules;
  const example = maxSubsidy(call.referenceCost, r.maxRate, call.capPerProject);
  const split = splitSubsidy(example, call.referenceCost, r.fundingSources);
  const own = r.minOwnContribution.numerator === 0 ? t('rules.noOwnMinimum') : t('rules.ownMinimum', { percent: percent(r.minOwnContribution) });
  const typeName = (type: string) => t(`common:organisationTypes.${type}`);

  return (
    <Stack gap="xl">
      <Section id="regels-kalender" title={t('rules.calendar')}>
        <dl style={RULES}>
          <Rule term={t('rules.opensAt')}>
            <BrusselsInstant at={call.opensAt} />
          </Rule>
          <Rule term={t('rules.closesAt')}>
            <BrusselsInstant at={call.closesAt} />
            {' – '}
            <TimeLeft until={call.closesAt} />
          </Rule>
          <Rule term={t('rules.lateness')}>{t('rules.latenessText')}</Rule>
        </dl>
      </Section>

      <Section id="regels-geld" title={t('rules.money')}>
        <dl style={RULES}>
          <Rule term={t('rules.envelope')}>{t('rules.envelopeText', { amount: formatEuro(call.envelope) })}</Rule>
          <Rule term={t('rules.cap')}>{t('rules.capText', { amount: formatEuro(call.capPerProject) })}</Rule>
          <Rule term={t('rules.rate')}>{t('rules.rateText', { percent: percent(r.maxRate) })}</Rule>
          <Rule term={t('rules.example')}>
            <Text span fw={600}>
              {t('rules.exampleText', { cost: formatEuro(call.referenceCost), subsidy: formatEuro(example) })}
            </Text>
            {split.shares.length > 1 && (
              <Text size="sm">
                {t('rules.exampleSplit', { shares: split.shares.map((s) => `${formatEuro(s.amount)} ${s.code}`).join(t('rules.listAnd')) })}
              </Text>
            )}
          </Rule>
          {r.yearlyContribution && (
            <Rule term={t('rules.yearlyBand')}>{t('rules.yearlyBandText', { min: formatEuro(r.yearlyContribution.min), max: formatEuro(r.yearlyContribution.max) })}</Rule>
          )}
          {r.matchingCofinancing && (
            <Rule term={t('rules.matching')}>{t('rules.matchingText', { name: r.matchingCofinancing.name, percent: percent(r.matchingCofinancing.minRatio) })}</Rule>
          )}
          <Rule term={t('rules.ownContribution')}>{own}</Rule>
          <Rule term={t('rules.outcome')}>{t(`rules.outcomeText.${call.outcome}`)}</Rule>
        </dl>
        <Table mt="sm" withTableBorder striped captionSide="top">
          <Table.Caption>{t('rules.sourcesCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rules.source')}</Table.Th>
              <Table.Th scope="col">{t('rules.code')}</Table.Th>
              <Table.Th scope="col">{t('rules.sourceShare')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.fundingSources.map((s) => (
              <Table.Tr key={s.code}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{s.code}</Table.Td>
                <Table.Td>{s.maxRate ? t('rules.sourceMax', { percent: percent(s.maxRate) }) : t('rules.sourceRest')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>

      <Section id="regels-project" title={t('rules.project')}>
        <dl style={RULES}>
          <Rule term={t('rules.duration')}>{t('rules.durationText', { count: r.durationMonths })}</Rule>
          <Rule term={t('rules.reporting')}>{t('rules.reportingText', { months: r.reportingPeriodMonths, days: r.reportingDueDays })}</Rule>
          <Rule term={t('rules.provinceQuota')}>
            {t('rules.provinceQuotaText', { count: r.provinceQuota })} {r.reserveAcrossProvinces ? t('rules.reserveAcross') : t('rules.reserveWithin')}
          </Rule>
          <Rule term={t('rules.consortium')}>
            <div>{t('rules.partnersText', { min: r.consortium.minPartners, max: r.consortium.maxPartners })}</div>
            {r.consortium.requiredTypeGroups.length > 0 && (
              <List size="sm" mt={4}>
                {r.consortium.requiredTypeGroups.map((group) => (
                  <List.Item key={group.join('+')}>{t('rules.requiredGroup', { types: group.map(typeName).join(t('rules.listOr')) })}</List.Item>
                ))}
              </List>
            )}
          </Rule>
        </dl>
      </Section>

      <Section id="regels-kosten" title={t('rules.costs')}>
        <Table withTableBorder striped captionSide="top">
          <Table.Caption>{t('rules.categoriesCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rules.category')}</Table.Th>
              <Table.Th scope="col">{t('rules.code')}</Table.Th>
              <Table.Th scope="col">{t('rules.howCounted')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.costCategories.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td>{c.label}</Table.Td>
                <Table.Td>{c.code}</Table.Td>
                <Table.Td>{c.kind === 'STAFF' ? t('rules.staffKind', { hours: r.annualWorkingHours.toLocaleString('nl-BE') }) : t('rules.realKind')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <dl style={RULES}>
          <Rule term={t('rules.indirect')}>
            {r.indirectCosts
              ? t(r.indirectCosts.basis === 'DIRECT_STAFF' ? 'rules.indirectStaff' : 'rules.indirectDirect', { percent: percent(r.indirectCosts.rate) })
              : t('rules.noIndirect')}
          </Rule>
          <Rule term={t('rules.vat')}>{t('rules.vatText', { amount: formatEuro(r.vatEligibilityThreshold) })}</Rule>
        </dl>
      </Section>

      <Section id="regels-beoordeling" title={t('rules.evaluation')}>
        <Table withTableBorder striped captionSide="top">
          <Table.Caption>{t('rules.criteriaCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('rules.criterion')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('rules.weight')}</Table.Th>
              <Table.Th scope="col">{t('rules.scale')}</Table.Th>
              <Table.Th scope="col" ta="right">{t('rules.threshold')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.evaluation.criteria.map((c) => (
              <Table.Tr key={c.code}>
                <Table.Td>{c.title}</Table.Td>
                <Table.Td ta="right">× {c.weight}</Table.Td>
                <Table.Td>{t('rules.scaleText', { max: decimal(c.scaleMax), step: decimal(c.step) })}</Table.Td>
                <Table.Td ta="right">{c.threshold > 0 ? t('rules.atLeast', { value: decimal(c.threshold) }) : t('rules.noThreshold')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <dl style={RULES}>
          <Rule term={t('rules.totalThreshold')}>{t('rules.totalThresholdText', { value: decimal(r.evaluation.totalThreshold) })}</Rule>
          <Rule term={t('rules.tieBreak')}>
            {r.evaluation.tieBreak.map((code) => r.evaluation.criteria.find((c) => c.code === code)?.title ?? code).join(' → ')}
          </Rule>
        </dl>
      </Section>

      <Section id="regels-betaling" title={t('rules.payments')}>
        <dl style={RULES}>
          <Rule term={t('rules.advance')}>{r.advanceRate.numerator === 0 ? t('rules.noAdvance') : t('rules.advanceText', { percent: percent(r.advanceRate) })}</Rule>
          <Rule term={t('rules.retention')}>{t('rules.retentionText', { percent: percent(r.retentionRate) })}</Rule>
          <Rule term={t('rules.paymentDeadline')}>{t('rules.paymentDeadlineText', { count: r.paymentDeadlineDays })}</Rule>
          {r.indicators && r.indicators.length > 0 && <Rule term={t('rules.indicators')}>{r.indicators.map((i) => i.label).join(', ')}</Rule>}
        </dl>
      </Section>
    </Stack>
  );
}

/** Scores as Dutch decimals: 2.5 → '2,5'. */
function decimal(value: number): string {
  return String(value).replace('.', ',');
}
