import { formatIban } from '../src/core/domain/iban.rule';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { escapeLiteral, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DemoModule } from '../src/demo/demo.module';
import { DEMO_PASSWORD, DemoSeeder } from '../src/demo/demo.seeder';
import { formatEuro } from '../src/core/format/nl-be';
import { Role } from '../src/core/domain/roles';
import { csvStream } from '../src/reporting/render/csv';
import { copyCsvSql, csvFromCopy, csvSelectList, SqlExportColumn } from '../src/reporting/render/csv-sql';
import { ExportRow } from '../src/reporting/render/export-columns';
import { pdfText } from '../src/reporting/render/testing/pdf-text';
import { applicant, login, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Binary bodies: supertest buffers them when asked to. */
function binary(res: { on(event: string, cb: (chunk?: Buffer) => void): void }, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('reporting: PDF statements and exports on the demo data', () => {
  let t: TestApp;
  let finance: Session;
  let pm: Session;
  let lead: Session;
  let grant: { id: string; grant_number: string; amount: string; application_id: string; call_id: string };

  beforeAll(async () => {
    t = await createTestApp({ imports: [DemoModule] });
    await t.app.get(DemoSeeder).run();
    finance = await login(t, 'financien@demo.test', DEMO_PASSWORD);
    pm = await login(t, 'programmabeheerder@demo.test', DEMO_PASSWORD);
    lead = await login(t, 'digihub-vb@demo.test', DEMO_PASSWORD);
    [grant] = await t.db.query(
      `SELECT g.id, g.grant_number, g.amount_cents AS amount, g.application_id, g.call_id FROM grants g
       JOIN applications a ON a.id = g.application_id WHERE a.acronym = 'DIGIHUB-VB'`,
    );
  }, 120_000);
  afterAll(() => t.close());

  const pdf = (path: string, session: Session) => t.http.get(path).set(session.auth).buffer(true).parse(binary);

  it('issues the receipt with the figures of the frozen submission, the same bytes twice, and registers its hash', async () => {
    const first = await pdf(`/applications/${grant.application_id}/receipt.pdf`, lead).expect(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const again = await pdf(`/applications/${grant.application_id}/receipt.pdf`, lead).expect(200);
    expect(Buffer.compare(first.body as Buffer, again.body as Buffer)).toBe(0);
    const text = (await pdfText(first.body as Buffer)).flat;
    const [submission] = await t.db.query(`SELECT snapshot, snapshot_sha256, submitted_at FROM application_submissions WHERE application_id = $1`, [grant.application_id]);
    expect(text).toContain('Ontvangstbewijs');
    expect(text).toContain(formatEuro(submission.snapshot.budgetSummary.totals.eligibleCosts));
    expect(text).toContain(formatEuro(submission.snapshot.budgetSummary.subsidy));
    expect(text).toContain(submission.snapshot_sha256);
    expect(text).toMatch(/pagina 1 van \d/);
    expect(text).toContain('september 2020');

    const dataHash = first.headers['x-document-sha256'];
    expect(text).toContain(dataHash);
    const lookup = await t.http.get(`/documents/${dataHash}`).expect(200);
    expect(lookup.body).toMatchObject({ kind: 'receipt', entityId: grant.application_id, fileSha256: first.headers['x-content-sha256'] });
    await t.http.get(`/documents/${first.headers['x-content-sha256']}`).expect(200);
    await t.http.get(`/documents/${'0'.repeat(64)}`).expect(404);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'document.issued' AND after ->> 'dataSha256' = $1`, [dataHash]);
    expect(audit[0].n).toBe(1);
  });

  it('writes the decision letter with the award, its split and the consensus comments', async () => {
    const res = await pdf(`/applications/${grant.application_id}/decision-letter.pdf`, lead).expect(200);
    const text = (await pdfText(res.body as Buffer)).flat;
    expect(text).toContain('Beslissing over het projectvoorstel');
    expect(text).toContain(formatEuro(99_900_000));
    expect(text).toContain(formatEuro(60_000_000));
    expect(text).toContain(formatEuro(39_900_000));
    expect(text).toContain('1 maart 2021');
    expect(text).toContain('Consensus: sterk voorstel');
    expect(text).not.toMatch(/Evaluator \d over/);
  });

  it('states period 1 line by line with the accepted total and the subsidy due equal to the database', async () => {
    const res = await pdf(`/grants/${grant.id}/periods/1/cost-statement.pdf`, finance).expect(200);
    const text = (await pdfText(res.body as Buffer)).flat;
    const [statement] = await t.db.query(
      `SELECT s.declared_eligible_cents AS declared, s.accepted_eligible_cents AS accepted, s.subsidy_gross_cents AS gross, s.subsidy_net_cents AS net
       FROM cost_statements s JOIN reporting_periods p ON p.id = s.period_id WHERE s.grant_id = $1 AND p.number = 1`,
      [grant.id],
    );
    expect(text).toContain('Kostenstaat');
    for (const amount of [statement.declared, statement.accepted, statement.gross, statement.net]) expect(text).toContain(formatEuro(Number(amount)));
    const lines = await t.db.query(`SELECT description, amount_cents FROM cost_statement_lines WHERE grant_id = $1`, [grant.id]);
    for (const line of lines) expect(text).toContain(formatEuro(Number(line.amount_cents)));
    expect(text).toContain('Verminderd');
  });

  it('gives the payment statement with the ledger to date', async () => {
    const res = await pdf(`/grants/${grant.id}/payment-statement.pdf`, lead).expect(200);
    const text = (await pdfText(res.body as Buffer)).flat;
    const [paid] = await t.db.query(`SELECT sum(amount_cents)::bigint AS paid FROM payments WHERE grant_id = $1 AND status = 'PAID'`, [grant.id]);
    expect(text).toContain('Betalingsoverzicht');
    expect(text).toContain(formatEuro(Number(grant.amount)));
    expect(text).toContain(formatEuro(Number(paid.paid)));
    // Issue 15: the account each paid payment went to, as it was when paid.
    const [account] = await t.db.query(`SELECT paid_to_iban AS iban, paid_to_holder AS holder FROM payments WHERE grant_id = $1 AND status = 'PAID' LIMIT 1`, [grant.id]);
    expect(text).toContain('Betaald op rekening');
    expect(text).toContain(formatIban(account.iban as string));
    expect(text).toContain(account.holder as string);
  });

  it('gives the government five labs within € 5.000.000 in the call overview', async () => {
    const res = await pdf(`/calls/${grant.call_id}/overview.pdf`, pm).expect(200);
    const text = (await pdfText(res.body as Buffer)).flat;
    expect(text).toContain('Oproepoverzicht');
    for (const acronym of ['DXL-ANT', 'DXL-LIM', 'DXL-OVL', 'DIGIHUB-VB', 'DXL-WVL']) expect(text).toContain(acronym);
    expect(text).toContain(formatEuro(499_500_000));
    expect(text).toContain(formatEuro(500_000_000));
    expect(text).toContain('SMARTPORT');
  });

  it('refuses a document to whoever may not see its data', async () => {
    const stranger = await applicant(t);
    const evaluator = await staff(t, Role.EVALUATOR);
    await t.http.get(`/applications/${grant.application_id}/receipt.pdf`).set(stranger.auth).expect(404);
    await t.http.get(`/grants/${grant.id}/periods/1/cost-statement.pdf`).set(stranger.auth).expect(404);
    await t.http.get(`/grants/${grant.id}/payment-statement.pdf`).set(stranger.auth).expect(404);
    await t.http.get(`/applications/${grant.application_id}/decision-letter.pdf`).set(evaluator.auth).expect(403);
    await t.http.get(`/calls/${grant.call_id}/overview.pdf`).set(lead.auth).expect(403);
    await t.http.get(`/exports/payments`).set(lead.auth).expect(403);
    await t.http.get(`/exports/payments`).set(evaluator.auth).expect(403);
    await t.http.get(`/grants/${grant.id}/periods/9/cost-statement.pdf`).set(finance.auth).expect((r) => expect([404, 409]).toContain(r.status));
  });

  it('exports payments as CSV for Excel in Belgium and as XLSX with the same numbers', async () => {
    const csv = await t.http.get(`/exports/payments?callId=${grant.call_id}&format=csv`).set(finance.auth).buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const body = (csv.body as Buffer).toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n').filter((l) => l !== '');
    expect(lines[0].split(';')).toEqual(expect.arrayContaining(['Dossiernummer', 'Bedrag', 'Bedrag (cent)', 'Betaald op']));
    const header = lines[0].split(';');
    const rows = lines.slice(1).map((l) => l.split(';'));
    // Five payments and the demo's one recovery order, a row of its own with a negative amount.
    expect(rows).toHaveLength(6);
    const centsAt = header.indexOf('Bedrag (cent)');
    const euroAt = header.indexOf('Bedrag');
    const recoveryRows = rows.filter((r) => r[header.indexOf('Soort')] === 'RECOVERY_ORDER');
    expect(recoveryRows).toHaveLength(1);
    expect(Number(recoveryRows[0][centsAt])).toBeLessThan(0);
    const [{ total }] = await t.db.query(
      `SELECT (SELECT sum(p.amount_cents) FROM payments p JOIN grants g ON g.id = p.grant_id WHERE g.call_id = $1)
            - (SELECT COALESCE(sum(r.amount_cents), 0) FROM recoveries r JOIN grants g ON g.id = r.grant_id WHERE g.call_id = $1) AS total`,
      [grant.call_id],
    );
    expect(rows.reduce((s, r) => s + Number(r[centsAt]), 0)).toBe(Number(total));
    expect(rows[0][euroAt]).toMatch(/^\d+,\d\d$/);
    // Every paid payment names the account it went to.
    const ibanAt = header.indexOf('IBAN');
    const paidOnAt = header.indexOf('Betaald op');
    expect(ibanAt).toBeGreaterThan(-1);
    for (const r of rows.filter((r) => r[paidOnAt] !== '')) expect(r[ibanAt]).toMatch(/^BE\d{14}$/);

    const xlsx = await t.http.get(`/exports/payments?callId=${grant.call_id}&format=xlsx`).set(finance.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const xHeader = (sheet.getRow(1).values as unknown[]).slice(1);
    const amountCol = xHeader.indexOf('Bedrag') + 1;
    expect(sheet.getRow(2).getCell(xHeader.indexOf('IBAN') + 1).value).toBe(rows[0][ibanAt]);
    expect(xHeader).toContain('Rekeninghouder');
    const amounts: number[] = [];
    for (let r = 2; r <= 7; r++) {
      const cell = sheet.getRow(r).getCell(amountCol);
      expect(typeof cell.value).toBe('number');
      amounts.push(cell.value as number);
    }
    expect(amounts.map((a) => Math.round(a * 100))).toEqual(rows.map((r) => Number(r[centsAt])));
    const totalCell = sheet.getRow(8).getCell(amountCol).value as { result?: number } | number;
    expect(Math.round((typeof totalCell === 'number' ? totalCell : totalCell.result!) * 100)).toBe(Number(total));
  });

  it('exports cost lines, grants and the ranking with filters', async () => {
    const lines = await t.http.get(`/exports/cost-lines?callId=${grant.call_id}&period=1&province=BE24`).set(finance.auth).buffer(true).parse(binary).expect(200);
    const csvLines = (lines.body as Buffer).toString('utf8').slice(1).split('\r\n').filter((l) => l !== '');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM cost_statement_lines WHERE grant_id = $1`, [grant.id]);
    expect(csvLines.length - 1).toBe(n);
    const grants = await t.http.get(`/exports/grants?callId=${grant.call_id}`).set(pm.auth).buffer(true).parse(binary).expect(200);
    expect((grants.body as Buffer).toString('utf8').split('\r\n').filter((l) => l !== '')).toHaveLength(6);
    const ranking = await t.http.get(`/exports/ranking?callId=${grant.call_id}&format=xlsx`).set(pm.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(ranking.body as ArrayBuffer);
    expect(workbook.worksheets[0].rowCount).toBeGreaterThanOrEqual(11);
    await t.http.get(`/exports/everything`).set(pm.auth).expect(404);
    await t.http.get(`/exports/payments?format=pdf`).set(pm.auth).expect(400);
    await t.http.get(`/exports/payments?from=2021-13-01`).set(pm.auth).expect(400);
  });
});

describe('reporting: CSV written by PostgreSQL COPY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const COLUMNS: SqlExportColumn[] = [
    { header: 'Tekst', key: 'text', type: 'text', sql: 'q.text' },
    { header: 'Bedrag', key: 'amount', type: 'euro', total: true, sql: 'q.amount' },
    { header: 'Aantal', key: 'count', type: 'integer', sql: 'q.count' },
    { header: 'Datum', key: 'day', type: 'date', sql: 'q.day' },
    { header: 'Opmerking', key: 'note', type: 'text', sql: 'q.note' },
  ];
  const CHARS = ['a', 'Z', ' ', ';', '"', "'", '\r', '\n', '\t', '=', '+', '-', '@', '\\', 'é', '€', '😀', ',', '.'];
  const text = fc.option(fc.array(fc.constantFrom(...CHARS), { maxLength: 10 }).map((a) => a.join('')), { freq: 8 });
  const cents = fc.option(fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger(), fc.integer({ min: -1e13, max: 1e13 })), { freq: 8 });
  const day = fc.option(fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { freq: 8 });
  const row = fc.record({ text, amount: cents, count: cents, day, note: text });

  /** The CSV file COPY writes for `rows`, through the service's own stream. */
  async function copied(rows: object[], chunkSize: number): Promise<string> {
    const select = `SELECT ${csvSelectList(COLUMNS)}
      FROM jsonb_array_elements(${escapeLiteral(JSON.stringify(rows))}::jsonb) WITH ORDINALITY AS e(value, n),
           LATERAL jsonb_to_record(e.value) AS q(text text, amount bigint, count bigint, day date, note text) ORDER BY e.n`;
    const driver = t.db.driver as unknown as { master: { connect(): Promise<PoolClient> } };
    const client = await driver.master.connect();
    // Small chunks put quotes and line ends across chunk borders.
    const copy = client.query(copyTo(copyCsvSql(select), { highWaterMark: chunkSize }));
    const chunks: string[] = [];
    const stream = csvFromCopy(COLUMNS, copy, {}, (error) => client.release(error ?? undefined));
    for await (const chunk of stream) chunks.push(chunk as string);
    return chunks.join('');
  }

  async function written(rows: ExportRow[]): Promise<string> {
    const chunks: string[] = [];
    for await (const chunk of csvStream(COLUMNS, rows)) chunks.push(String(chunk));
    return chunks.join('');
  }

  it('writes the same bytes as the JS writer for any text, amount and date', async () => {
    const rows = fc.sample(row, { numRuns: 500, seed: 20201 });
    rows.push({ text: '', amount: 0, count: 0, day: '2020-06-27', note: '\\.' }, { text: '=SUM(A1)', amount: -5, count: -1, day: null, note: '"a\nb"' });
    const expected = await written(rows);
    expect(await copied(rows, 64 * 1024)).toEqual(expected);
    expect(await copied(rows, 7)).toEqual(expected);
  });

  it('aborts the COPY and closes its connection when the download is abandoned', async () => {
    const driver = t.db.driver as unknown as { master: { connect(): Promise<PoolClient> } };
    const client = await driver.master.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
    const columns: SqlExportColumn[] = [{ header: 'N', key: 'n', type: 'integer', sql: 'n' }];
    const copy = client.query(copyTo(copyCsvSql(`SELECT ${csvSelectList(columns)} FROM generate_series(1, 50000000) n`)));
    const finished = new Promise<Error | null>((resolve) => {
      const stream = csvFromCopy(columns, copy, {}, (error) => {
        client.release(error ?? undefined);
        resolve(error);
      });
      stream.once('data', () => stream.destroy());
    });
    expect((await finished)?.message).toMatch(/premature close/i);
    // The backend goes away with its connection, taking the COPY with it.
    // Polled until a generous deadline: on a loaded machine the backend may take a while to exit.
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; ) {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await t.db.query(`SELECT pid FROM pg_stat_activity WHERE pid = $1`, [pid])).toEqual([]);
    expect(await t.db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('writes the BOM and header line when there are no rows', async () => {
    expect(await copied([], 1024)).toEqual(await written([]));
  });
});
