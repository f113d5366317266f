import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../src/core/clock/clock';
import { Actor } from '../src/core/domain/actor';
import { Role } from '../src/core/domain/roles';
import { CostStatementsService } from '../src/grants/cost-statements/cost-statements.service';
import { seedGrantReportingDemo } from '../src/grants/grants.demo';
import { GrantsDailyJob } from '../src/grants/grants-daily.job';
import { GrantsService } from '../src/grants/grants.service';
import { BankAccountsService } from '../src/grants/bank-accounts/bank-accounts.service';
import { PaymentsService } from '../src/grants/payments/payments.service';
import { ProgressReportsService } from '../src/grants/progress-reports/progress-reports.service';
import { awardedGrant, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const report = { narrative: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } };

describe('grants daily job and demo data', () => {
  let t: TestApp;
  let pm: Session;
  let finance: Session;
  let job: GrantsDailyJob;
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'efro-uploads-'));
    // Reminders 10 days ahead, to show the setting is read.
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir, REMINDER_DAYS_BEFORE_DUE: '10' } });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    finance = await staff(t, Role.FINANCE_OFFICER);
    job = t.app.get(GrantsDailyJob);
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const kinds = async (session: Session) =>
    ((await t.http.get('/me/notifications?pageSize=200').set(session.auth).expect(200)).body.items as { kind: string; title: string }[]).map((n) => n.kind).sort();
  const count = async () => Number((await t.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n);

  it('reminds before the due date, marks late reports overdue and reminds finance before the payment deadline, once', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    // The calendar a grant gets at the decision; the job writes none again.
    t.clock.set('2021-07-10T05:00:00Z');
    expect(await job.run()).toEqual({ ran: true, calendarsWritten: 0, markedOverdue: 0, reportReminders: 0, paymentReminders: 0 });

    // Period 1 is due 2021-07-30: reminded from 10 days before.
    t.clock.set('2021-07-20T05:00:00Z');
    expect(await job.run()).toMatchObject({ ran: true, reportReminders: 1, markedOverdue: 0 });
    const afterOnce = await count();
    expect(await job.run()).toMatchObject({ ran: true, reportReminders: 0, markedOverdue: 0 });
    // Two instances at once: one runs, or both do and the second finds nothing left to do.
    const both = await Promise.all([job.run(), job.run()]);
    expect(both.reduce((s, r) => s + r.reportReminders + r.markedOverdue + r.paymentReminders, 0)).toBe(0);
    expect(await count()).toBe(afterOnce);
    expect(await kinds(lead)).toContain('REPORT_DUE_SOON');

    // The day after the due date the period is late.
    t.clock.set('2021-07-31T05:00:00Z');
    const [late, again] = await Promise.all([job.run(), job.run()]);
    expect(late.markedOverdue + again.markedOverdue).toBe(1);
    const periods = (await t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200)).body;
    expect(periods[0]).toMatchObject({ number: 1, status: 'OVERDUE', overdueSince: '2021-07-31T05:00:00.000Z' });
    expect(periods[1].status).toBe('OPEN');
    expect(await kinds(lead)).toEqual(['GRANT_AWARDED', 'REPORT_DUE_SOON', 'REPORT_OVERDUE']);
    expect(await kinds(pm)).toContain('REPORT_OVERDUE');
    t.clock.set('2021-08-01T05:00:00Z');
    expect(await job.run()).toMatchObject({ markedOverdue: 0, reportReminders: 0 });
    const [{ marked }] = await t.db.query(`SELECT overdue_marked_at AS marked FROM reporting_periods WHERE grant_id = $1 AND number = 1`, [grant.id]);
    expect(new Date(marked).toISOString()).toBe('2021-07-31T05:00:00.000Z');
    const audits = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reporting_period.overdue' AND entity_id = $1`, [grant.id]);
    expect(audits[0].n).toBe(1);

    // Filed late: the claim is complete on 2 August, so payment is due by 21 October.
    t.clock.set('2021-08-02T08:00:00Z');
    const put = await t.http.put(`/grants/${grant.id}/periods/1/progress-report`).set(lead.auth).send(report).expect(200);
    await t.http.post(`/progress-reports/${put.body.id}/submit`).set(lead.auth).expect(200);
    const line = { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Werking', reference: 'F-1', paymentDate: '2021-05-10', amount: 1_000_000 };
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines: [line] }).expect(200);
    const submitted = await t.http.post(`/cost-statements/${draft.body.id}/submit`).set(lead.auth).expect(200);
    expect(submitted.body.paymentDeadline).toMatchObject({ completeClaimDate: '2021-08-02', dueDate: '2021-10-21' });
    // A period handed in late stays marked, but its status follows the statement now.
    expect((await t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200)).body[0].status).toBe('SUBMITTED');

    t.clock.set('2021-10-10T05:00:00Z'); // 11 days ahead: not yet
    expect(await job.run()).toMatchObject({ paymentReminders: 0 });
    t.clock.set('2021-10-11T05:00:00Z');
    expect(await job.run()).toMatchObject({ paymentReminders: 1 });
    expect(await job.run()).toMatchObject({ paymentReminders: 0 });
    expect(await kinds(finance)).toContain('PAYMENT_DEADLINE_NEAR');

    // Approved and planned: the planned payment gets its own reminder, once.
    await t.http.put(`/cost-statements/${draft.body.id}/lines/${draft.body.lines[0].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    await t.http.post(`/cost-statements/${draft.body.id}/approve`).set(finance.auth).expect(200);
    const payment = (await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200)).body.items[0];
    expect(payment).toMatchObject({ dueDate: '2021-10-21', deadline: { daysLeft: 10, overdue: false } });
    expect(await job.run()).toMatchObject({ paymentReminders: 1 });
    expect(await job.run()).toMatchObject({ paymentReminders: 0 });
    t.clock.set('2021-10-22T05:00:00Z');
    const overdue = (await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200)).body.items[0];
    expect(overdue.deadline).toEqual({ daysLeft: -1, overdue: true, paidLate: false });
    expect((await kinds(finance)).filter((k) => k.startsWith('PAYMENT_'))).toEqual(['PAYMENT_DEADLINE_NEAR', 'PAYMENT_DUE']);
  });

  it('writes the calendar of a grant that has none', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    // A grant decided before calendars were written at the decision. The database keeps the
    // rows of a grant, so this one statement skips the trigger to take them away.
    await t.owner.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`DELETE FROM reporting_periods WHERE grant_id = $1`, [grant.id]);
    });
    t.clock.set('2021-04-01T05:00:00Z');
    expect(await job.run()).toMatchObject({ calendarsWritten: 7 });
    expect(await job.run()).toMatchObject({ calendarsWritten: 0 });
    expect((await t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200)).body).toHaveLength(7);
  });

  it('seeds period 1 of a grant through the services, once', async () => {
    const { grant, lead } = await awardedGrant(t, pm);
    const actor = (s: Session, role: Role): Actor => ({ userId: s.userId, email: 'seed', roles: [role], organisationId: s.organisationId, correlationId: 'seed' });
    const services = {
      grants: t.app.get(GrantsService),
      progressReports: t.app.get(ProgressReportsService),
      costStatements: t.app.get(CostStatementsService),
      payments: t.app.get(PaymentsService),
      bankAccounts: t.app.get(BankAccountsService),
      clock: t.app.get(Clock),
    };
    const input = { grantId: grant.id, lead: actor(lead, Role.APPLICANT), finance: actor(finance, Role.FINANCE_OFFICER) };
    const first = await seedGrantReportingDemo(services, input);
    expect(first).toMatchObject({ grantId: grant.id, skipped: false });
    const statement = (await t.http.get(`/cost-statements/${first.costStatementId}`).set(lead.auth).expect(200)).body;
    expect(statement.status).toBe('APPROVED');
    expect(statement.lines.map((l: { review: { decision: string } }) => l.review.decision)).toEqual(['ACCEPTED', 'REDUCED', 'ACCEPTED', 'ACCEPTED']);
    const payments = (await t.http.get(`/grants/${grant.id}/payments`).set(lead.auth).expect(200)).body;
    expect(payments.items).toEqual([expect.objectContaining({ id: first.paymentId, kind: 'INTERIM', status: 'PAID', amount: statement.subsidy.net })]);
    expect(payments.ledger).toMatchObject({ paid: statement.subsidy.net, addsUp: true });
    const second = await seedGrantReportingDemo(services, input);
    expect(second).toEqual({ ...first, skipped: true });
    expect((await t.http.get(`/grants/${grant.id}/payments`).set(lead.auth).expect(200)).body.items).toHaveLength(1);
  });
});
