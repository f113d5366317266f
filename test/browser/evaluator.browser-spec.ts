import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { OrganisationType } from '../../src/core/domain/organisation-type';
import { Role } from '../../src/core/domain/roles';
import { applicant, enterpriseNumber, labsCall, labsProposal, PASSWORD, staff } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';

describe('evaluators in the browser: declaration before the proposal, then scores', () => {
  let w: WebTest;
  let assignmentIds: string[];
  let applicantEmail: string;
  const evaluatorEmail = 'beoordelaar@vlaanderen.test';

  beforeAll(async () => {
    w = await startWebTest();
    const { t } = w;
    t.clock.set('2020-08-01T08:00:00Z');
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const call = await labsCall(t, pm);
    const ids: string[] = [];
    for (const province of ['BE24', 'BE21']) {
      const lead = await applicant(t);
      const { id } = await labsProposal(t, lead, call.id, province);
      await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `eval-${id}`).expect(200);
      ids.push(id);
    }
    t.clock.set('2020-10-01T08:00:00Z');
    for (const id of ids) await t.http.post(`/applications/${id}/admissibility`).set(pm.auth).send({ admissible: true, reason: 'Volledig' }).expect(200);
    const evaluator = await t.app
      .get(AuthService)
      .createUser(
        { email: evaluatorEmail, password: PASSWORD, fullName: 'Eva Beoordelaar', roles: [Role.EVALUATOR], organisation: { enterpriseNumber: enterpriseNumber(), name: 'Evaluatiebureau', type: OrganisationType.COMPANY } },
        systemActor('test'),
      );
    await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'auto', evaluatorsPerProposal: 1, evaluatorIds: [evaluator.id] }).expect(201);
    const listed = await t.http.get(`/calls/${call.id}/assignments`).set(pm.auth).expect(200);
    assignmentIds = (listed.body as { id: string }[]).map((a) => a.id);
    expect(assignmentIds).toHaveLength(2);
    const other = await applicant(t);
    const me = await t.http.get('/auth/me').set(other.auth).expect(200);
    applicantEmail = (me.body as { email: string }).email;
  });
  afterAll(() => w.close());

  it('keeps the proposal closed until the declaration, also by URL, then scores and submits once', async () => {
    const page = await w.page();
    await signIn(page, evaluatorEmail);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Beoordelingen' }).click();
    await page.getByRole('heading', { name: 'Mijn beoordelingen' }).waitFor();
    // The heading shows before the assignments have loaded: wait for them, then count.
    await page.getByText('Verklaring af te leggen').first().waitFor();
    expect(await page.getByText('Verklaring af te leggen').count()).toBe(2);
    expect(await page.content()).not.toContain('DigiHub');
    await checkPage(page, 'evaluator-01-assignments');

    // Typed straight into the address bar: still only the declaration, and the service refuses the proposal.
    await page.goto(`/beoordelingen/${assignmentIds[0]}`);
    await page.getByRole('heading', { name: 'Verklaring over belangenconflicten en vertrouwelijkheid' }).waitFor();
    expect(await page.content()).not.toContain('Een Digital Experience Lab');
    const refused = await page.evaluate(async (id) => (await fetch(`/assignments/${id}/proposal`)).status, assignmentIds[0]);
    expect(refused).toBe(403);
    await page.getByRole('button', { name: 'Verklaring bevestigen' }).click();
    await page.getByText('Kies of u een belangenconflict hebt.').first().waitFor();
    await checkPage(page, 'evaluator-02-declaration-errors');

    await page.getByLabel('Nee, ik heb geen belangenconflict met dit voorstel').check();
    await page.getByLabel('Ik behandel het voorstel en mijn beoordeling vertrouwelijk').check();
    await page.getByRole('button', { name: 'Verklaring bevestigen' }).click();
    await page.getByRole('heading', { name: 'DH – DigiHub' }).waitFor();
    await page.getByRole('table', { name: '2 partners' }).waitFor();
    await page.getByRole('cell', { name: 'Voka Kamer van Koophandel' }).waitFor();
    await checkPage(page, 'evaluator-03-proposal');

    await page.getByRole('tab', { name: 'Mijn scores' }).click();
    const criteria = ['Strategische relevantie', 'Operationele kwaliteit', 'Kostenefficiëntie'];
    for (const [i, name] of criteria.entries()) {
      const group = page.getByRole('group', { name: new RegExp(name) });
      await group.getByLabel('Score').selectOption(['4', '3,5', '3'][i]);
      await group.getByLabel('Motivering').fill(`Motivering ${i + 1}`);
    }
    await page.getByRole('button', { name: 'Concept opslaan' }).click();
    await page.getByText('Concept opgeslagen.').waitFor();
    await checkPage(page, 'evaluator-04-scores');
    await page.getByRole('button', { name: 'Beoordeling indienen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beoordeling indienen?' });
    await dialog.getByRole('button', { name: 'Indienen' }).dblclick();
    await page.getByText('Uw beoordeling is ingediend en kan niet meer worden gewijzigd.').waitFor();
    expect(await page.getByRole('button', { name: 'Beoordeling indienen' }).count()).toBe(0);
    await checkPage(page, 'evaluator-05-submitted');

    // The call's rules answered last, after the proposal and the scores, while the proposal tab is
    // open: the scores tab opened afterwards still shows them (it once kept its loader for good).
    let release = () => {};
    const held = new Promise<void>((done) => (release = done));
    await page.route(/\/calls\/[0-9a-f-]{36}$/, async (route) => {
      await held;
      await route.continue();
    });
    const scoresIn = page.waitForResponse((r) => r.url().endsWith(`/assignments/${assignmentIds[0]}/scores`));
    await page.reload();
    await page.getByRole('table', { name: '2 partners' }).waitFor();
    await scoresIn;
    const callIn = page.waitForResponse((r) => /\/calls\/[0-9a-f-]{36}$/.test(r.url()));
    release();
    await callIn;
    await page.getByRole('tab', { name: 'Mijn scores (ingediend)' }).click();
    expect(await page.getByRole('group', { name: /^Strategische relevantie/ }).getByLabel('Motivering').inputValue()).toBe('Motivering 1');
    await page.unrouteAll();

    const sheet = await page.evaluate(async (id) => (await fetch(`/assignments/${id}/scores`)).json(), assignmentIds[0]);
    expect(sheet).toMatchObject({ status: 'SUBMITTED' });
    expect((sheet as { scores: { criterion: string; score: number }[] }).scores.map((s) => [s.criterion, s.score]).sort()).toEqual([
      ['BUDGET', 3],
      ['OPERATIONAL', 3.5],
      ['STRATEGIC', 4],
    ]);
  });

  it('declares a conflict with the keyboard alone, which ends the assignment', async () => {
    const page = await w.page();
    await signIn(page, evaluatorEmail);
    await page.goto(`/beoordelingen/${assignmentIds[1]}`);
    await page.getByRole('heading', { name: 'Verklaring over belangenconflicten en vertrouwelijkheid' }).waitFor();
    // Tab to the first radio, move to "yes" with the arrow key, type the reason, submit with Enter.
    const radios = page.getByRole('radio');
    for (let i = 0; i < 40 && !(await radios.first().evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Ja, ik heb een belangenconflict').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ik werk samen met de hoofdaanvrager.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Belangenconflict melden?' });
    await dialog.waitFor();
    await checkPage(page, 'evaluator-06-conflict-confirm');
    await dialog.getByRole('button', { name: 'Belangenconflict melden' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Belangenconflict gemeld' }).waitFor();
  });

  it('shows an applicant "not allowed" on the evaluators\' pages, without their data', async () => {
    const page = await w.page();
    await signIn(page, applicantEmail);
    await page.goto(`/beoordelingen/${assignmentIds[0]}`);
    await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    expect(await page.content()).not.toContain('DigiHub');
    await checkPage(page, 'evaluator-07-not-allowed');
  });
});
