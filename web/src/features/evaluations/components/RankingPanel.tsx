import { Alert, Anchor, Badge, Button, Group, List, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ProblemAlert } from '../../../components/ErrorSummary';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { formatEuro } from '../../../lib/format';
import { useAwardProposal, useDecision, usePreselection, useRanking, type Ranking } from '../api/round';
import { awardReasonText, joinList, tieBreakRuleText, tieBreakText, type TextContext } from '../../../lib/award-text';
import { formatScoreValue } from '../score-scale';

const OUTCOME_COLOR = { AWARD: 'teal.9', RESERVE: 'efro.7', REJECT: 'red.9' } as const;

/**
 * Ranking rows shown at once: a round of hundreds of proposals drew every row before the page
 * was usable (bench: ranking 500); the rank stays in each row, so a page reads like the list.
 */
export const RANKING_PAGE_ROWS = 100;

const money = { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' as const };

/** The rows of page `page` (from 1) of `rows`; a refetch may leave fewer rows than the page asked for, so it keeps to the last. */
function pageOf<T>(rows: readonly T[], page: number): { pages: number; current: number; shown: T[] } {
  const pages = Math.max(1, Math.ceil(rows.length / RANKING_PAGE_ROWS));
  const current = Math.min(page, pages);
  const from = (current - 1) * RANKING_PAGE_ROWS;
  return { pages, current, shown: rows.slice(from, from + RANKING_PAGE_ROWS) };
}

/** The pager under a table of `count` rows (see `pageOf`), naming the rows each page holds; nothing for one page. */
function RowPages({ label, count, pages, current, onChange }: { label: string; count: number; pages: number; current: number; onChange: (page: number) => void }) {
  const { t } = useTranslation('evaluations');
  if (pages <= 1) return null;
  const range = (n: number) => ({ from: (n - 1) * RANKING_PAGE_ROWS + 1, to: Math.min(n * RANKING_PAGE_ROWS, count) });
  return (
    <nav aria-label={label}>
      <Text size="sm" aria-live="polite">
        {t('ranking.rows', { ...range(current), count })}
      </Text>
      <Pagination
        mt="xs"
        total={pages}
        value={current}
        onChange={onChange}
        withEdges
        getItemProps={(n) => ({ 'aria-label': t('ranking.pageItem', { page: n, ...range(n) }) })}
        getControlProps={(control) => ({ 'aria-label': t(`ranking.${control}`) })}
      />
    </nav>
  );
}

/**
 * The ranking with weighted totals and tie-break notes; the award proposal within the envelope
 * and the province quota (awards, reserve list, rejections with their reasons); the decision.
 */
export function RankingPanel({
  callId,
  envelope,
  provinceQuota,
  criteria,
  preselection = false,
}: {
  callId: string;
  envelope: number;
  provinceQuota: number;
  criteria: { code: string; title: string }[];
  /** A PRESELECTION call (EDIH): the decision puts candidates forward and grants nothing. */
  preselection?: boolean;
}) {
  const { t, i18n } = useTranslation('evaluations');
  const { t: tc } = useTranslation();
  const { t: ta } = useTranslation('award');
  // One object while the language and criteria stay, so that the memoised rows keep theirs.
  const text = useMemo<TextContext>(
    () => ({ t: ta, language: i18n.language, criteria: new Map(criteria.map((c) => [c.code, c.title])), province: (code) => tc(`provinces.${code}`) }),
    [ta, tc, i18n.language, criteria],
  );
  const ranking = useRanking(callId);
  const award = useAwardProposal(callId);
  const decision = useDecision(callId);
  const list = usePreselection(callId, preselection);
  // The wording of the decision step: a preselection grants nothing.
  const step = (key: string, options?: Record<string, unknown>) => t(preselection ? `ranking.preselection.${key}` : `ranking.${key}`, options);
  const [confirming, setConfirming] = useState(false);
  const [page, setPage] = useState(1);
  const [awardPage, setAwardPage] = useState(1);
  const proposal = award.data;
  const problem = isProblem(award.error) ? award.error : isProblem(decision.error) ? decision.error : null;
  const names = useMemo(() => new Map((ranking.data?.entries ?? []).map((e) => [e.applicationId, `${e.acronym} – ${e.title}`])), [ranking.data]);
  // The award table pages like the ranking: a round of 1.000+ entries drew every row at once.
  const awardEntries = proposal?.entries ?? [];
  const awardWindow = pageOf(awardEntries, awardPage);

  return (
    <Stack>
      <QueryState query={ranking}>
        {(r) => {
          const { pages, current, shown } = pageOf(r.entries, page);
          return (
            <>
              {r.pending.length > 0 && <Alert color="yellow" title={t('ranking.pendingTitle')}>{t('ranking.pending', { count: r.pending.length })}</Alert>}
              <Text size="sm">{tieBreakRuleText(text, r.tieBreakOrder)}</Text>
              <Table withTableBorder striped>
                <caption>{t('ranking.caption', { count: r.entries.length })}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('ranking.rank')}</Table.Th>
                    <Table.Th scope="col">{t('mine.proposal')}</Table.Th>
                    <Table.Th scope="col">{t('proposal.province')}</Table.Th>
                    <Table.Th scope="col" style={money}>
                      {t('ranking.weighted')}
                    </Table.Th>
                    <Table.Th scope="col">{t('ranking.thresholds')}</Table.Th>
                    <Table.Th scope="col" style={money}>
                      {t('ranking.requested')}
                    </Table.Th>
                    <Table.Th scope="col">{t('ranking.tieBreak')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((e) => (
                    <RankingRow key={e.applicationId} entry={e} text={text} />
                  ))}
                </Table.Tbody>
              </Table>
              <RowPages label={t('ranking.pages')} count={r.entries.length} pages={pages} current={current} onChange={setPage} />
            </>
          );
        }}
      </QueryState>
      <ProblemAlert problem={problem} />
      <Group>
        <Button variant={proposal ? 'default' : 'filled'} loading={award.isPending} onClick={() => award.mutate()} disabled={!!decision.data}>
          {proposal ? t('ranking.recompute') : t('ranking.compute')}
        </Button>
        <Anchor href={`/calls/${callId}/overview.pdf`} download>
          {t('ranking.overviewPdf')}
        </Anchor>
      </Group>
      {proposal && (
        <section aria-labelledby="award-title">
          <Title order={3} size="h4" id="award-title">
            {step('proposalTitle')}
          </Title>
          <dl className="facts">
            <dt>{t('ranking.envelope')}</dt>
            <dd>{formatEuro(envelope)}</dd>
            <dt>{step('awarded')}</dt>
            <dd>{formatEuro(proposal.totalAwarded)}</dd>
            <dt>{t('ranking.remaining')}</dt>
            <dd>{formatEuro(proposal.remainingEnvelope)}</dd>
            <dt>{t('ranking.quota')}</dt>
            <dd>{t('ranking.quotaValue', { count: provinceQuota })}</dd>
          </dl>
          <Table withTableBorder>
            <caption>{step('entriesCaption')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('ranking.rank')}</Table.Th>
                <Table.Th scope="col">{t('mine.proposal')}</Table.Th>
                <Table.Th scope="col">{t('ranking.outcome')}</Table.Th>
                <Table.Th scope="col" style={money}>
                  {t('ranking.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('ranking.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {awardWindow.shown.map((e) => (
                <Table.Tr key={e.applicationId}>
                  <Table.Td>{e.rank}</Table.Td>
                  <Table.Th scope="row">{names.get(e.applicationId) ?? e.applicationId}</Table.Th>
                  <Table.Td>
                    <Badge variant="outline" color={OUTCOME_COLOR[e.outcome]}>
                      {step(`outcomes.${e.outcome}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={money}>{formatEuro(e.amount)}</Table.Td>
                  <Table.Td>{preselection && e.outcome === 'AWARD' ? t('ranking.preselection.reasonAwarded') : awardReasonText(text, e)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <RowPages label={t('ranking.awardPages')} count={awardEntries.length} pages={awardWindow.pages} current={awardWindow.current} onChange={setAwardPage} />
          {!decision.data && (
            <Button mt="md" onClick={() => setConfirming(true)}>
              {step('decide')}
            </Button>
          )}
        </section>
      )}
      {decision.data && (
        <Alert color="teal" title={step('decidedTitle')} role="status">
          <Text>{step('decided', { awarded: decision.data.awarded, reserve: decision.data.reserve, rejected: decision.data.rejected })}</Text>
          <List size="sm" mt="xs">
            {proposal?.entries.map((e) => (
              <List.Item key={e.applicationId}>
                <Anchor href={`/applications/${e.applicationId}/decision-letter.pdf`} download>
                  {t(preselection ? 'ranking.preselection.letter' : 'ranking.letter', { name: names.get(e.applicationId) ?? e.applicationId })}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preselection && list.data && list.data.candidates.length > 0 && (
        <section aria-labelledby="preselection-title">
          <Title order={3} size="h4" id="preselection-title">
            {t('ranking.preselection.listTitle')}
          </Title>
          <Text size="sm">{t('ranking.preselection.listIntro')}</Text>
          <Table withTableBorder striped>
            <caption>{t('ranking.preselection.listCaption', { count: list.data.candidates.length })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('ranking.rank')}</Table.Th>
                <Table.Th scope="col">{t('mine.proposal')}</Table.Th>
                <Table.Th scope="col">{t('proposal.province')}</Table.Th>
                <Table.Th scope="col">{t('ranking.preselection.lead')}</Table.Th>
                <Table.Th scope="col" style={money}>
                  {t('ranking.preselection.contribution')}
                </Table.Th>
                <Table.Th scope="col" style={money}>
                  {t('ranking.preselection.matching')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.candidates.map((c) => (
                <Table.Tr key={c.applicationId}>
                  <Table.Td>{c.rank}</Table.Td>
                  <Table.Th scope="row">
                    {c.acronym} – {c.title}
                  </Table.Th>
                  <Table.Td>{tc(`provinces.${c.province}`)}</Table.Td>
                  <Table.Td>{c.leadName}</Table.Td>
                  <Table.Td style={money}>{formatEuro(c.contribution)}</Table.Td>
                  <Table.Td style={money}>{formatEuro(c.matching)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row" colSpan={4}>
                  {t('ranking.preselection.total')}
                </Table.Th>
                <Table.Td style={money}>{formatEuro(list.data.totalContribution)}</Table.Td>
                <Table.Td style={money}>{formatEuro(list.data.totalMatching)}</Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
          <Group mt="xs">
            <Anchor href={`/exports/preselection?callId=${callId}&format=csv`} download>
              {t('ranking.preselection.exportCsv')}
            </Anchor>
            <Anchor href={`/exports/preselection?callId=${callId}&format=xlsx`} download>
              {t('ranking.preselection.exportXlsx')}
            </Anchor>
          </Group>
        </section>
      )}
      <ConfirmDialog
        opened={confirming}
        title={step('confirmTitle')}
        confirmLabel={step('confirm')}
        busy={decision.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (!proposal || decision.isPending) return;
          decision.mutate({ proposalId: proposal.id }, { onSettled: () => setConfirming(false) });
        }}
      >
        {step('confirmBody', { awarded: proposal ? formatEuro(proposal.totalAwarded) : '' })}
      </ConfirmDialog>
    </Stack>
  );
}

/**
 * One row of the ranking; memoised so that paging or a mutation elsewhere on the panel does not
 * draw the unchanged rows again.
 */
const RankingRow = memo(function RankingRow({ entry: e, text }: { entry: Ranking['entries'][number]; text: TextContext }) {
  const { t, i18n } = useTranslation('evaluations');
  const { t: tc } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>{e.rank}</Table.Td>
      <Table.Th scope="row">
        {e.acronym} – {e.title}
      </Table.Th>
      <Table.Td>{tc(`provinces.${e.province}`)}</Table.Td>
      <Table.Td style={money}>{formatScoreValue(e.weightedTotal, i18n.language)}</Table.Td>
      <Table.Td>{e.passed ? t('ranking.passed') : t('ranking.failed', { criteria: joinList(e.criteria.filter((c) => !c.passed).map((c) => text.criteria.get(c.criterion) ?? c.criterion), i18n.language) || t('ranking.total') })}</Table.Td>
      <Table.Td style={money}>{formatEuro(e.requestedSubsidy)}</Table.Td>
      <Table.Td>{e.tieBreak ? tieBreakText(text, e.tieBreak) : ''}</Table.Td>
    </Table.Tr>
  );
});
