import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { awardReasonText } from '../../../lib/award-text';
import { formatDateLong, formatEuro } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { decisionLetterUrl, useApplication, useCall, useResult } from '../api/applications';

// Filled badges in shade 9 (8 for grey): white text at 4.5:1 or more (WCAG 1.4.3).
const COLOR: Record<string, string> = { AWARDED: 'teal.9', RESERVE: 'efro.7', REJECTED: 'red.9', INADMISSIBLE: 'red.9', WITHDRAWN: 'gray.8' };

/** After the decision: awarded, reserve or rejected, with the consensus scores and comments, and the decision letter. */
export function ResultPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('applications');
  const { t: tc, i18n } = useTranslation();
  const { t: ta } = useTranslation('award');
  const result = useResult(id);
  const application = useApplication(id);
  const call = useCall(application.data?.callId);
  const criteria = new Map((call.data?.rules.evaluation.criteria ?? []).map((c) => [c.code, c]));

  if (result.isError && isProblem(result.error) && result.error.code === 'NO_RESULT_YET') {
    return (
      <section>
        <PageTitle>{t('result.title')}</PageTitle>
        <Alert color="efro">{problemText(tc, result.error)}</Alert>
      </section>
    );
  }
  return (
    <section>
      <PageTitle>{t('result.title')}</PageTitle>
      <QueryState query={result}>
        {(r) => (
          <Stack maw={820}>
            <Group>
              <Text fw={600}>{application.data ? `${application.data.acronym} – ${application.data.title}` : ''}</Text>
              <Badge size="lg" color={COLOR[r.outcome] ?? 'gray.8'} variant="filled">
                {r.preselectionRank ? t('result.outcomes.PRESELECTED') : t(`result.outcomes.${r.outcome}`)}
              </Badge>
            </Group>
            {/* A PRESELECTION call's decision puts the proposal on the list; it grants nothing. */}
            <Text>{r.preselectionRank ? t('result.explain.PRESELECTED', { rank: r.preselectionRank }) : t(`result.explain.${r.outcome}`)}</Text>
            {!r.preselectionRank && (r.reasonCode || r.reason) && (
              <Text>
                <strong>{t('result.reason')}:</strong>{' '}
                {awardReasonText(
                  { t: ta, language: i18n.language, criteria: new Map([...criteria].map(([code, c]) => [code, c.title])), province: (code) => tc(`provinces.${code}`) },
                  { reasonCode: r.reasonCode, reasonParams: r.reasonParams, reason: r.reason ?? '' },
                )}
              </Text>
            )}
            {r.grant && (
              <Alert color="efro" variant="light" title={t('result.grantTitle', { number: r.grant.grantNumber })}>
                {t('result.grant', { amount: formatEuro(r.grant.amount), start: formatDateLong(r.grant.startDate), end: formatDateLong(r.grant.endDate) })}
              </Alert>
            )}
            {r.consensus.length > 0 && (
              <section aria-labelledby="consensus-title">
                <Title order={2} size="h3" id="consensus-title" mb="xs">
                  {t('result.consensus')}
                </Title>
                <Table captionSide="top" withTableBorder>
                  <caption>{t('result.consensusCaption')}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('result.criterion')}</Table.Th>
                      <Table.Th scope="col" ta="right">{t('result.score')}</Table.Th>
                      <Table.Th scope="col">{t('result.comment')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.consensus.map((s) => {
                      const c = criteria.get(s.criterion);
                      return (
                        <Table.Tr key={s.criterion}>
                          <Table.Td>{c?.title ?? s.criterion}</Table.Td>
                          <Table.Td ta="right">{c ? t('result.scoreOf', { score: s.score.toLocaleString('nl-BE'), max: c.scaleMax }) : s.score}</Table.Td>
                          <Table.Td>{s.comment}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                  {r.weightedTotal !== null && r.weightedTotal !== undefined && (
                    <Table.Tfoot>
                      <Table.Tr>
                        <Table.Th scope="row">{t('result.weightedTotal')}</Table.Th>
                        <Table.Td ta="right" fw={700}>
                          {r.weightedTotal.toLocaleString('nl-BE')}
                        </Table.Td>
                        <Table.Td />
                      </Table.Tr>
                    </Table.Tfoot>
                  )}
                </Table>
              </section>
            )}
            <Group>
              <Button component="a" href={decisionLetterUrl(id)} download>
                {t('result.download')}
              </Button>
              <Anchor component={Link} to="/mijn-taken">
                {t('receipt.toDashboard')}
              </Anchor>
            </Group>
          </Stack>
        )}
      </QueryState>
    </section>
  );
}
