import { escapeLiteral } from 'pg';
import { PROVINCE_NAMES } from '../core/domain/provinces';
import { ExportKind, ExportQuery } from './dto/reporting.dto';
import { copyCsvSql, csvSelectList, SqlExportColumn } from './render/csv-sql';

export type DatabaseExportKind = Exclude<ExportKind, 'ranking' | 'preselection'>;

/** The columns of an export, each with its SQL expression. */
export function exportColumns(kind: DatabaseExportKind): SqlExportColumn[] {
  return DEFINITIONS[kind].columns;
}

/** The rows for the cursor and the XLSX writer: one property per column key; dates as ISO text. */
export function exportRowsQuery(kind: DatabaseExportKind, filters: ExportQuery): { sql: string; params: unknown[] } {
  const definition = DEFINITIONS[kind];
  const params: unknown[] = [];
  const clause = where(definition, filters, (value, type) => {
    params.push(value);
    return `$${params.length}::${type}`;
  });
  const select = definition.columns.map((c) => `${c.type === 'date' ? `(${c.sql})::text` : c.sql} AS "${c.key}"`).join(', ');
  return { sql: selectSql(definition, select, clause), params };
}

/** The COPY statement writing the CSV fields of the same rows, in the same order. */
export function exportCsvCopy(kind: DatabaseExportKind, filters: ExportQuery): string {
  const definition = DEFINITIONS[kind];
  const clause = where(definition, filters, (value, type) => `${escapeLiteral(String(value))}::${type}`);
  return copyCsvSql(selectSql(definition, csvSelectList(definition.columns), clause));
}

/**
 * One export as SQL: its columns with their expressions, the relations they come from, the
 * expressions the filters apply to and the order. The XLSX rows and the COPY-written CSV are
 * both selected from it.
 */
interface ExportDefinition {
  columns: SqlExportColumn[];
  from: string;
  /** The date the `from`/`to` range applies to; null when the export has no date filter. */
  date: string | null;
  /** The reporting period number; null when the export has no period filter. */
  period: string | null;
  orderBy: string;
}

/** Province names in SQL, so that no row needs touching on its way to the file. */
const PROVINCE_SQL = `CASE g.snapshot -> 'application' ->> 'province' ${Object.entries(PROVINCE_NAMES)
  .map(([code, name]) => `WHEN '${code}' THEN '${name}'`)
  .join(' ')} END`;

/**
 * The WHERE clause of the filters. `bind` turns a value into SQL: a `$n` parameter for the
 * cursor, a quoted literal for COPY (which takes no parameters; the values are validated
 * UUIDs, province codes, integers and dates, and quoted all the same).
 */
function where(definition: ExportDefinition, filters: ExportQuery, bind: (value: string | number, type: string) => string): string {
  const parts: string[] = [];
  if (filters.callId) parts.push(`g.call_id = ${bind(filters.callId, 'uuid')}`);
  if (filters.province) parts.push(`g.snapshot -> 'application' ->> 'province' = ${bind(filters.province, 'text')}`);
  if (filters.period !== undefined && definition.period) parts.push(`${definition.period} = ${bind(filters.period, 'int')}`);
  if (filters.from && definition.date) parts.push(`${definition.date} >= ${bind(filters.from, 'date')}`);
  if (filters.to && definition.date) parts.push(`${definition.date} <= ${bind(filters.to, 'date')}`);
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

function selectSql(definition: ExportDefinition, select: string, where: string): string {
  return `SELECT ${select} FROM ${definition.from} ${where} ORDER BY ${definition.orderBy}`;
}

/**
 * A grant's own rows, looked up grant by grant (OFFSET 0 keeps PostgreSQL from merging them into
 * one big join). The grants come in grant-number order, so the final ORDER BY only sorts each
 * grant's few rows (an incremental sort) and the first line leaves as soon as the first grant's
 * rows are read, instead of after a sort of every formatted line of the export.
 */
function perGrant(sql: string): string {
  return `${sql} OFFSET 0`;
}

/** Whether a cost line's VAT is excluded: recoverable, or the approved budget did not allow VAT. */
const VAT_EXCLUDED_SQL = `(l.vat_recoverable OR NOT COALESCE((g.snapshot -> 'budgetSummary' ->> 'vatEligible')::boolean, true))`;

const DEFINITIONS: Record<DatabaseExportKind, ExportDefinition> = {
  payments: {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text', sql: 'g.grant_number' },
      { header: 'Oproep', key: 'call_code', type: 'text', sql: 'c.code' },
      { header: 'Begunstigde', key: 'beneficiary', type: 'text', sql: 'o.name' },
      { header: 'Ondernemingsnummer', key: 'enterprise_number', type: 'text', sql: 'o.enterprise_number' },
      { header: 'Provincie', key: 'province', type: 'text', sql: PROVINCE_SQL },
      { header: 'Soort', key: 'kind', type: 'text', sql: 'p.kind' },
      { header: 'Status', key: 'status', type: 'text', sql: 'p.status' },
      { header: 'Periode', key: 'period', type: 'integer', sql: 'p.period_number' },
      { header: 'Gepland op', key: 'planned_on', type: 'date', sql: 'p.planned_on' },
      { header: 'Betaald op', key: 'paid_on', type: 'date', sql: 'p.paid_on' },
      { header: 'Referentie', key: 'reference', type: 'text', sql: `COALESCE(p.reference, '')` },
      // The account it went to, as it was when marked paid (electronic format, as banks read it).
      { header: 'IBAN', key: 'paid_to_iban', type: 'text', sql: `COALESCE(p.paid_to_iban, '')` },
      { header: 'Rekeninghouder', key: 'paid_to_holder', type: 'text', sql: `COALESCE(p.paid_to_holder, '')` },
      // Recoveries are rows of their own with a negative amount, so the total is what the grant received net.
      { header: 'Bedrag', key: 'amount', type: 'euro', total: true, sql: 'p.amount_cents' },
      { header: 'Vervaldag', key: 'due_date', type: 'date', sql: 'p.due_date' },
    ],
    from: `grants g CROSS JOIN LATERAL (${perGrant('SELECT c.code FROM calls c WHERE c.id = g.call_id')}) c
           CROSS JOIN LATERAL (${perGrant('SELECT o.name, o.enterprise_number FROM organisations o WHERE o.id = g.beneficiary_organisation_id')}) o
           CROSS JOIN LATERAL (${perGrant(`SELECT p.id, p.kind, p.status, p.planned_on, p.paid_on, p.due_date, p.reference, p.paid_to_iban, p.paid_to_holder, p.amount_cents, rp.number AS period_number
             FROM payments p LEFT JOIN cost_statements s ON s.id = p.cost_statement_id LEFT JOIN reporting_periods rp ON rp.id = s.period_id
             WHERE p.grant_id = g.id
             UNION ALL
             SELECT r.id, CASE WHEN r.status = 'OFFSET' THEN 'RECOVERY_OFFSET' ELSE 'RECOVERY_ORDER' END, r.status, r.booked_on,
                    CASE WHEN r.status = 'OFFSET' THEN r.booked_on ELSE r.received_on END, r.due_date, r.reference, NULL, NULL, -r.amount_cents, rp.number
             FROM recoveries r JOIN claim_corrections cc ON cc.id = r.correction_id JOIN cost_statements s ON s.id = cc.cost_statement_id
             JOIN reporting_periods rp ON rp.id = s.period_id
             WHERE r.grant_id = g.id`)}) p`,
    date: 'COALESCE(p.paid_on, p.planned_on)',
    period: 'p.period_number',
    orderBy: 'g.grant_number, p.planned_on, p.id',
  },
  'cost-lines': {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text', sql: 'g.grant_number' },
      { header: 'Periode', key: 'period', type: 'integer', sql: 'l.period_number' },
      { header: 'Partner', key: 'partner_name', type: 'text', sql: 'l.partner_name' },
      { header: 'Ondernemingsnummer partner', key: 'partner', type: 'text', sql: 'l.partner' },
      { header: 'Kostencategorie', key: 'category', type: 'text', sql: 'l.category' },
      { header: 'Omschrijving', key: 'description', type: 'text', sql: 'l.description' },
      { header: 'Referentie', key: 'reference', type: 'text', sql: 'l.reference' },
      { header: 'Betaaldatum', key: 'payment_date', type: 'date', sql: 'l.payment_date' },
      { header: 'Uren', key: 'hours', type: 'integer', sql: 'l.hours' },
      { header: 'Aangegeven', key: 'declared', type: 'euro', total: true, sql: 'l.amount_cents' },
      { header: 'Aanvaard', key: 'accepted', type: 'euro', total: true, sql: 'l.accepted_cents' },
      // VAT apart (CPR art. 64(1)(c)), as splitVat decides it: recoverable VAT, and all VAT of an
      // operation whose frozen budget was not below the threshold, is excluded.
      { header: 'Btw', key: 'vat', type: 'euro', total: true, sql: 'l.vat_cents' },
      { header: 'Btw terugvorderbaar', key: 'vat_recoverable', type: 'text', sql: `CASE WHEN l.vat_cents = 0 THEN '' WHEN l.vat_recoverable THEN 'ja' ELSE 'nee' END` },
      { header: 'Subsidiabele btw', key: 'vat_eligible', type: 'euro', total: true, sql: `CASE WHEN ${VAT_EXCLUDED_SQL} THEN 0 ELSE l.vat_cents END` },
      { header: 'Uitgesloten btw', key: 'vat_excluded', type: 'euro', total: true, sql: `CASE WHEN ${VAT_EXCLUDED_SQL} THEN l.vat_cents ELSE 0 END` },
      { header: 'Beslissing', key: 'decision', type: 'text', sql: `COALESCE(l.decision, '')` },
      { header: 'Motivering', key: 'reason', type: 'text', sql: `COALESCE(l.review_reason, '')` },
    ],
    from: `grants g CROSS JOIN LATERAL (${perGrant(`SELECT l.*, rp.number AS period_number FROM cost_statement_lines l
             JOIN cost_statements s ON s.id = l.statement_id JOIN reporting_periods rp ON rp.id = s.period_id
             WHERE l.grant_id = g.id`)}) l`,
    date: 'l.payment_date',
    period: 'l.period_number',
    orderBy: 'g.grant_number, l.period_number, l.position, l.id',
  },
  grants: {
    columns: [
      { header: 'Dossiernummer', key: 'grant_number', type: 'text', sql: 'g.grant_number' },
      { header: 'Oproep', key: 'call_code', type: 'text', sql: 'c.code' },
      { header: 'Project', key: 'acronym', type: 'text', sql: `g.snapshot -> 'application' ->> 'acronym'` },
      { header: 'Begunstigde', key: 'beneficiary', type: 'text', sql: 'o.name' },
      { header: 'Ondernemingsnummer', key: 'enterprise_number', type: 'text', sql: 'o.enterprise_number' },
      { header: 'Provincie', key: 'province', type: 'text', sql: PROVINCE_SQL },
      { header: 'Start', key: 'start_date', type: 'date', sql: 'g.start_date' },
      { header: 'Einde', key: 'end_date', type: 'date', sql: 'g.end_date' },
      { header: 'Status', key: 'status', type: 'text', sql: 'g.status' },
      { header: 'Subsidie', key: 'amount', type: 'euro', total: true, sql: 'g.amount_cents' },
      { header: 'EFRO', key: 'efro', type: 'euro', total: true, sql: 'e.efro' },
      { header: 'Vlaanderen', key: 'flanders', type: 'euro', total: true, sql: 'g.amount_cents - e.efro' },
      {
        header: 'Betaald',
        key: 'paid',
        type: 'euro',
        total: true,
        sql: `COALESCE((SELECT sum(p.amount_cents) FROM payments p WHERE p.grant_id = g.id AND p.status = 'PAID'), 0)`,
      },
    ],
    from: `grants g JOIN calls c ON c.id = g.call_id JOIN organisations o ON o.id = g.beneficiary_organisation_id
           CROSS JOIN LATERAL (
             SELECT COALESCE(sum((s ->> 'amount')::bigint), 0) AS efro FROM jsonb_array_elements(g.funding_split) s WHERE s ->> 'code' = 'EFRO'
           ) e`,
    date: 'g.start_date',
    period: null,
    orderBy: 'g.grant_number',
  },
};

