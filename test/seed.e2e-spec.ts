import { DemoModule } from '../src/demo/demo.module';
import { DEMO_PASSWORD, DemoSeeder } from '../src/demo/demo.seeder';
import { login } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('demo data (npm run seed)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ imports: [DemoModule] });
  });
  afterAll(() => t.close());

  it('loads the labs and EDIH calls, one account per role, and an evaluated round decided within € 5.000.000', async () => {
    t.clock.set('2026-12-01T10:00:00Z');
    await t.app.get(DemoSeeder).run();
    const calls = await t.db.query(`SELECT code, status FROM calls ORDER BY code`);
    expect(calls).toEqual([
      { code: 'DXL-2020', status: 'DECIDED' },
      { code: 'DXL-DEMO-20261201', status: 'PUBLISHED' },
      { code: 'EDIH-2020-PRE', status: 'DECIDED' },
    ]);
    // The demo applicant finds a call open on the day the seed ran, whatever that day is.
    t.clock.set('2026-12-01T10:00:00Z');
    const open = await t.http.get('/calls').query({ status: 'OPEN' }).expect(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({ code: 'DXL-DEMO-20261201', opensAt: '2026-11-24T10:00:00.000Z', closesAt: '2027-01-30T10:00:00.000Z' }),
    ]);
    const grants = await t.db.query(
      `SELECT a.province, g.amount_cents::bigint AS amount FROM grants g JOIN applications a ON a.id = g.application_id WHERE g.status = 'ACTIVE' ORDER BY a.province`,
    );
    expect(grants.map((g: { province: string }) => g.province)).toEqual(['BE21', 'BE22', 'BE23', 'BE24', 'BE25']);
    const total = grants.reduce((s: number, g: { amount: string }) => s + Number(g.amount), 0);
    expect(total).toBe(5 * 99_900_000);
    expect(total).toBeLessThanOrEqual(500_000_000);
    const statuses = await t.db.query(
      `SELECT a.status, count(*)::int AS n FROM applications a JOIN calls c ON c.id = a.call_id WHERE c.code = 'DXL-2020' GROUP BY a.status ORDER BY a.status`,
    );
    expect(statuses).toEqual(expect.arrayContaining([{ status: 'AWARDED', n: 5 }]));
    // Ten labs and three hub candidates, each scored by the three demo evaluators.
    const [{ n: evaluations }] = await t.db.query(`SELECT count(*)::int AS n FROM evaluation_assignments WHERE status = 'SUBMITTED'`);
    expect(evaluations).toBe(39);

    // The EDIH preselection: two hubs put forward at € 1.000.000 a year for three years, Flanders matching as much, no grant.
    const edih = await t.db.query(
      `SELECT c.outcome, c.rules -> 'yearlyContribution' AS band, c.rules -> 'matchingCofinancing' ->> 'code' AS matching, c.cap_per_project_cents::bigint AS cap
       FROM calls c WHERE c.code = 'EDIH-2020-PRE'`,
    );
    expect(edih).toEqual([{ outcome: 'PRESELECTION', band: { min: 50_000_000, max: 100_000_000 }, matching: 'VLAANDEREN', cap: '300000000' }]);
    const preselected = await t.db.query(
      `SELECT p.rank, a.acronym, p.contribution_cents::bigint AS contribution, p.matching_cents::bigint AS matching
       FROM preselections p JOIN applications a ON a.id = p.application_id ORDER BY p.rank`,
    );
    expect(preselected).toEqual([
      { rank: 1, acronym: 'EDIH-AI', contribution: '300000000', matching: '300000000' },
      { rank: 2, acronym: 'EDIH-IND', contribution: '300000000', matching: '300000000' },
    ]);
    const [{ n: edihGrants }] = await t.db.query(`SELECT count(*)::int AS n FROM grants g JOIN calls c ON c.id = g.call_id WHERE c.code = 'EDIH-2020-PRE'`);
    expect(edihGrants).toBe(0);
    const paid = await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE status = 'PAID' AND kind = 'INTERIM'`);
    expect(paid[0].n).toBe(5);
    const approved = await t.db.query(`SELECT count(*)::int AS n FROM cost_statements WHERE status = 'APPROVED'`);
    expect(approved[0].n).toBe(5);
    for (const email of ['admin@demo.test', 'programmabeheerder@demo.test', 'financien@demo.test', 'auditor@demo.test', 'evaluator1@demo.test', 'aanvrager@demo.test']) {
      await login(t, email, DEMO_PASSWORD);
    }
    // The whole 2020 round through the services: about 20 s alone, several times that on a busy machine.
  }, 300_000);

  it('is idempotent', async () => {
    t.clock.set('2026-12-15T10:00:00Z');
    const before = await t.db.query(`SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM applications) AS apps, (SELECT count(*) FROM grants) AS grants, (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM cost_statement_lines) AS lines, (SELECT count(*) FROM preselections) AS preselections`);
    await t.app.get(DemoSeeder).run();
    const after = await t.db.query(`SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM applications) AS apps, (SELECT count(*) FROM grants) AS grants, (SELECT count(*) FROM payments) AS payments, (SELECT count(*) FROM cost_statement_lines) AS lines, (SELECT count(*) FROM preselections) AS preselections`);
    expect(after).toEqual(before);
  });
});
