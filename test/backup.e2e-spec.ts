import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createBackup, restoreBackup } from '../src/core/backup/backup';
import { Role } from '../src/core/domain/roles';
import { MIGRATION_NAMES, runMigrations } from '../src/core/database/data-source';
import { NotificationDeliveryService } from '../src/core/notifications/notification-delivery.service';
import { urlForDatabase, withAdminClient } from './support/database';
import { awardedGrant, login, NETWORK_PARTNER, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A database with nothing in it, as an installation that never started has. */
async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `efro_restore_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${name}"`));
  return { url: urlForDatabase(name), drop: () => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`);
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

const restore = (databaseUrl: string, uploadDir: string, source: string) =>
  restoreBackup({ databaseUrl, uploadDir, source, migrationNames: MIGRATION_NAMES, migrate: async (count) => void (await runMigrations(databaseUrl, () => {}, count)) });

describe('backup and restore', () => {
  let t: TestApp;
  let restored: TestApp | undefined;
  let target: { url: string; drop(): Promise<void> };
  let lead: Session & { enterpriseNumber: string };
  let grantId: string;
  const folders: string[] = [];
  const folder = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    return dir;
  };
  const uploadDir = folder('efro-uploads-');
  const restoredUploads = folder('efro-restored-uploads-');
  const backups = folder('efro-backups-');

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir } });
    target = await emptyDatabase();
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const awarded = await awardedGrant(t, pm);
    lead = awarded.lead;
    grantId = awarded.grant.id;
    // A period with a filed report and a submitted statement whose lines carry documents.
    t.clock.set('2021-07-05T08:00:00Z');
    const report = await t.http.put(`/grants/${grantId}/periods/1/progress-report`).set(lead.auth).send({ narrative: 'Twaalf kmo’s testten het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } }).expect(200);
    await t.http.post(`/progress-reports/${report.body.id}/submit`).set(lead.auth).expect(200);
    const statement = await t.http
      .put(`/grants/${grantId}/periods/1/cost-statement`)
      .set(lead.auth)
      .send({
        lines: [
          { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000 },
          { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 },
        ],
      })
      .expect(200);
    const [first, second] = statement.body.lines as { id: string }[];
    await t.http.post(`/cost-statements/${statement.body.id}/documents`).set(lead.auth).field('lineId', first.id).attach('file', PDF, { filename: 'factuur.pdf', contentType: 'application/pdf' }).expect(201);
    await t.http.post(`/cost-statements/${statement.body.id}/documents`).set(lead.auth).field('lineId', second.id).attach('file', PNG, { filename: 'foto.png', contentType: 'image/png' }).expect(201);
    await t.http.post(`/cost-statements/${statement.body.id}/submit`).set(lead.auth).expect(200);
    // Issued documents, and the outbox delivered once.
    await t.http.get(`/applications/${awarded.applicationIds[0]}/decision-letter.pdf`).set(lead.auth).expect(200);
    await t.http.get(`/grants/${grantId}/periods/1/cost-statement.pdf`).set(lead.auth).expect(200);
    const delivered = await t.app.get(NotificationDeliveryService).deliverPending();
    expect(delivered.delivered).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await restored?.close();
    await t.close();
    await target.drop();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('restores database and uploads into an empty installation, where documents, files and the outbox hold', async () => {
    const manifest = await createBackup({ databaseUrl: t.databaseUrl, uploadDir, target: join(backups, 'full') });
    expect(manifest.uploads.map((u) => u.sha256).sort()).toEqual([sha256(PDF), sha256(PNG)].sort());
    expect(manifest.migrations).toEqual(MIGRATION_NAMES);

    await restore(target.url, restoredUploads, join(backups, 'full'));
    expect(await rowCounts(target.url)).toEqual(await rowCounts(t.databaseUrl));

    restored = await createTestApp({ databaseUrl: target.url, env: { UPLOAD_DIR: restoredUploads } });
    restored.clock.set('2021-07-05T08:00:00Z');
    // The accounts came back with their passwords.
    const [{ email }] = (await restored.db.query(`SELECT email FROM users WHERE id = $1`, [lead.userId])) as { email: string }[];
    const again = await login(restored, email);

    // Every document the service issued still answers to its hash, and regenerates byte for byte.
    const issued = (await restored.db.query(`SELECT data_sha256 AS hash FROM issued_documents`)) as { hash: string }[];
    expect(issued.length).toBeGreaterThanOrEqual(2);
    for (const { hash } of issued) await restored.http.get(`/documents/${hash}`).expect(200);
    const before = await t.http.get(`/grants/${grantId}/periods/1/cost-statement.pdf`).set(lead.auth).buffer(true).expect(200);
    const after = await restored.http.get(`/grants/${grantId}/periods/1/cost-statement.pdf`).set(again.auth).buffer(true).expect(200);
    expect(sha256(after.body as Buffer)).toBe(sha256(before.body as Buffer));

    // Every upload is there with the bytes its hash names.
    const documents = (await restored.db.query(`SELECT id, sha256 FROM supporting_documents`)) as { id: string; sha256: string }[];
    expect(documents).toHaveLength(2);
    for (const d of documents) {
      const content = await restored.http.get(`/documents/${d.id}/content`).set(again.auth).buffer(true).expect(200);
      expect(sha256(content.body as Buffer)).toBe(d.sha256);
    }

    // What was mailed before the backup is not mailed again.
    expect(await restored.app.get(NotificationDeliveryService).deliverPending()).toMatchObject({ delivered: 0 });
  });

  it('refuses a restore into an installation that holds data, and leaves it as it was', async () => {
    const counts = await rowCounts(t.databaseUrl);
    await expect(restore(t.databaseUrl, folder('efro-other-uploads-'), join(backups, 'full'))).rejects.toThrow(/not empty/);
    expect(await rowCounts(t.databaseUrl)).toEqual(counts);
  });

  it('refuses a damaged backup before it touches the database', async () => {
    const copy = join(backups, 'damaged');
    await createBackup({ databaseUrl: t.databaseUrl, uploadDir, target: copy });
    const upload = join(copy, 'uploads', sha256(PDF));
    writeFileSync(upload, Buffer.concat([readFileSync(upload), Buffer.from(' ')]));
    const empty = await emptyDatabase();
    try {
      await expect(restore(empty.url, folder('efro-unused-uploads-'), copy)).rejects.toThrow(/does not match its hash/);
      expect(await rowCounts(empty.url)).toEqual({});
    } finally {
      await empty.drop();
    }
  });

  it('writes a backup only into a new folder, and never leaves a half-written one under its name', async () => {
    await expect(createBackup({ databaseUrl: t.databaseUrl, uploadDir, target: backups })).rejects.toThrow(/exists already/);
    const missing = folder('efro-missing-uploads-');
    await expect(createBackup({ databaseUrl: t.databaseUrl, uploadDir: missing, target: join(backups, 'incomplete') })).rejects.toThrow(/missing from/);
    expect(() => readFileSync(join(backups, 'incomplete', 'manifest.json'))).toThrow();
    expect(() => readFileSync(join(backups, 'incomplete.partial', 'manifest.json'))).toThrow();
  });
});
