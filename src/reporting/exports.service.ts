import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import Cursor from 'pg-cursor';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PROVINCE_NAMES } from '../core/domain/provinces';
import { Metrics } from '../core/metrics/metrics';
import { DecisionsService } from '../evaluations/decisions.service';
import { ExportKind, ExportQuery } from './dto/reporting.dto';
import { csvStream, CSV_CONTENT_TYPE } from './render/csv';
import { DatabaseExportKind, exportColumns, exportCsvCopy, exportRowsQuery } from './export-queries';
import { csvFromCopy } from './render/csv-sql';
import { ExportColumn, ExportRow, RowBatches } from './render/export-columns';
import { xlsxStream, XLSX_CONTENT_TYPE } from './render/xlsx';

export interface ExportStream {
  stream: Readable;
  contentType: string;
  fileName: string;
}

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

const PRESELECTION_COLUMNS: ExportColumn[] = [
  { header: 'Rang', key: 'rank', type: 'integer' },
  { header: 'Project', key: 'acronym', type: 'text' },
  { header: 'Titel', key: 'title', type: 'text' },
  { header: 'Provincie', key: 'province', type: 'text' },
  { header: 'Penvoerder', key: 'lead', type: 'text' },
  { header: 'KBO-nummer', key: 'enterpriseNumber', type: 'text' },
  { header: 'Gevraagde EU-bijdrage', key: 'contribution', type: 'euro', total: true },
  { header: 'Matching cofinanciering', key: 'matching', type: 'euro', total: true },
  { header: 'Beslist op', key: 'decided', type: 'date' },
];

/** Rows fetched per round trip: large enough to amortise it, small enough to keep memory flat. */
const BATCH = 2000;

/** What an export holds until its rows are read: given back here when they never are. */
interface HeldForRows {
  /** Gives the connection back once; later calls do nothing. */
  release(error?: Error | boolean): void;
  /** Whether the rows started to be read (from then on the reader gives the connection back). */
  started: boolean;
}

/** A pool connection of an export's own, and how to give it back (true or an error: close it). */
interface ExportConnection extends HeldForRows {
  client: PoolClient;
}

/**
 * Streams exports straight from PostgreSQL, so memory stays flat however many rows there are:
 * CSV as COPY writes it, XLSX from a cursor through the XLSX writer. The connection is
 * returned when the stream ends, and closed when it fails or the download is abandoned.
 * The connection is taken before the response starts, so an outage answers 503 rather than
 * a 200 whose body breaks off.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly decisions: DecisionsService,
    private readonly metrics: Metrics,
  ) {}

  async export(kind: ExportKind, filters: ExportQuery): Promise<ExportStream> {
    const stamp = filters.callId ? `-${filters.callId.slice(0, 8)}` : '';
    const fileName = `${kind}${stamp}.${filters.format}`;
    if (kind !== 'ranking' && kind !== 'preselection' && filters.format === 'csv') {
      return this.counted(kind, filters.format, { stream: await this.csvFromDatabase(kind, filters), contentType: CSV_CONTENT_TYPE, fileName });
    }
    const { columns, rows, connection } =
      kind === 'ranking' ? await this.ranking(filters) : kind === 'preselection' ? await this.preselection(filters) : await this.rowsFromDatabase(kind, filters);
    const stream =
      filters.format === 'xlsx'
        ? xlsxStream(columns, rows, { sheetName: kind, creator: 'efro-grants' })
        : csvStream(columns, rows);
    // A stream dropped before its first read (a HEAD request, a client gone at once) never runs
    // the cursor, so the connection taken for it is given back here.
    if (connection) stream.once('close', () => connection.started || connection.release());
    return this.counted(kind, filters.format, { stream, contentType: filters.format === 'xlsx' ? XLSX_CONTENT_TYPE : CSV_CONTENT_TYPE, fileName });
  }

  private counted(kind: ExportKind, format: string, result: ExportStream): ExportStream {
    this.metrics.exportStarted(kind, format, result.stream);
    return result;
  }

  private async csvFromDatabase(kind: DatabaseExportKind, filters: ExportQuery): Promise<Readable> {
    const connection = await this.connect();
    let copy: Readable;
    try {
      copy = connection.client.query(copyTo(exportCsvCopy(kind, filters)));
    } catch (error) {
      connection.release(true);
      throw error;
    }
    // A COPY cut short leaves the connection mid-protocol: it is closed, not returned.
    return csvFromCopy(exportColumns(kind), copy, {}, (error) => connection.release(error ?? undefined));
  }

  private async rowsFromDatabase(
    kind: DatabaseExportKind,
    filters: ExportQuery,
  ): Promise<{ columns: ExportColumn[]; rows: RowBatches; connection: ExportConnection }> {
    const { sql, params } = exportRowsQuery(kind, filters);
    const connection = await this.connect();
    return { columns: exportColumns(kind), rows: new RowBatches(this.cursorBatches(connection, sql, params)), connection };
  }

  private async connect(): Promise<ExportConnection> {
    const driver = this.db.driver as unknown as { master: { connect(): Promise<PoolClient> } };
    const client = await driver.master.connect();
    // A connection lost between two reads is reported by the stream; without a listener the
    // client's own 'error' event would be unhandled and end the process.
    const ignore = () => undefined;
    client.on('error', ignore);
    // An export is one long query run once: JIT compilation (PostgreSQL compiles above a cost
    // an export of 10.000 grants reaches) took 300 ms and more before the first row left.
    try {
      await client.query('SET jit = off');
    } catch (error) {
      client.removeListener('error', ignore);
      client.release(true);
      throw error;
    }
    let released = false;
    return {
      client,
      started: false,
      release: (error) => {
        if (released) return;
        released = true;
        client.removeListener('error', ignore);
        // Queued before the next borrower's first query: the pool's connection is as it was.
        if (!error) client.query('RESET jit').catch(ignore);
        client.release(error);
      },
    };
  }

  /**
   * Batches from a cursor on a pool connection of its own. The next batch is requested before
   * the current one is handed on, so the database works while the rows are being formatted.
   */
  private async *cursorBatches(connection: ExportConnection, sql: string, params: unknown[]): AsyncGenerator<readonly ExportRow[]> {
    connection.started = true;
    let cursor: Cursor<ExportRow>;
    try {
      cursor = connection.client.query(new Cursor<ExportRow>(sql, params));
    } catch (error) {
      connection.release(true);
      throw error;
    }
    let failed = false;
    let next: Promise<ExportRow[]> | null = null;
    try {
      next = cursor.read(BATCH);
      for (;;) {
        const batch: ExportRow[] = await next;
        if (batch.length === 0) break;
        next = batch.length < BATCH ? Promise.resolve([]) : cursor.read(BATCH);
        yield batch;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A consumer that stopped early leaves a read in flight: it fails once the cursor closes.
      next?.catch(() => undefined);
      await cursor.close().catch(() => undefined);
      connection.release(failed);
    }
  }

  /** The candidates a PRESELECTION call put forward, as the evaluations feature reads them (small: one row per hub). */
  private async preselection(filters: ExportQuery): Promise<{ columns: ExportColumn[]; rows: ExportRow[]; connection?: undefined }> {
    if (!filters.callId) return { columns: PRESELECTION_COLUMNS, rows: [] };
    const list = await this.decisions.preselectionOfCall(filters.callId);
    const rows = list.candidates
      .filter((c) => !filters.province || c.province === filters.province)
      .map((c) => ({
        rank: c.rank,
        acronym: c.acronym,
        title: c.title,
        province: PROVINCE_NAMES[c.province],
        lead: c.leadName,
        enterpriseNumber: c.leadEnterpriseNumber,
        contribution: c.contribution,
        matching: c.matching,
        decided: c.decidedAt,
      }));
    return { columns: PRESELECTION_COLUMNS, rows };
  }

  /** The ranking streamed batch by batch from its own transaction; the connection goes back when the stream ends or is dropped. */
  private async ranking(filters: ExportQuery): Promise<{ columns: ExportColumn[]; rows: ExportRow[] | RowBatches; connection?: HeldForRows }> {
    if (!filters.callId) return { columns: RANKING_COLUMNS, rows: [] };
    const { batches, abandon } = await this.decisions.rankingStream(filters.callId);
    const connection: HeldForRows = { started: false, release: abandon };
    async function* rows(): AsyncGenerator<readonly ExportRow[]> {
      connection.started = true;
      for await (const batch of batches) {
        // The pending proposals come last and are not ranked: the export ends with the entries.
        if (!batch.entries) break;
        yield batch.entries
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
      }
    }
    return { columns: RANKING_COLUMNS, rows: new RowBatches(rows()), connection };
  }
}

