import type { Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { Role } from '../../src/core/domain/roles';
import { awardedGrant, login, NETWORK_PARTNER, PASSWORD, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';

/**
 * A submitted progress report reopened for its text (issue 15): the programme manager presses
 * "Heropenen voor tekst" with a reason, the beneficiary sees that only the text is open, edits
 * and resubmits; the cost statement of the period is not touched.
 */
describe('a progress report reopened for its text in the browser', () => {
  let w: WebTest;
  let grantId: string;
  let reportId: string;
  let statementId: string;
  let lead: Session;
  let leadEmail: string;
  const pmEmail = 'pm-heropenen@vlaanderen.test';

  beforeAll(async () => {
    w = await startWebTest();
    const { t } = w;
    await t.app.get(AuthService).createUser({ email: pmEmail, password: PASSWORD, fullName: 'Pia Programma', roles: [Role.PROGRAMME_MANAGER] }, systemActor('test'));
    const pm = await login(t, pmEmail);
    const awarded = await awardedGrant(t, pm);
    grantId = awarded.grant.id;
    lead = awarded.lead;
    [{ email: leadEmail }] = (await t.db.query(`SELECT email FROM users WHERE id = $1`, [lead.userId])) as { email: string }[];
    t.clock.set('2021-07-05T08:00:00Z');
    const report = await t.http
      .put(`/grants/${grantId}/periods/1/progress-report`)
      .set(lead.auth)
      .send({ narrative: 'Twaalf kmo’s testten sensoren in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } })
      .expect(200);
    reportId = report.body.id;
    await t.http.post(`/progress-reports/${reportId}/submit`).set(lead.auth).expect(200);
    const lines = [{ partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 }];
    const statement = await t.http.put(`/grants/${grantId}/periods/1/cost-statement`).set(lead.auth).send({ lines }).expect(200);
    statementId = statement.body.id;
    await t.http.post(`/cost-statements/${statementId}/submit`).set(lead.auth).expect(200);
  });
  afterAll(() => w.close());

  const reportUrl = () => `/subsidies/${grantId}/periodes/1/voortgangsrapport`;

  it('lets the programme manager reopen the submitted report for its text, with a reason', async () => {
    const page: Page = await w.page();
    await signIn(page, pmEmail);
    await page.goto(reportUrl());
    await page.getByRole('button', { name: 'Heropenen voor tekst' }).click();
    const dialog = page.getByRole('dialog', { name: 'Voortgangsrapport heropenen voor tekst' });
    await dialog.getByText('De cijfers van de kostenstaat blijven ongewijzigd.', { exact: false }).waitFor();
    await checkPage(page, 'reopen-01-dialog');
    await dialog.getByLabel('Wat moet worden aangepast?').fill('Het aantal bediende kmo’s is dubbel geteld.');
    await dialog.getByRole('button', { name: 'Heropenen' }).click();
    await page.getByText('Alleen de tekst en de indicatoren van dit rapport kunnen worden aangepast', { exact: false }).waitFor();
    await checkPage(page, 'reopen-02-reopened-pm');
  });

  it('shows the beneficiary the report is reopened for its text only, takes the change and the resubmission', async () => {
    const { t } = w;
    const before = await t.http.get(`/cost-statements/${statementId}`).set(lead.auth).expect(200);
    const page: Page = await w.page();
    await signIn(page, leadEmail);
    await page.goto(reportUrl());
    const alert = page.getByText('Alleen de tekst en de indicatoren van dit rapport kunnen worden aangepast', { exact: false });
    await alert.waitFor();
    await page.getByText('Reden: Het aantal bediende kmo’s is dubbel geteld.').waitFor();
    await checkPage(page, 'reopen-03-beneficiary');
    await page.getByLabel('Verloop van de periode').fill('Tien kmo’s testten sensoren in het lab (eerder dubbel geteld).');
    await page.getByRole('button', { name: 'Voortgangsrapport indienen' }).click();
    await page.getByRole('dialog', { name: 'Voortgangsrapport indienen?' }).getByRole('button', { name: 'Ja, indienen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ingediend' }).waitFor();
    await checkPage(page, 'reopen-04-resubmitted');
    const report = await t.http.get(`/progress-reports/${reportId}`).set(lead.auth).expect(200);
    expect(report.body).toMatchObject({ status: 'SUBMITTED', narrative: 'Tien kmo’s testten sensoren in het lab (eerder dubbel geteld).' });
    expect((await t.http.get(`/cost-statements/${statementId}`).set(lead.auth).expect(200)).body).toEqual(before.body);
  });
});
