import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Fragment, memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { formatDateShort, formatEuro } from '../../../lib/format';
import { useApproveStatement, useCall, useGrant, useReturnStatement, useStatement, type CostLine, type CostStatement } from '../api/finance';
import type { ReviewContext } from '../running-totals';
import { DocumentViewer } from '../components/DocumentViewer';
import { FinanceProblem } from '../components/FinanceProblem';
import { LineReviewForm } from '../components/LineReviewForm';
import { RunningTotals } from '../components/RunningTotals';
import { DeadlineBadge } from '../components/DeadlineBadge';

const DECISION_COLOR = { ACCEPTED: 'teal.9', REDUCED: '#8a3a00', REJECTED: 'red.9' } as const;

/** Line-by-line review of one cost statement, with the running totals beside it. */
export function ReviewPage() {
  const { statementId = '' } = useParams();
  const query = useStatement(statementId);
  return <QueryState query={query}>{(statement) => <Review statement={statement} />}</QueryState>;
}

function Review({ statement }: { statement: CostStatement }) {
  const { t } = useTranslation('finance');
  const grant = useGrant(statement.grantId);
  const call = useCall(grant.data?.callId);
  const context = useMemo<ReviewContext | null>(
    () => (grant.data && call.data ? { costCategories: call.data.rules.costCategories, indirectCosts: call.data.rules.indirectCosts, grant: grant.data } : null),
    [grant.data, call.data],
  );
  // Lines carry the category's code; reviewers know the call's own wording of it.
  const categoryLabels = useMemo(() => new Map((call.data?.rules.costCategories ?? []).map((c) => [c.code, c.label])), [call.data]);
  const categoryOf = (code: string) => categoryLabels.get(code) ?? code;
  const [open, setOpen] = useState<string | null>(null);
  const toggle = useCallback((lineId: string) => setOpen((current) => (current === lineId ? null : lineId)), []);
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const [returnReason, setReturnReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const approve = useApproveStatement(statement.id, statement.grantId);
  const giveBack = useReturnStatement(statement.id);
  const editable = statement.status === 'SUBMITTED' || statement.status === 'IN_REVIEW';
  const canDecide = statement.actions.some((a) => a.action === 'approve');
  const name = grant.data ? `${grant.data.grantNumber} · ${grant.data.acronym}` : '';
  const lineDocuments = (lineId: string) => statement.documents.filter((d) => d.costLineId === lineId);
  const statementDocuments = statement.documents.filter((d) => !d.costLineId || !statement.lines.some((l) => l.id === d.costLineId));

  const doApprove = async () => {
    setProblem(null);
    try {
      await approve.mutateAsync();
      setConfirming(false);
    } catch (error) {
      setConfirming(false);
      if (isProblem(error)) setProblem(error);
    }
  };
  const doReturn = async () => {
    setProblem(null);
    try {
      await giveBack.mutateAsync(returnReason);
      setReturning(false);
    } catch (error) {
      setReturning(false);
      if (isProblem(error)) setProblem(error);
    }
  };

  return (
    <section>
      <PageTitle title={t('review.title', { name, period: statement.periodNumber })}>{t('review.title', { name, period: statement.periodNumber })}</PageTitle>
      <Group gap="md" mb="md">
        <Badge variant="outline">{t(`statuses.${statement.status}`)}</Badge>
        <Text>{t('review.period', { start: formatDateShort(statement.periodStart), end: formatDateShort(statement.periodEnd) })}</Text>
        {statement.paymentDeadline && <DeadlineBadge deadline={statement.paymentDeadline} />}
        <Anchor component={Link} to={`/financien/dossiers/${statement.grantId}`}>
          {t('review.toPayments')}
        </Anchor>
      </Group>
      {statement.status === 'APPROVED' && (
        <Alert color="teal" role="status" mb="md" title={t('review.approvedTitle')}>
          {t('review.approvedBody', { amount: formatEuro(statement.subsidy?.net ?? 0) })}{' '}
          <Anchor component={Link} to={`/financien/dossiers/${statement.grantId}`}>
            {t('review.toPayments')}
          </Anchor>
        </Alert>
      )}
      {statement.status === 'RETURNED' && (
        <Alert color="orange" role="status" mb="md" title={t('review.returnedTitle')}>
          {statement.returnReason}
        </Alert>
      )}
      <FinanceProblem problem={problem} />
      <Stack gap="lg">
        <RunningTotals statement={statement} />
        {statementDocuments.length > 0 && (
          <section aria-labelledby="statement-documents">
            <Title order={2} size="h3" id="statement-documents" mb="xs">
              {t('documents.forStatement')}
            </Title>
            <Stack gap="xs">
              {statementDocuments.map((d) => (
                <DocumentViewer key={d.id} document={d} />
              ))}
            </Stack>
          </section>
        )}
        <section aria-labelledby="lines-title">
          <Title order={2} size="h3" id="lines-title" mb="xs">
            {t('review.lines')}
          </Title>
          <Table striped withTableBorder>
            <caption>{t('review.linesCaption', { count: statement.lines.length })}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('review.number')}</Table.Th>
                <Table.Th scope="col">{t('review.partner')}</Table.Th>
                <Table.Th scope="col">{t('review.category')}</Table.Th>
                <Table.Th scope="col">{t('review.description')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('review.declared')}
                </Table.Th>
                <Table.Th scope="col">{t('review.decision')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('review.accepted')}
                </Table.Th>
                <Table.Th scope="col">{t('review.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {statement.lines.map((line, index) => {
                const number = index + 1;
                const docs = lineDocuments(line.id);
                return (
                  <Fragment key={line.id}>
                    <LineRow line={line} category={categoryOf(line.category)} number={number} documents={docs.length} open={open === line.id} editable={editable} onToggle={toggle} />
                    {open === line.id && (
                      <Table.Tr>
                        <Table.Td colSpan={8}>
                          <LineReviewForm statementId={statement.id} line={line} category={categoryOf(line.category)} number={number} documents={docs} editable={editable} onDone={() => setOpen(null)} context={context} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </section>
        {canDecide && (
          <Group>
            <Button onClick={() => setConfirming(true)}>{t('review.approve')}</Button>
            <Button variant="default" onClick={() => setReturning(true)}>
              {t('review.return')}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('review.approveTitle')}
        confirmLabel={t('review.approveConfirm')}
        busy={approve.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void doApprove()}
      >
        <p>
          {t('review.approveBody', {
            accepted: formatEuro(statement.totals.acceptedEligible),
            declared: formatEuro(statement.totals.declaredEligible),
            net: formatEuro(statement.subsidyPreview?.net ?? 0),
          })}
        </p>
        <p>{t('review.approveFrozen')}</p>
      </ConfirmDialog>
      <Modal opened={returning} onClose={() => setReturning(false)} title={t('review.returnTitle')} closeButtonProps={{ 'aria-label': t('common:close') }}>
        <Textarea label={t('review.returnReason')} value={returnReason} onChange={(e) => setReturnReason(e.currentTarget.value)} required autosize minRows={3} mb="md" data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setReturning(false)}>
            {t('common:cancel')}
          </Button>
          <Button onClick={() => void doReturn()} loading={giveBack.isPending} disabled={returnReason.trim() === ''}>
            {t('review.returnConfirm')}
          </Button>
        </Group>
      </Modal>
    </section>
  );
}

interface LineRowProps {
  line: CostLine;
  /** The call's label of the line's cost category. */
  category: string;
  number: number;
  documents: number;
  open: boolean;
  editable: boolean;
  onToggle: (lineId: string) => void;
}

/**
 * One line of the table. Every review answers with the whole statement, so every line arrives as
 * a new object; a row renders again only when what it shows changed, which keeps a review of one
 * line of a long statement to one row's work (bench/web-review.ts measures it).
 */
const LineRow = memo(function LineRow({ line, category, number, documents, open, editable, onToggle }: LineRowProps) {
  const { t } = useTranslation('finance');
  return (
    <Table.Tr>
      <Table.Td>{number}</Table.Td>
      <Table.Td>{line.partnerName}</Table.Td>
      <Table.Td>{category}</Table.Td>
      <Table.Td>
        {line.description}
        {documents > 0 && <Text size="xs">{t('documents.count', { count: documents })}</Text>}
        {line.question && <Text size="xs">{line.question.answer ? t('review.answered') : t('review.questionOpen')}</Text>}
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        {formatEuro(line.amount)}
        {line.vatAmount > 0 && (
          <Text size="xs">
            {t('review.vat', { vat: formatEuro(line.vatAmount) })}
            {line.vatExcluded > 0 && `, ${t(`review.vatExcluded.${line.vatExclusion ?? 'RECOVERABLE'}`, { vat: formatEuro(line.vatExcluded) })}`}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {line.review ? (
          <Badge variant="outline" color={DECISION_COLOR[line.review.decision]}>
            {t(`decisions.${line.review.decision}`)}
          </Badge>
        ) : (
          t('review.open')
        )}
        {line.review?.reason && <Text size="xs">{line.review.reason}</Text>}
      </Table.Td>
      <Table.Td style={{ textAlign: 'right' }}>
        {line.review ? formatEuro(line.review.acceptedAmount) : '–'}
        {line.review && line.review.acceptedEligible !== line.review.acceptedAmount && <Text size="xs">{t('review.acceptedEligible', { amount: formatEuro(line.review.acceptedEligible) })}</Text>}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant={open ? 'filled' : 'light'}
          aria-expanded={open}
          aria-label={`${editable ? t('review.reviewLine') : t('review.viewLine')} ${number}: ${line.description}`}
          onClick={() => onToggle(line.id)}
        >
          {editable ? t('review.reviewLine') : t('review.viewLine')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}, sameRow);

function sameRow(a: LineRowProps, b: LineRowProps): boolean {
  const shown = (p: LineRowProps) =>
    JSON.stringify([p.line.id, p.line.description, p.line.partnerName, p.line.category, p.line.amount, p.line.vatAmount, p.line.vatExcluded, p.line.review?.decision, p.line.review?.acceptedAmount, p.line.review?.acceptedEligible, p.line.review?.reason, p.line.question?.question, p.line.question?.answer]);
  return a.category === b.category && a.number === b.number && a.documents === b.documents && a.open === b.open && a.editable === b.editable && a.onToggle === b.onToggle && shown(a) === shown(b);
}
