import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Role } from '../src/core/domain/roles';
import { DocumentsService } from '../src/grants/documents/documents.service';
import { awardedGrant, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const UPLOAD_MAX_BYTES = 256 * 1024;
const PDF_HEAD = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };
const HASH = /^[0-9a-f]{64}$/;

/** A small PDF of its own: distinct bytes, so a distinct stored file. */
function pdf(label: string = randomUUID(), padding = 0): Buffer {
  return Buffer.concat([Buffer.from(`${PDF_HEAD}% ${label}\n`), Buffer.alloc(padding, 0x20), Buffer.from('trailer << /Root 1 0 R >>\n%%EOF\n')]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A multipart body by hand, to send what a client library would not. */
function multipart(boundary: string, file: Buffer, options: { fileName?: string; contentType?: string; closing?: 'full' | 'none' | 'no-final-dashes' } = {}): Buffer {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName ?? 'scan.pdf'}"\r\nContent-Type: ${options.contentType ?? 'application/pdf'}\r\n\r\n`,
  );
  const tail = { full: `\r\n--${boundary}--\r\n`, none: '', 'no-final-dashes': `\r\n--${boundary}` }[options.closing ?? 'full'];
  return Buffer.concat([head, file, Buffer.from(tail)]);
}

describe('uploads: disk and database agree, whatever fails', () => {
  let t: TestApp;
  let uploadDir: string;
  let port: number;
  let lead: Session;
  let finance: Session;
  let grantId: string;
  /** A draft progress report nobody submits: most cases upload here. */
  let reportId: string;
  let statementId: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'efro-uploads-'));
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES), UPLOAD_SWEEP_UNREFERENCED: 'true' } });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
    const awarded = await awardedGrant(t, pm);
    grantId = awarded.grant.id;
    lead = awarded.lead;
    t.clock.set('2021-07-05T08:00:00Z');
    reportId = (await t.http.put(`/grants/${grantId}/periods/1/progress-report`).set(lead.auth).send(report).expect(200)).body.id;
    statementId = (await t.http.put(`/grants/${grantId}/periods/1/cost-statement`).set(lead.auth).send({ lines: [] }).expect(200)).body.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  /** What the upload folder holds: files under their hash, and anything else (temporary files). */
  function disk(): { stored: string[]; other: string[] } {
    const names = readdirSync(uploadDir);
    return { stored: names.filter((n) => HASH.test(n)).sort(), other: names.filter((n) => !HASH.test(n)).sort() };
  }

  async function recordedHashes(): Promise<string[]> {
    const rows = (await t.db.query(`SELECT DISTINCT sha256 FROM supporting_documents ORDER BY sha256`)) as { sha256: string }[];
    return rows.map((r) => r.sha256);
  }

  /** Every stored file is recorded, every record has its file with its bytes, and nothing else lies around. */
  async function expectDiskAndDatabaseAgree(): Promise<void> {
    const { stored, other } = disk();
    expect(other).toEqual([]);
    expect(stored).toEqual(await recordedHashes());
    for (const hash of stored) expect(sha256(readFileSync(join(uploadDir, hash)))).toBe(hash);
  }

  async function documentCount(): Promise<number> {
    return Number(((await t.db.query(`SELECT count(*)::int AS n FROM supporting_documents`)) as { n: number }[])[0].n);
  }

  const upload = (path: string, file: Buffer, fileName = 'scan.pdf', contentType = 'application/pdf') =>
    t.http.post(path).set(lead.auth).attach('file', file, { filename: fileName, contentType });

  function expectProblem(body: unknown, headers: Record<string, string>, status: number, code?: string): void {
    expect(headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status, ...(code ? { code } : {}) });
  }

  it('30 uploads racing a submission: each is stored and recorded, or neither', async () => {
    t.clock.set('2021-11-05T08:00:00Z');
    const racedId = (await t.http.put(`/grants/${grantId}/periods/2/progress-report`).set(lead.auth).send(report).expect(200)).body.id as string;
    const before = await documentCount();
    const uploads = Array.from({ length: 30 }, (_, i) => upload(`/progress-reports/${racedId}/documents`, pdf(`race ${i}`, 8 * 1024), `bijlage-${i}.pdf`));
    const submission = t.http.post(`/progress-reports/${racedId}/submit`).set(lead.auth);
    const [submitted, ...answers] = await Promise.all([submission, ...uploads]);
    expect(submitted.status).toBe(200);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const accepted = answers.filter((a) => a.status === 201);
    for (const refused of answers.filter((a) => a.status === 409)) expectProblem(refused.body, refused.headers, 409, 'DOCUMENTS_FROZEN');
    const rows = (await t.db.query(`SELECT id, sha256 FROM supporting_documents WHERE progress_report_id = $1`, [racedId])) as { id: string; sha256: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(accepted.map((a) => a.body.id as string).sort());
    expect(await documentCount()).toBe(before + accepted.length);
    // Every document that made it was added before the report was submitted.
    const audit = (await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [racedId])) as { action: string }[];
    const actions = audit.map((a) => a.action);
    expect(actions.lastIndexOf('document.uploaded')).toBeLessThan(actions.indexOf('progress_report.submitted'));
    expect(actions.filter((a) => a === 'document.uploaded')).toHaveLength(accepted.length);
    await expectDiskAndDatabaseAgree();
  });

  it('an upload the client breaks off mid-body leaves nothing behind', async () => {
    const before = await documentCount();
    const boundary = `b${randomUUID()}`;
    const body = multipart(boundary, pdf('aborted', 200 * 1024));
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/progress-reports/${reportId}/documents`,
      headers: { authorization: lead.auth.Authorization, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
    });
    const ended = new Promise<void>((resolve) => {
      request.on('error', () => resolve());
      request.on('close', () => resolve());
    });
    request.write(body.subarray(0, 64 * 1024));
    // Wait until the service is streaming the file to disk, then cut the connection.
    await waitFor(() => disk().other.length > 0);
    request.destroy();
    await ended;
    await waitFor(() => disk().other.length === 0);
    expect(await documentCount()).toBe(before);
    await expectDiskAndDatabaseAgree();
  });

  it('an oversized file gets 413 problem+json and nothing is kept', async () => {
    const before = await documentCount();
    const big = pdf('too big', UPLOAD_MAX_BYTES);
    const res = await upload(`/progress-reports/${reportId}/documents`, big, 'groot.pdf').expect(413);
    expectProblem(res.body, res.headers, 413, 'DOCUMENT_TOO_LARGE');
    expect(await documentCount()).toBe(before);
    await expectDiskAndDatabaseAgree();
  });

  it('a wrong type gets 422 problem+json and nothing is kept, also when it is large', async () => {
    const before = await documentCount();
    const text = await upload(`/progress-reports/${reportId}/documents`, Buffer.from('hello'), 'a.txt', 'text/plain').expect(422);
    expectProblem(text.body, text.headers, 422, 'DOCUMENT_REFUSED');
    expect(text.body.errors[0].code).toBe('TYPE_NOT_ALLOWED');
    // Refused on its first bytes; the rest of the body is read and dropped, the answer still comes.
    const disguised = await upload(`/progress-reports/${reportId}/documents`, Buffer.concat([PNG, Buffer.alloc(200 * 1024)]), 'x.pdf').expect(422);
    expect(disguised.body.errors[0].code).toBe('CONTENT_MISMATCH');
    const empty = await upload(`/progress-reports/${reportId}/documents`, Buffer.alloc(0), 'leeg.pdf').expect(422);
    expect(empty.body.errors[0].code).toBe('EMPTY_FILE');
    expect(await documentCount()).toBe(before);
    await expectDiskAndDatabaseAgree();
  });

  it.each([
    ['the file part never ends', 'none' as const],
    ['the last boundary lacks its closing dashes', 'no-final-dashes' as const],
  ])('a multipart body without its closing boundary gets 400 on both routes (%s)', async (_, closing) => {
    const before = await documentCount();
    for (const path of [`/progress-reports/${reportId}/documents`, `/cost-statements/${statementId}/documents`]) {
      const boundary = `b${randomUUID()}`;
      const res = await t.http
        .post(path)
        .set(lead.auth)
        .set('content-type', `multipart/form-data; boundary=${boundary}`)
        .send(multipart(boundary, pdf('cut off'), { closing }))
        .expect(400);
      expectProblem(res.body, res.headers, 400, 'MULTIPART_MALFORMED');
    }
    expect(await documentCount()).toBe(before);
    await expectDiskAndDatabaseAgree();
  });

  it('a multipart content type without a boundary gets a 4xx problem+json and nothing is kept', async () => {
    const before = await documentCount();
    const res = await t.http
      .post(`/progress-reports/${reportId}/documents`)
      .set(lead.auth)
      .set('content-type', 'multipart/form-data')
      .send(multipart('b', pdf('no boundary')));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await documentCount()).toBe(before);
    await expectDiskAndDatabaseAgree();
  });

  it('keeps a name of 254 characters and an emoji whole, in the record and in the audit entry', async () => {
    const name = `${'a'.repeat(254)}😀`;
    const res = await upload(`/progress-reports/${reportId}/documents`, pdf('emoji'), name).expect(201);
    expect(res.body.fileName).toBe(name);
    const longer = await upload(`/cost-statements/${statementId}/documents`, pdf('emoji 2'), `${'b'.repeat(252)}😀😀😀😀.pdf`).expect(201);
    expect(longer.body.fileName).toBe(`${'b'.repeat(251)}.pdf`);
    const audit = (await t.db.query(`SELECT after->>'fileName' AS name FROM audit_log WHERE action = 'document.uploaded' AND after->>'documentId' = $1`, [res.body.id])) as { name: string }[];
    expect(audit).toEqual([{ name }]);
    const download = await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).expect(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    // Who read a payslip or an invoice is in the audit trail.
    const downloads = (await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'document.downloaded' AND entity_id = $1`, [res.body.id])) as { actor_id: string }[];
    expect(downloads).toEqual([{ actor_id: finance.userId }]);
    await expectDiskAndDatabaseAgree();
  });

  it('strips bidirectional controls from a file name', async () => {
    const res = await upload(`/progress-reports/${reportId}/documents`, pdf('bidi'), 'factuur\u202Efdp.exe\u2066.pdf').expect(201);
    expect(res.body.fileName).toBe('factuurfdp.exe.pdf');
    const [row] = (await t.db.query(`SELECT file_name FROM supporting_documents WHERE id = $1`, [res.body.id])) as { file_name: string }[];
    expect(row.file_name).toBe('factuurfdp.exe.pdf');
    await expectDiskAndDatabaseAgree();
  });

  it('a commit that fails after the file was placed removes the file, unless another document holds the same bytes', async () => {
    // A check that PostgreSQL runs at commit, after the service placed the file: only this test's database has it.
    await t.owner.query(`
      CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.file_name = 'refused-at-commit.pdf' THEN
          RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'P0001', DETAIL = 'Refused at commit (test)';
        END IF;
        RETURN NULL;
      END $$`);
    await t.owner.query(`
      CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON supporting_documents
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`);
    try {
      const before = await documentCount();
      const fresh = pdf('refused at commit');
      const refused = await upload(`/progress-reports/${reportId}/documents`, fresh, 'refused-at-commit.pdf').expect(409);
      expectProblem(refused.body, refused.headers, 409);
      expect(disk().stored).not.toContain(sha256(fresh));
      expect(await documentCount()).toBe(before);

      const kept = pdf('stored twice');
      await upload(`/progress-reports/${reportId}/documents`, kept, 'eerste.pdf').expect(201);
      await upload(`/progress-reports/${reportId}/documents`, kept, 'refused-at-commit.pdf').expect(409);
      expect(disk().stored).toContain(sha256(kept));
      expect(await documentCount()).toBe(before + 1);
      await expectDiskAndDatabaseAgree();
    } finally {
      await t.owner.query(`DROP TRIGGER test_refuse_at_commit ON supporting_documents`);
      await t.owner.query(`DROP FUNCTION test_refuse_at_commit()`);
    }
  });

  describe('downloads are checked against the recorded hash', () => {
    let alerts: jest.SpyInstance;
    beforeEach(() => {
      alerts = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    });
    afterEach(() => alerts.mockRestore());

    const alerted = (problem: string) => alerts.mock.calls.some(([fields]) => (fields as { alert?: string; problem?: string })?.alert === 'DOCUMENT_INTEGRITY' && (fields as { problem?: string }).problem === problem);

    it('a file whose bytes changed on disk is not served: 409 problem+json and an alert; the same bytes uploaded again repair it', async () => {
      const original = pdf('changed later');
      const res = await upload(`/progress-reports/${reportId}/documents`, original).expect(201);
      const path = join(uploadDir, res.body.sha256);
      const tampered = Buffer.from(original);
      tampered[tampered.length - 10] ^= 0xff; // same size, other bytes
      writeFileSync(path, tampered);
      const refused = await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).expect(409);
      expectProblem(refused.body, refused.headers, 409, 'DOCUMENT_INTEGRITY_FAILED');
      expect(refused.headers['x-content-sha256']).toBeUndefined();
      expect(alerted('file changed in storage')).toBe(true);
      writeFileSync(path, Buffer.concat([original, Buffer.from('x')])); // another size
      await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).expect(409);
      // The record stays (it is the evidence); the file is left as found, for investigation.
      expect(await t.db.query(`SELECT 1 FROM supporting_documents WHERE id = $1`, [res.body.id])).toHaveLength(1);
      expect(readFileSync(path).length).toBe(original.length + 1);

      await upload(`/progress-reports/${reportId}/documents`, original).expect(201);
      const served = await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(served.body as Buffer, original)).toBe(0);
      await expectDiskAndDatabaseAgree();
    });

    it('a file deleted from disk answers 410 problem+json and raises an alert', async () => {
      const original = pdf('deleted later');
      const res = await upload(`/progress-reports/${reportId}/documents`, original).expect(201);
      rmSync(join(uploadDir, res.body.sha256));
      const gone = await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).expect(410);
      expectProblem(gone.body, gone.headers, 410, 'DOCUMENT_CONTENT_MISSING');
      expect(alerted('file missing from storage')).toBe(true);
      expect(await t.db.query(`SELECT 1 FROM supporting_documents WHERE id = $1`, [res.body.id])).toHaveLength(1);
      expect(disk().stored).not.toContain(res.body.sha256);
      // Uploading the bytes again restores the file for both documents.
      await upload(`/progress-reports/${reportId}/documents`, original).expect(201);
      await t.http.get(`/documents/${res.body.id}/content`).set(finance.auth).expect(200);
      await expectDiskAndDatabaseAgree();
    });
  });

  it('the start-up sweep removes stale temporary and unreferenced files, and nothing recent or recorded', async () => {
    const documents = t.app.get(DocumentsService);
    const recorded = (await upload(`/progress-reports/${reportId}/documents`, pdf('recorded, old')).expect(201)).body.sha256 as string;
    const staleTemporary = `.upload-${randomUUID()}.part`;
    const freshTemporary = `.upload-${randomUUID()}.part`;
    const staleOrphan = sha256(Buffer.from('orphan, old'));
    const freshOrphan = sha256(Buffer.from('orphan, new'));
    for (const name of [staleTemporary, freshTemporary]) writeFileSync(join(uploadDir, name), 'half');
    writeFileSync(join(uploadDir, staleOrphan), 'orphan, old');
    writeFileSync(join(uploadDir, freshOrphan), 'orphan, new');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
    for (const name of [staleTemporary, staleOrphan, recorded]) utimesSync(join(uploadDir, name), twoHoursAgo, twoHoursAgo);

    expect(await documents.sweepLeftovers()).toEqual({ temporary: 1, unreferenced: 1 });
    const names = readdirSync(uploadDir);
    expect(names).not.toContain(staleTemporary);
    expect(names).not.toContain(staleOrphan);
    expect(names).toEqual(expect.arrayContaining([freshTemporary, freshOrphan, recorded]));
    rmSync(join(uploadDir, freshTemporary));
    rmSync(join(uploadDir, freshOrphan));
    await expectDiskAndDatabaseAgree();
  });
});

/** Polls until `condition` holds; fails after 20 s (a bound on a hang, not a timing assertion). */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
