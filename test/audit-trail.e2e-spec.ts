import { Client } from 'pg';
import { chainHash, prepareEntry } from '../src/core/audit/audit-chain';
import { AuditTrailService, VerificationReport } from '../src/core/audit/audit-trail.service';
import { AuditService } from '../src/core/audit/audit.service';
import { systemActor } from '../src/core/domain/actor';
import { Role } from '../src/core/domain/roles';
import { writeTogether } from '../src/core/database/statements';
import { PersonalDataService } from '../src/auth/personal-data.service';
import { applicant, PASSWORD, Session, staff } from './support/fixtures';
import { serviceUrlFor } from './support/database';
import { createTestApp, TestApp } from './support/test-app';

type Row = Record<string, unknown>;

describe('the audit trail: least privilege, hash chain, checkpoints, personal data', () => {
  let t: TestApp;
  let admin: Session;
  let pm: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staff(t, Role.ADMIN);
    pm = await staff(t, Role.PROGRAMME_MANAGER);
  });
  afterAll(() => t.close());

  const verification = async (): Promise<VerificationReport> => (await t.http.get('/audit/verification').set(admin.auth).expect(200)).body as VerificationReport;
  const head = async () => ((await t.owner.query(`SELECT seq::text AS seq FROM audit_log ORDER BY audit_log.seq DESC LIMIT 1`)) as { seq: string }[])[0].seq;

  /** Runs `sql` as the superuser with the audit log's triggers skipped, as an intruder with full access would. */
  const behindTheServicesBack = (sql: string, params: unknown[] = []) =>
    t.owner.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  const rowAt = async (seq: string): Promise<Row> => ((await t.owner.query(`SELECT * FROM audit_log WHERE seq = $1`, [seq])) as Row[])[0];
  const restore = (row: Row) =>
    behindTheServicesBack(`INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1::json)`, [JSON.stringify(row)]);

  describe('the service runs as a role that owns nothing', () => {
    it('connects as efro_service, not a superuser, owning no table', async () => {
      const [who] = (await t.db.query(
        `SELECT current_user AS name, r.rolsuper AS superuser, (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
      )) as { name: string; superuser: boolean; owned: number }[];
      expect(who).toEqual({ name: 'efro_service', superuser: false, owned: 0 });
    });

    it('is refused whatever would change the audit log behind the triggers', async () => {
      const refused = [
        `UPDATE audit_log SET action = 'x'`,
        `DELETE FROM audit_log`,
        `TRUNCATE audit_log`,
        `SET session_replication_role = replica`,
        `ALTER TABLE audit_log DISABLE TRIGGER ALL`,
        `DROP TRIGGER audit_log_chain ON audit_log`,
        `CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
        `CREATE TABLE intruder (id int)`,
        `UPDATE audit_checkpoints SET hash = repeat('0', 64)`,
        `DELETE FROM audit_checkpoints`,
        `INSERT INTO migrations (timestamp, name) VALUES (1, 'x')`,
      ];
      for (const sql of refused) {
        await expect(t.db.query(sql)).rejects.toThrow(/permission denied|must be owner|must be superuser/);
      }
      // A forged link is overwritten: the trigger, not the writer, links each entry.
      const entry = prepareEntry({ occurredAt: new Date('2020-01-01T00:00:00Z'), actorId: null, actorEmail: null, action: 'forged', entityType: 'x', entityId: '1', before: null, after: null, correlationId: null });
      await t.db.query(`INSERT INTO audit_log (occurred_at, action, entity_type, entity_id, content_hash, seq, prev_hash, hash) VALUES ($1, 'forged', 'x', '1', $2, 1, $3, $3)`, [
        entry.content.occurredAt,
        entry.contentHash,
        'f'.repeat(64),
      ]);
      const [forged] = (await t.db.query(`SELECT seq::text AS seq, prev_hash FROM audit_log WHERE action = 'forged'`)) as { seq: string; prev_hash: string }[];
      expect(forged.seq).not.toBe('1');
      expect(forged.prev_hash).not.toBe('f'.repeat(64));
      // Only erasing the personal part is allowed, and nothing else with it.
      await expect(t.db.query(`UPDATE audit_log SET actor_email = 'other@x.test' WHERE action = 'forged'`)).rejects.toThrow(/append-only/);
      expect((await verification()).intact).toBe(true);
    });

    it('logs in as a member of efro_app that cannot log in itself', async () => {
      const [role] = (await t.owner.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = 'efro_app'`)) as { rolcanlogin: boolean }[];
      expect(role.rolcanlogin).toBe(false);
      const client = new Client({ connectionString: serviceUrlFor(t.databaseUrl) });
      await client.connect();
      try {
        await expect(client.query(`SET ROLE postgres`)).rejects.toThrow(/permission denied/);
      } finally {
        await client.end();
      }
    });
  });

  describe('the chain', () => {
    it('links entries written at the same time, and several in one statement, without gaps', async () => {
      const before = Number(await head());
      await Promise.all(Array.from({ length: 12 }, () => applicant(t)));
      const audit = t.app.get(AuditService);
      await t.db.transaction((m) =>
        writeTogether(m, [
          audit.statement(systemActor('together'), { action: 'test.one', entityType: 'test', entityId: 'a' }),
          audit.statement(systemActor('together'), { action: 'test.two', entityType: 'test', entityId: 'b' }),
        ]),
      );
      const rows = (await t.db.query(`SELECT seq::text AS seq FROM audit_log WHERE seq > $1 ORDER BY audit_log.seq`, [before])) as { seq: string }[];
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: rows.length }, (_, i) => before + 1 + i));
      expect(rows.length).toBeGreaterThanOrEqual(12 + 2);
      const report = await verification();
      expect(report).toMatchObject({ intact: true, firstBadEntry: null, head: { seq: await head() } });
    });

    it('names the entry whose content was changed', async () => {
      const seq = String(Number(await head()) - 3);
      const original = await rowAt(seq);
      await behindTheServicesBack(`UPDATE audit_log SET after = '{"status":"FORGED"}' WHERE seq = $1`, [seq]);
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'CONTENT_CHANGED', seq, id: String(original.id) });
      await behindTheServicesBack(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
      await restore(original);
      expect((await verification()).intact).toBe(true);
    });

    it('names the entry after a deletion', async () => {
      const seq = String(Number(await head()) - 2);
      const original = await rowAt(seq);
      await behindTheServicesBack(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'SEQUENCE_GAP', seq: String(Number(seq) + 1) });
      await restore(original);
      expect((await verification()).intact).toBe(true);
    });

    it('detects an entry inserted out of order, even with well-formed hashes', async () => {
      const last = await head();
      const at = String(Number(last) - 1);
      const rows = (await t.owner.query(`SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq`, [at])) as Row[];
      const previous = (await rowAt(String(Number(at) - 1))) as { hash: string };
      // Make room: move the last two entries one place on, and put a backdated one in between, linked to its predecessor.
      await behindTheServicesBack(`DELETE FROM audit_log WHERE seq >= $1`, [at]);
      const forged = prepareEntry({ occurredAt: new Date('2020-01-01T00:00:00Z'), actorId: null, actorEmail: null, action: 'grant.approved', entityType: 'grant', entityId: 'backdated', before: null, after: null, correlationId: null });
      await behindTheServicesBack(
        `INSERT INTO audit_log (occurred_at, action, entity_type, entity_id, content_hash, seq, prev_hash, hash) VALUES ($1, 'grant.approved', 'grant', 'backdated', $2, $3, $4, $5)`,
        [forged.content.occurredAt, forged.contentHash, at, previous.hash, chainHash(previous.hash, at, forged.contentHash)],
      );
      for (const row of rows) await restore({ ...row, seq: String(Number(row.seq) + 1) });
      // The inserted entry links to its predecessor, but its successor still names the old one.
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'LINK_BROKEN', seq: String(Number(at) + 1), id: String(rows[0].id) });
      await behindTheServicesBack(`DELETE FROM audit_log WHERE seq >= $1`, [at]);
      for (const row of rows) await restore(row);
      expect((await verification()).intact).toBe(true);
    });

    it('detects a rewrite of the whole chain against the signed checkpoint, and a forged or removed checkpoint', async () => {
      expect(await t.app.get(AuditTrailService).checkpoint()).toMatchObject({ created: true, seq: await head() });
      expect(await t.app.get(AuditTrailService).checkpoint()).toMatchObject({ created: false });
      const checkpoints = (await t.http.get('/audit/checkpoints').set(pm.auth).expect(200)).body as { items: { seq: string; hash: string; publicKey: string }[] };
      expect(checkpoints.items[0]).toMatchObject({ seq: await head(), publicKey: t.app.get(AuditTrailService).signer.publicKey });

      // Rewrite every entry from the first one consistently: the chain alone then verifies.
      const all = (await t.owner.query(`SELECT * FROM audit_log ORDER BY seq`)) as Row[];
      const rewritten = all.map((row) => ({ ...row }));
      let prev = '0'.repeat(64);
      for (const row of rewritten) {
        if (row.seq === '1') {
          const entry = prepareEntry({ occurredAt: row.occurred_at as Date, actorId: null, actorEmail: null, action: 'user.created', entityType: 'user', entityId: 'rewritten', before: null, after: null, correlationId: null });
          Object.assign(row, { actor_id: null, actor_email: null, entity_id: 'rewritten', before: null, after: null, correlation_id: null, personal: null, personal_hash: null, content_hash: entry.contentHash });
        }
        row.prev_hash = prev;
        row.hash = chainHash(prev, String(row.seq), String(row.content_hash));
        prev = String(row.hash);
      }
      await behindTheServicesBack(`DELETE FROM audit_log`);
      for (const row of rewritten) await restore(row);
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'CHECKPOINT_MISMATCH', seq: await head() });
      await behindTheServicesBack(`DELETE FROM audit_log`);
      for (const row of all) await restore(row);
      expect((await verification()).intact).toBe(true);

      // The newest entries cut off: the checkpointed one is gone.
      const last = await rowAt(await head());
      await behindTheServicesBack(`DELETE FROM audit_log WHERE seq = $1`, [last.seq]);
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'CHECKPOINT_MISSING_ENTRY', seq: String(last.seq) });
      await restore(last);

      // A checkpoint the service did not sign.
      await behindTheServicesBack(`INSERT INTO audit_checkpoints (seq, hash, signed_at, public_key, signature) VALUES (1, $1, now(), 'AAAA', 'AAAA')`, ['a'.repeat(64)]);
      expect((await verification()).firstBadEntry).toMatchObject({ fault: 'CHECKPOINT_SIGNATURE_INVALID', seq: '1' });
      await behindTheServicesBack(`DELETE FROM audit_checkpoints WHERE public_key = 'AAAA'`);
      expect((await verification()).intact).toBe(true);
    });

    it('takes the next checkpoint on the next day', async () => {
      t.clock.advance(24 * 3600 * 1000);
      expect(await t.app.get(AuditTrailService).checkpoint()).toMatchObject({ created: true });
      expect((await verification()).checkpoints).toBe(2);
    });
  });

  describe('reading the trail', () => {
    it('gives programme managers the trail of a record, oldest first, with sign-ins and failed sign-ins', async () => {
      const person = await applicant(t);
      await t.http.post('/auth/login').send({ email: `nobody-${Date.now()}@org.test`, password: PASSWORD }).expect(401);
      const [{ email }] = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [person.userId])) as { email: string }[];
      await t.http.post('/auth/login').send({ email, password: 'wrong password!' }).expect(401);
      await t.http.post('/auth/session').send({ email, password: PASSWORD }).expect(200);
      const trail = (await t.http.get('/audit').query({ entityType: 'user', entityId: person.userId, pageSize: 50 }).set(pm.auth).expect(200)).body as {
        items: { action: string; actorEmail: string | null; after: { via?: string; reason?: string; email?: string } }[];
        total: number;
      };
      expect(trail.items.map((e) => e.action)).toEqual(['user.created', 'auth.sign_in_failed', 'auth.signed_in']);
      expect(trail.items[0]).toMatchObject({ actorEmail: email, after: { email } });
      expect(trail.items[1].after).toMatchObject({ reason: 'INVALID_CREDENTIALS', via: 'token' });
      expect(trail.items[2]).toMatchObject({ actorEmail: email, after: { via: 'session' } });
      const unknown = (await t.db.query(`SELECT personal FROM audit_log WHERE action = 'auth.sign_in_failed' AND entity_id = 'unknown'`)) as { personal: { fields: Record<string, string> } }[];
      expect(unknown[0].personal.fields['personal.email']).toMatch(/^nobody-/);
      await t.http.get('/audit').query({ entityType: 'user', entityId: person.userId }).set(person.auth).expect(403);
      const bad = await t.http.get('/audit').query({ entityType: 'User; DROP', entityId: 'x' }).set(pm.auth).expect(400);
      expect(bad.body.errors[0].field).toBe('entityType');
    });
  });

  describe('personal data', () => {
    it('exports a person\'s data to themself and to an administrator', async () => {
      const person = await applicant(t);
      const own = (await t.http.get('/me/personal-data').set(person.auth).expect(200)).body as { account: { id: string; email: string }; organisation: { enterpriseNumber: string }; auditTrail: { action: string }[] };
      expect(own.account.id).toBe(person.userId);
      expect(own.organisation.enterpriseNumber).toBe(person.enterpriseNumber);
      expect(own.auditTrail.map((e) => e.action)).toEqual(['user.created']);
      const byAdmin = (await t.http.get(`/users/${person.userId}/personal-data`).set(admin.auth).expect(200)).body as { account: { email: string } };
      expect(byAdmin.account.email).toBe(own.account.email);
      await t.http.get(`/users/${person.userId}/personal-data`).set(pm.auth).expect(403);
      await t.http.get(`/users/00000000-0000-4000-8000-000000000000/personal-data`).set(admin.auth).expect(404);
    });

    it('pseudonymises a deactivated account after 31 December of the fifth year, keeping the chain verifiable', async () => {
      const person = await applicant(t);
      const [{ email }] = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [person.userId])) as { email: string }[];
      await t.http.patch(`/users/${person.userId}`).set(admin.auth).send({ active: false }).expect(200);
      await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(401); // a failed sign-in with the address, kept beside the chain
      const service = t.app.get(PersonalDataService);
      const exported = (await t.http.get(`/users/${person.userId}/personal-data`).set(admin.auth).expect(200)).body as { account: { personalDataRetainedUntil: string; deactivatedAt: string } };
      const deactivatedYear = Number(exported.account.deactivatedAt.slice(0, 4));
      expect(exported.account.personalDataRetainedUntil).toBe(`${deactivatedYear + 5}-12-31`);

      t.clock.set(`${deactivatedYear + 5}-12-31T12:00:00Z`);
      expect(await service.pseudonymiseDue()).toMatchObject({ accounts: 0 });
      t.clock.set(`${deactivatedYear + 6}-01-01T12:00:00Z`);
      const done = await service.pseudonymiseDue();
      expect(done?.accounts).toBeGreaterThanOrEqual(1);
      expect(await service.pseudonymiseDue()).toMatchObject({ accounts: 0, auditEntries: 0 });

      const [after] = (await t.db.query(`SELECT email, full_name, pseudonymised_at FROM users WHERE id = $1`, [person.userId])) as { email: string; full_name: string; pseudonymised_at: Date | null }[];
      expect(after.email).toBe(`pseudoniem-${person.userId}@pseudoniem.invalid`);
      expect(after.full_name).toBe('Gepseudonimiseerd');
      expect(after.pseudonymised_at).not.toBeNull();
      const leftovers = (await t.owner.query(`SELECT seq FROM audit_log WHERE actor_email = $1::text OR strpos(concat(personal::text, before::text, after::text), $1::text) > 0`, [email])) as unknown[];
      expect(leftovers).toEqual([]);
      const report = await verification();
      expect(report).toMatchObject({ intact: true });
      expect(report.pseudonymised).toBeGreaterThanOrEqual(3);
      const trail = (await t.http.get('/audit').query({ entityType: 'user', entityId: person.userId, pageSize: 50 }).set(pm.auth).expect(200)).body as { items: { action: string; actorEmail: string | null; after: Record<string, unknown> | null }[] };
      expect(trail.items[0]).toMatchObject({ action: 'user.created', actorEmail: null });
      expect(trail.items[0].after).not.toHaveProperty('email');
      expect(trail.items.at(-1)?.action).toBe('user.pseudonymised');
    });
  });
});
