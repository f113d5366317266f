import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PROVINCE_NAMES } from '../core/domain/provinces';
import { DecisionsService } from '../evaluations/decisions.service';
import { ExportKind, ExportQuery } from './dto/reporting.dto';
import { csvStream, CSV_CONTENT_TYPE } from './render/csv';
import { ExportColumn, ExportRow, RowBatches } from './render/export-columns';
import { xlsxStream, XLSX_CONTENT_TYPE } from './render/xlsx';

export interface ExportStream {
  stream: Readable;
  contentType: string;
  fileName: string;
}

interface ExportDefinition {
  columns: ExportColumn[];
  /** SQL with $n placeholders, built from the filters; rows carry the columns' keys. */
  query(filters: ExportQuery): { sql: string; params: unknown[] };
}

/** Province names in SQL, so that no row needs touching on its way to the file. */
const PROVINCE_SQL = `CASE g.snapshot -> 'application' ->> 'province' ${Object.entries(PROVINCE_NAMES)
  .map(([code, name]) => `WHEN '${code}' THEN '${name}'`)
  .join(' ')} END`;

/** Filters shared by every export; `date` names the column the date range applies to. */
function where(filters: ExportQuery, date: string | null, periodColumn: string | null): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (filters.callId) add('g.call_id = ?', filters.callId);
  if (filters.province) add(`g.snapshot -> 'application' ->> 'province' = ?`, filters.province);
  if (filters.period !== undefined && periodColumn) add(`${periodColumn} = ?`, filters.period);
  if (filters.from && date) add(`${date} >= ?::date`, filters.from);
  if (filters.to && date) add(`${date} <= ?::date`, filters.to);
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const DEFINITIONS: Record<Exclude<ExportKind, 'ranking'>, ExportDefinition> = {
  payments: {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text' },
      { header: 'Oproep', key: 'call_code', type: 'text' },
      { header: 'Begunstigde', key: 'beneficiary', type: 'text' },
      { header: 'Ondernemingsnummer', key: 'enterprise_number', type: 'text' },
      { header: 'Provincie', key: 'province', type: 'text' },
      { header: 'Soort', key: 'kind', type: 'text' },
      { header: 'Status', key: 'status', type: 'text' },
      { header: 'Periode', key: 'period', type: 'integer' },
      { header: 'Gepland op', key: 'planned_on', type: 'date' },
      { header: 'Betaald op', key: 'paid_on', type: 'date' },
      { header: 'Referentie', key: 'reference', type: 'text' },
      { header: 'Bedrag', key: 'amount', type: 'euro', total: true },
    ],
    query: (f) => {
      const w = where(f, 'COALESCE(p.paid_on, p.planned_on)', 'rp.number');
      return {
        sql: `SELECT g.grant_number, c.code AS call_code, o.name AS beneficiary, o.enterprise_number,
                     ${PROVINCE_SQL} AS province, p.kind, p.status, rp.number AS period,
                     p.planned_on::text AS planned_on, p.paid_on::text AS paid_on, COALESCE(p.reference, '') AS reference, p.amount_cents AS amount
              FROM payments p JOIN grants g ON g.id = p.grant_id JOIN calls c ON c.id = g.call_id
              JOIN organisations o ON o.id = g.beneficiary_organisation_id
              LEFT JOIN cost_statements s ON s.id = p.cost_statement_id LEFT JOIN reporting_periods rp ON rp.id = s.period_id
              ${w.clause} ORDER BY g.grant_number, p.planned_on, p.id`,
        params: w.params,
      };
    },
  },
  'cost-lines': {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text' },
      { header: 'Periode', key: 'period', type: 'integer' },
      { header: 'Partner', key: 'partner_name', type: 'text' },
      { header: 'Ondernemingsnummer partner', key: 'partner', type: 'text' },
      { header: 'Kostencategorie', key: 'category', type: 'text' },
      { header: 'Omschrijving', key: 'description', type: 'text' },
      { header: 'Referentie', key: 'reference', type: 'text' },
      { header: 'Betaaldatum', key: 'payment_date', type: 'date' },
      { header: 'Uren', key: 'hours', type: 'integer' },
      { header: 'Aangegeven', key: 'declared', type: 'euro', total: true },
      { header: 'Aanvaard', key: 'accepted', type: 'euro', total: true },
      { header: 'Beslissing', key: 'decision', type: 'text' },
      { header: 'Motivering', key: 'reason', type: 'text' },
    ],
    query: (f) => {
      const w = where(f, 'l.payment_date', 'rp.number');
      return {
        sql: `SELECT g.grant_number, rp.number AS period, l.partner_name, l.partner, l.category, l.description, l.reference,
                     l.payment_date::text AS payment_date, l.hours, l.amount_cents AS declared, l.accepted_cents AS accepted,
                     COALESCE(l.decision, '') AS decision, COALESCE(l.review_reason, '') AS reason
              FROM cost_statement_lines l JOIN cost_statements s ON s.id = l.statement_id
              JOIN reporting_periods rp ON rp.id = s.period_id JOIN grants g ON g.id = l.grant_id
              ${w.clause} ORDER BY g.grant_number, rp.number, l.position, l.id`,
        params: w.params,
      };
    },
  },
  grants: {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text' },
      { header: 'Oproep', key: 'call_code', type: 'text' },
      { header: 'Project', key: 'acronym', type: 'text' },
      { header: 'Begunstigde', key: 'beneficiary', type: 'text' },
      { header: 'Ondernemingsnummer', key: 'enterprise_number', type: 'text' },
      { header: 'Provincie', key: 'province', type: 'text' },
      { header: 'Start', key: 'start_date', type: 'date' },
      { header: 'Einde', key: 'end_date', type: 'date' },
      { header: 'Status', key: 'status', type: 'text' },
      { header: 'Subsidie', key: 'amount', type: 'euro', total: true },
      { header: 'EFRO', key: 'efro', type: 'euro', total: true },
      { header: 'Vlaanderen', key: 'flanders', type: 'euro', total: true },
      { header: 'Betaald', key: 'paid', type: 'euro', total: true },
    ],
    query: (f) => {
      const w = where(f, 'g.start_date', null);
      return {
        sql: `SELECT g.grant_number, c.code AS call_code, g.snapshot -> 'application' ->> 'acronym' AS acronym, o.name AS beneficiary,
                     o.enterprise_number, ${PROVINCE_SQL} AS province, g.start_date::text AS start_date,
                     g.end_date::text AS end_date, g.status, g.amount_cents AS amount,
                     e.efro, g.amount_cents - e.efro AS flanders,
                     COALESCE((SELECT sum(p.amount_cents) FROM payments p WHERE p.grant_id = g.id AND p.status = 'PAID'), 0) AS paid
              FROM grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.beneficiary_organisation_id
              CROSS JOIN LATERAL (
                SELECT COALESCE(sum((s ->> 'amount')::bigint), 0) AS efro FROM jsonb_array_elements(g.funding_split) s WHERE s ->> 'code' = 'EFRO'
              ) e
              ${w.clause} ORDER BY g.grant_number`,
        params: w.params,
      };
    },
  },
};

const RANKING_COLUMNS: ExportColumn[] = [
  { header: 'Rang', key: 'rank', type: 'integer' },
  { header: 'Project', key: 'acronym', type: 'text' },
  { header: 'Titel', key: 'title', type: 'text' },
  { header: 'Provincie', key: 'province', type: 'text' },
  { header: 'Gewogen totaal', key: 'weighted', type: 'text' },
  { header: 'Geslaagd', key: 'passed', type: 'text' },
  { header: 'Gevraagde subsidie', key: 'requested', type: 'euro', total: true },
  { header: 'Ingediend op', key: 'submitted', type: 'date' },
];

/** Rows fetched per round trip: large enough to amortise it, small enough to keep memory flat. */
const BATCH = 2000;

/**
 * Streams exports straight from a PostgreSQL cursor into the CSV or XLSX writer, so memory stays
 * flat however many rows there are; the connection is returned when the stream ends or fails.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly decisions: DecisionsService,
  ) {}

  async export(kind: ExportKind, filters: ExportQuery): Promise<ExportStream> {
    const stamp = filters.callId ? `-${filters.callId.slice(0, 8)}` : '';
    const fileName = `${kind}${stamp}.${filters.format}`;
    const { columns, rows } = kind === 'ranking' ? await this.ranking(filters) : { columns: DEFINITIONS[kind].columns, rows: new RowBatches(this.cursorBatches(DEFINITIONS[kind], filters)) };
    const stream =
      filters.format === 'xlsx'
        ? xlsxStream(columns, rows, { sheetName: kind, creator: 'efro-grants' })
        : csvStream(columns, rows);
    return { stream, contentType: filters.format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE, fileName };
  }

  /**
   * Batches from a cursor on a pool connection of its own. The next batch is requested before
   * the current one is handed on, so the database works while the rows are being formatted.
   */
  private async *cursorBatches(definition: ExportDefinition, filters: ExportQuery): AsyncGenerator<readonly ExportRow[]> {
    const { sql, params } = definition.query(filters);
    const driver = this.db.driver as unknown as { master: { connect(): Promise<PoolClient> } };
    const client = await driver.master.connect();
    const cursor = client.query(new Cursor<Record<string, unknown>>(sql, params));
    let failed = false;
    let next: Promise<Record<string, unknown>[]> | null = null;
    try {
      next = cursor.read(BATCH);
      for (;;) {
        const batch: Record<string, unknown>[] = await next;
        if (batch.length === 0) break;
        next = batch.length < BATCH ? Promise.resolve([]) : cursor.read(BATCH);
        yield batch as ExportRow[];
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A consumer that stopped early leaves a read in flight: it fails once the cursor closes.
      next?.catch(() => undefined);
      await cursor.close().catch(() => undefined);
      client.release(failed);
    }
  }

  private async ranking(filters: ExportQuery): Promise<{ columns: ExportColumn[]; rows: ExportRow[] }> {
    if (!filters.callId) return { columns: RANKING_COLUMNS, rows: [] };
    const ranking = await this.decisions.ranking(filters.callId);
    const rows = ranking.entries
      .filter((e) => !filters.province || e.province === filters.province)
      .map((e) => ({
        rank: e.rank,
        acronym: e.acronym,
        title: e.title,
        province: PROVINCE_NAMES[e.province],
        weighted: String(e.weightedTotal).replace('.', ','),
        passed: e.passed ? 'ja' : 'nee',
        requested: e.requestedSubsidy,
        submitted: e.submittedAt,
      }));
    return { columns: RANKING_COLUMNS, rows };
  }
}
