import { staffHoursLimit } from '@server/applications/budgets/domain/staff-cost.rule';
import { FULL_RATE } from '@shared/money/money';
import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateShort, formatEuro } from '../../../lib/format';
import { rateToPercent } from '../../../lib/rate-text';
import type { CostLine, CostStatement, SupportingDocument } from '../api/grants';
import { groupByPartnerAndCategory, type StatementCategory, type StatementPartner } from '../statement-form';
import { formatBytes } from '../upload-check';

/** The documents of one line (or of the statement), each a download link with its size. */
export function DocumentList({ documents, label }: { documents: readonly SupportingDocument[]; label: string }) {
  const { t } = useTranslation('grants');
  if (documents.length === 0) return <Text size="sm">{t('documents.none')}</Text>;
  return (
    <ul aria-label={label} style={{ margin: 0, paddingLeft: 18 }}>
      {documents.map((d) => (
        <li key={d.id}>
          <Anchor href={d.contentUrl} download={d.fileName} size="sm">
            {d.fileName}
          </Anchor>{' '}
          <Text span size="xs" c="dimmed">
            ({formatBytes(d.sizeBytes)})
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** Finance's decision on a line, in words and a sign (never by colour alone), with its reason. */
export function LineReview({ line }: { line: CostLine }) {
  const { t } = useTranslation('grants');
  const review = line.review;
  if (!review) return <Text size="sm">{t('review.open')}</Text>;
  const sign = review.decision === 'ACCEPTED' ? '✓' : review.decision === 'REDUCED' ? '↓' : '✕';
  // Dark text for every decision (light greens and oranges miss 4.5:1); the sign and the words carry the meaning.
  const colour = review.decision === 'REJECTED' ? 'red.9' : undefined;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={700} c={colour}>
        {sign} {t(`review.${review.decision}`, { amount: formatEuro(review.acceptedAmount) })}
      </Text>
      {review.reason && <Text size="sm">{t('review.reason', { reason: review.reason })}</Text>}
    </Stack>
  );
}

/** A line's VAT apart (CPR art. 64(1)(c)): how much, what is left out and why, what stays eligible. */
export function LineVat({ line }: { line: CostLine }) {
  const { t } = useTranslation('grants');
  if (line.vatAmount === 0) return null;
  return (
    <Stack gap={0}>
      <Text size="xs">{t('lines.vatOfLine', { vat: formatEuro(line.vatAmount) })}</Text>
      {line.vatExcluded > 0 && <Text size="xs">{t('lines.vatOut', { vat: formatEuro(line.vatExcluded), reason: t(`lines.vatReason.${line.vatExclusion ?? 'RECOVERABLE'}`) })}</Text>}
      <Text size="xs" fw={600}>
        {t('lines.eligibleAmount', { amount: formatEuro(line.eligibleAmount) })}
      </Text>
    </Stack>
  );
}

/** What a line declares: for staff the 1.720-hour computation, for real costs the amount as paid. */
export function LineComputation({ line, annualWorkingHours }: { line: CostLine; annualWorkingHours: number }) {
  const { t } = useTranslation('grants');
  if (line.kind !== 'STAFF') return <Text size="sm">{t('lines.realCost')}</Text>;
  return (
    <Text size="sm">
      {t('lines.staffComputation', {
        person: line.person ?? '',
        hours: line.hours ?? 0,
        annual: formatEuro(line.annualGrossCost ?? 0),
        // Art. 55: part-time staff divide by the pro rata of the annual hours.
        divisor: staffHoursLimit(annualWorkingHours, line.fte ?? FULL_RATE).toLocaleString('nl-BE'),
        fte: rateToPercent(line.fte),
      })}
    </Text>
  );
}

/**
 * A statement's lines per partner and cost category, read-only: what was declared, the
 * documents, finance's question and the answer, and the review. Finance shows the same lines
 * while reviewing and adds its controls per line through `actions`.
 */
export function StatementLines({
  statement,
  partners,
  categories,
  annualWorkingHours,
  actions,
}: {
  statement: Pick<CostStatement, 'lines' | 'documents'>;
  partners: readonly StatementPartner[];
  categories: readonly StatementCategory[];
  annualWorkingHours: number;
  actions?: { label: string; render: (line: CostLine, index: number) => ReactNode };
}) {
  const { t } = useTranslation('grants');
  const grouped = groupByPartnerAndCategory(statement.lines, partners, categories);
  const docsOf = (lineId: string) => statement.documents.filter((d) => d.costLineId === lineId);
  const table = (caption: string, items: { item: CostLine; index: number }[], key: string) => (
    <Table key={key} withTableBorder striped captionSide="top" verticalSpacing="xs">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('lines.line')}</Table.Th>
          <Table.Th scope="col">{t('lines.computation')}</Table.Th>
          <Table.Th scope="col" ta="right">
            {t('lines.declared')}
          </Table.Th>
          <Table.Th scope="col">{t('lines.documents')}</Table.Th>
          <Table.Th scope="col">{t('lines.question')}</Table.Th>
          <Table.Th scope="col">{t('lines.review')}</Table.Th>
          {actions && <Table.Th scope="col">{actions.label}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map(({ item: line, index }) => (
          <Table.Tr key={line.id}>
            <Table.Th scope="row" fw={400}>
              <Text size="sm" fw={600}>
                {t('lines.numbered', { number: index + 1, description: line.description })}
              </Text>
              <Text size="xs">{t('lines.referencePaid', { reference: line.reference, date: formatDateShort(line.paymentDate) })}</Text>
            </Table.Th>
            <Table.Td>
              <LineComputation line={line} annualWorkingHours={annualWorkingHours} />
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatEuro(line.amount)}
              <LineVat line={line} />
            </Table.Td>
            <Table.Td>
              <DocumentList documents={docsOf(line.id)} label={t('documents.ofLine', { number: index + 1 })} />
            </Table.Td>
            <Table.Td>
              {line.question ? (
                <Stack gap={2}>
                  <Text size="sm">{t('question.asked', { question: line.question.question })}</Text>
                  <Text size="sm">{line.question.answer ? t('question.answer', { answer: line.question.answer }) : t('question.unanswered')}</Text>
                </Stack>
              ) : (
                <Text size="sm">–</Text>
              )}
            </Table.Td>
            <Table.Td>
              <LineReview line={line} />
            </Table.Td>
            {actions && <Table.Td>{actions.render(line, index)}</Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <Stack gap="lg">
      {grouped.partners.map(({ partner, categories: groups }) => {
        const used = groups.filter((g) => g.items.length > 0);
        if (used.length === 0) return null;
        return (
          <section key={partner.enterpriseNumber} aria-labelledby={`partner-${partner.enterpriseNumber}`}>
            <Title order={3} size="h4" id={`partner-${partner.enterpriseNumber}`} mb="xs">
              {partner.name}
            </Title>
            <Stack gap="md">{used.map((g) => table(t('lines.caption', { category: g.category.label, partner: partner.name }), g.items, g.category.code))}</Stack>
          </section>
        );
      })}
      {grouped.orphans.length > 0 && table(t('lines.orphans'), grouped.orphans, 'orphans')}
    </Stack>
  );
}
