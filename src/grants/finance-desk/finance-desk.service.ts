import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../core/clock/clock';
import { Page, page } from '../../core/http/pagination';
import { brusselsDate } from '../../core/time/brussels';
import { CostStatementStatus } from '../cost-statements/domain/cost-statement.machine';
import { paymentDeadline } from '../payments/domain/payment-deadline.rule';
import { PaymentKind, PaymentStatus } from '../payments/domain/payment.machine';
import {
  CostStatementQueueItemDto,
  CostStatementQueueQuery,
  PaymentAcrossGrantsDto,
  PaymentsAcrossGrantsQuery,
  WAITING_STATUSES,
} from './dto/finance-desk.dto';
import { deadlineView, paidToAccount } from '../payments/payments.service';

interface QueueRow {
  id: string;
  grant_id: string;
  grant_number: string;
  acronym: string;
  beneficiary_name: string;
  call_id: string;
  call_code: string;
  province: string;
  period_number: number;
  status: CostStatementStatus;
  submitted_at: Date | null;
  complete_claim_date: string | null;
  deadline_days: number;
  declared_eligible: string | null;
  lines: number;
  paid_on: string | null;
  total: string;
}

interface PaymentRow {
  id: string;
  grant_id: string;
  kind: PaymentKind;
  status: PaymentStatus;
  amount: string;
  offset_cents: string;
  cost_statement_id: string | null;
  period_number: number | null;
  planned_on: string;
  due_date: string | null;
  paid_on: string | null;
  reference: string | null;
  paid_to_bank_account_id: string | null;
  paid_to_iban: string | null;
  paid_to_holder: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  version: number;
  grant_number: string;
  acronym: string;
  beneficiary_name: string;
  call_code: string;
  province: string;
  total: string;
}

/** A page number so large that its offset is no safe integer has no rows (and would not bind as one). */
function pageExists(offset: number): boolean {
  return Number.isSafeInteger(offset);
}

/** Filters shared by both lists: they apply to the grant a record belongs to. */
function grantFilters(query: { callId?: string; province?: string }, params: unknown[]): string[] {
  const parts: string[] = [];
  if (query.callId) {
    params.push(query.callId);
    parts.push(`g.call_id = $${params.length}::uuid`);
  }
  if (query.province) {
    params.push(query.province);
    parts.push(`g.snapshot -> 'application' ->> 'province' = $${params.length}`);
  }
  return parts;
}

/**
 * The finance desk's lists across grants. Staff see every grant (grant-access.ts), and the
 * routes are for finance officers only, so no visibility condition is needed here. Each list is
 * one statement: the page's rows with their grant, call and beneficiary joined, and the total
 * as a window over the same filter.
 */
@Injectable()
export class FinanceDeskService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Cost statements waiting for finance (or in one status), the oldest complete claim first. */
  async queue(query: CostStatementQueueQuery): Promise<Page<CostStatementQueueItemDto>> {
    const params: unknown[] = [query.status ? [query.status] : WAITING_STATUSES];
    const where = [`s.status = ANY($1::text[])`, ...grantFilters(query, params)];
    params.push(query.pageSize, query.offset);
    const rows = !pageExists(query.offset)
      ? []
      : ((await this.db.query(
      `SELECT s.id, s.grant_id, g.grant_number, g.snapshot -> 'application' ->> 'acronym' AS acronym, o.name AS beneficiary_name,
              g.call_id, c.code AS call_code, g.snapshot -> 'application' ->> 'province' AS province, rp.number AS period_number,
              s.status, s.submitted_at, s.complete_claim_date::text AS complete_claim_date,
              (c.rules ->> 'paymentDeadlineDays')::int AS deadline_days, s.declared_eligible_cents AS declared_eligible,
              (SELECT count(*)::int FROM cost_statement_lines l WHERE l.statement_id = s.id) AS lines,
              (SELECT p.paid_on::text FROM payments p WHERE p.cost_statement_id = s.id AND p.status = 'PAID' LIMIT 1) AS paid_on,
              count(*) OVER () AS total
         FROM cost_statements s
         JOIN grants g ON g.id = s.grant_id
         JOIN calls c ON c.id = g.call_id
         JOIN organisations o ON o.id = g.beneficiary_organisation_id
         JOIN reporting_periods rp ON rp.id = s.period_id
        WHERE ${where.join(' AND ')}
        ORDER BY s.complete_claim_date ASC NULLS LAST, s.submitted_at ASC NULLS LAST, s.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
          params,
        )) as QueueRow[]);
    const today = brusselsDate(this.clock.now());
    const items = rows.map((r): CostStatementQueueItemDto => {
      const deadline = r.complete_claim_date ? paymentDeadline({ completeClaimDate: r.complete_claim_date, deadlineDays: r.deadline_days, paidOn: r.paid_on }, today) : null;
      return {
        id: r.id,
        grantId: r.grant_id,
        grantNumber: r.grant_number,
        acronym: r.acronym,
        beneficiaryName: r.beneficiary_name,
        callId: r.call_id,
        callCode: r.call_code,
        province: r.province,
        periodNumber: r.period_number,
        status: r.status,
        submittedAt: r.submitted_at?.toISOString() ?? null,
        declaredEligible: Number(r.declared_eligible ?? 0),
        lines: r.lines,
        paymentDeadline:
          deadline && r.complete_claim_date
            ? { completeClaimDate: r.complete_claim_date, dueDate: deadline.dueDate, daysLeft: deadline.daysLeft, overdue: deadline.overdue, paidOn: r.paid_on }
            : null,
      };
    });
    return page(items, await this.total(rows, query.offset, `cost_statements s JOIN grants g ON g.id = s.grant_id`, where, params.slice(0, -2)), query);
  }

  /** Payments of every grant, the earliest due first; payments without a due date (none planned yet) last. */
  async payments(query: PaymentsAcrossGrantsQuery): Promise<Page<PaymentAcrossGrantsDto>> {
    const params: unknown[] = [];
    const where = grantFilters(query, params);
    if (query.status) {
      params.push(query.status);
      where.push(`p.status = $${params.length}`);
    }
    if (query.kind) {
      params.push(query.kind);
      where.push(`p.kind = $${params.length}`);
    }
    params.push(query.pageSize, query.offset);
    const rows = !pageExists(query.offset)
      ? []
      : ((await this.db.query(
      `SELECT p.id, p.grant_id, p.kind, p.status, p.amount_cents AS amount, p.cost_statement_id, rp.number AS period_number,
              p.planned_on::text AS planned_on, p.due_date::text AS due_date, p.paid_on::text AS paid_on, p.reference,
              p.paid_to_bank_account_id, p.paid_to_iban, p.paid_to_holder, p.cancelled_at, p.cancel_reason, p.version, g.grant_number, g.snapshot -> 'application' ->> 'acronym' AS acronym,
              o.name AS beneficiary_name, c.code AS call_code, g.snapshot -> 'application' ->> 'province' AS province,
              (SELECT COALESCE(sum(r.amount_cents), 0) FROM recoveries r WHERE r.offset_payment_id = p.id) AS offset_cents,
              count(*) OVER () AS total
         FROM payments p
         JOIN grants g ON g.id = p.grant_id
         JOIN calls c ON c.id = g.call_id
         JOIN organisations o ON o.id = g.beneficiary_organisation_id
         LEFT JOIN cost_statements s ON s.id = p.cost_statement_id
         LEFT JOIN reporting_periods rp ON rp.id = s.period_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.status = 'PLANNED' DESC, p.due_date ASC NULLS LAST, p.planned_on, p.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
          params,
        )) as PaymentRow[]);
    const today = brusselsDate(this.clock.now());
    const items = rows.map(
      (p): PaymentAcrossGrantsDto => ({
        id: p.id,
        grantId: p.grant_id,
        kind: p.kind,
        status: p.status,
        amount: Number(p.amount),
        costStatementId: p.cost_statement_id,
        periodNumber: p.period_number,
        plannedOn: p.planned_on,
        dueDate: p.due_date,
        deadline: p.due_date && p.status !== 'CANCELLED' ? deadlineView(p.due_date, p.paid_on, today) : null,
        paidOn: p.paid_on,
        reference: p.reference,
        paidTo: paidToAccount({ paidToBankAccountId: p.paid_to_bank_account_id, paidToIban: p.paid_to_iban, paidToHolder: p.paid_to_holder }),
        cancelledAt: p.cancelled_at?.toISOString() ?? null,
        cancelReason: p.cancel_reason,
        offset: Number(p.offset_cents),
        transfer: Number(p.amount) - Number(p.offset_cents),
        version: p.version,
        grantNumber: p.grant_number,
        acronym: p.acronym,
        beneficiaryName: p.beneficiary_name,
        callCode: p.call_code,
        province: p.province,
      }),
    );
    return page(items, await this.total(rows, query.offset, `payments p JOIN grants g ON g.id = p.grant_id`, where, params.slice(0, -2)), query);
  }

  /** The window's total, or (on a page past the end, which has no row to carry it) a count of its own. */
  private async total(rows: { total: string }[], offset: number, from: string, where: string[], params: unknown[]): Promise<number> {
    if (rows.length > 0) return Number(rows[0].total);
    if (offset === 0) return 0;
    const [{ count }] = (await this.db.query(`SELECT count(*)::int AS count FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params)) as { count: number }[];
    return count;
  }
}
