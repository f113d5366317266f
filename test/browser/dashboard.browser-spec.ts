import type { BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/core/domain/roles';
import { digitalExperienceLabsCall } from '../../src/demo/demo-calls';
import { awardedGrant, labsProposal, PASSWORD, staff, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, tabTo as tabToIn, type WebTest } from './support/browser';

/**
 * The applicant's dashboard and the call page on a demo-like world: a decided 2020 round with
 * an awarded lab, and in May 2021 an open call on which the same applicant has a draft and a
 * submitted proposal. The browser's clock is the service's, so the time left is exact.
 */
const NOW = new Date('2021-05-10T08:00:00Z');
const OPEN_CALL = {
  ...digitalExperienceLabsCall(),
  code: 'DXL-2021',
  title: 'Digital Experience Labs 2021',
  opensAt: '2021-05-01T09:00:00+02:00',
  closesAt: '2021-06-30T17:00:00+02:00',
};
const UUID = /\/aanvragen\/([0-9a-f-]{36})$/;

describe('the dashboard and the call page in the browser', () => {
  let w: WebTest;
  let lead: Session & { enterpriseNumber: string };
  let leadEmail: string;
  let pm: Session;
  let openCallId: string;
  let awardedId: string;
  let draftId: string;
  let submittedId: string;
  let evaluatorEmail: string;

  const emailOf = async (s: Session) => ((await w.t.db.query(`SELECT email FROM users WHERE id = $1`, [s.userId])) as { email: string }[])[0].email;

  beforeAll(async () => {
    w = await startWebTest();
    const t = w.t;
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    const round = await awardedGrant(t, pm);
    lead = round.lead;
    awardedId = round.applicationIds[0];
    leadEmail = await emailOf(lead);
    evaluatorEmail = await emailOf(round.evaluators[0]);

    // Closed calls enough for a second page of the list (the API pages by 20 here).
    t.clock.set('2021-01-01T08:00:00Z');
    for (let i = 0; i < 20; i++) {
      const old = await t.http
        .post('/calls')
        .set(pm.auth)
        .send({ ...digitalExperienceLabsCall(), code: `OLD-${i}`, title: `Oude oproep ${i + 1}`, opensAt: '2020-01-01T09:00:00+01:00', closesAt: '2020-03-01T17:00:00+01:00' })
        .expect(201);
      await t.http.post(`/calls/${old.body.id}/publish`).set(pm.auth).expect(200);
    }
    const created = await t.http.post('/calls').set(pm.auth).send(OPEN_CALL).expect(201);
    openCallId = created.body.id;
    await t.http.post(`/calls/${openCallId}/publish`).set(pm.auth).expect(200);

    t.clock.set('2021-05-09T14:30:00Z');
    const submitted = await labsProposal(t, lead, openCallId);
    submittedId = submitted.id;
    await t.http.patch(`/applications/${submittedId}`).set(lead.auth).send({ version: submitted.version, acronym: 'SUBLAB', title: 'Lab ingediend' }).expect(200);
    await t.http.post(`/applications/${submittedId}/submit`).set(lead.auth).set('Idempotency-Key', `dash-${submittedId}`).expect(200);
    const draft = await t.http.post(`/calls/${openCallId}/applications`).set(lead.auth).send({ acronym: 'DRAFTLAB', title: 'Lab in opmaak', province: 'BE22' }).expect(201);
    draftId = draft.body.id;
    t.clock.set(NOW);
  });
  afterAll(() => w.close());

  /** A fresh profile whose clock stands still at the service's time. */
  async function browserAt(locale?: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await w.context({ locale });
    await context.clock.setFixedTime(NOW);
    return { context, page: await context.newPage() };
  }

  const href = (page: Page, name: string) => page.getByRole('link', { name, exact: true }).getAttribute('href');

  it('shows the applicant open calls, drafts, submissions, results and grants with Brussels times and amounts', async () => {
    const { page } = await browserAt();
    await signIn(page, leadEmail);
    const openCalls = page.getByRole('table', { name: 'Oproepen waarvoor u nu een voorstel kunt indienen' });
    const row = openCalls.getByRole('row', { name: /Digital Experience Labs 2021/ });
    await row.getByText('30/06/2021 17:00 (Brusselse tijd)').waitFor();
    await row.getByText('nog 51 dagen en 7 uur').waitFor();
    expect(await openCalls.getByRole('row').count()).toBe(2); // the header and the one open call
    expect(await href(page, 'Digital Experience Labs 2021')).toBe(`/oproepen/${openCallId}`);

    const drafts = page.getByRole('table', { name: 'Voorstellen in opmaak, nog niet ingediend' });
    await drafts.getByRole('row', { name: /DRAFTLAB/ }).getByText('nog 51 dagen en 7 uur').waitFor();
    expect(await href(page, 'DRAFTLAB – Lab in opmaak')).toBe(`/aanvragen/${draftId}`);

    const submitted = page.getByRole('table', { name: 'Ingediende voorstellen die op een beslissing wachten' }).getByRole('row', { name: /SUBLAB/ });
    await submitted.getByText('09/05/2021 16:30 (Brusselse tijd)').waitFor();
    await submitted.getByText('Ingediend', { exact: true }).waitFor();
    expect(await href(page, 'SUBLAB – Lab ingediend')).toBe(`/aanvragen/${submittedId}`);
    expect(await href(page, 'Ontvangstbewijs SUBLAB')).toBe(`/aanvragen/${submittedId}/ontvangstbewijs`);

    const results = page.getByRole('table', { name: 'Beslissingen over uw voorstellen' });
    await results.getByRole('row', { name: /DigiHub/ }).getByText('Toegekend').waitFor();
    expect(await results.getByRole('link', { name: 'DH – DigiHub' }).getAttribute('href')).toBe(`/aanvragen/${awardedId}/resultaat`);

    const grants = page.getByRole('table', { name: 'Toegekende subsidies en het volgende rapport' }).getByRole('row', { name: /DigiHub/ });
    await grants.getByRole('cell', { name: '€ 999.000,00', exact: true }).waitFor();
    await grants.getByText('01/03/2021 – 28/02/2023').waitFor();
    await grants.getByText('Periode 1: uiterlijk 30/07/2021 (loopt)').waitFor();
    await checkPage(page, 'dashboard-01-applicant');
  });

  it('shows every rule of the call and starts a proposal that opens in the editor', async () => {
    const { page } = await browserAt();
    await signIn(page, leadEmail);
    await page.getByRole('link', { name: 'Digital Experience Labs 2021' }).click();
    await page.getByRole('heading', { name: 'Digital Experience Labs 2021', level: 1 }).waitFor();
    const r = OPEN_CALL.rules;
    const texts = [
      '01/05/2021 09:00 (Brusselse tijd)',
      '30/06/2021 17:00 (Brusselse tijd)',
      'nog 51 dagen en 7 uur',
      '€ 5.000.000,00 voor alle projecten samen',
      'Hoogstens € 999.000,00 subsidie per project',
      'Hoogstens 66,6 % van de subsidiabele kosten (afgerond naar beneden)',
      '€ 1.500.000,00 kost → € 999.000,00 subsidie',
      'waarvan € 600.000,00 EFRO en € 399.000,00 VLAANDEREN',
      'Geen minimum: wat de subsidie niet dekt, draagt het consortium zelf.',
      '24 maanden',
      'Een voortgangsrapport en een kostenstaat per periode van 4 maanden, in te dienen binnen 30 dagen na het einde van de periode; daarna een eindrapport.',
      'Hoogstens 1 project per provincie krijgt subsidie. Een reserve komt alleen in de eigen provincie aan de beurt.',
      'Minstens 2 en hoogstens 12 partners, de hoofdaanvrager inbegrepen.',
      'Minstens één partner van het type: Onderzoeksorganisatie of Kennisinstelling (hogeschool, universiteit)',
      'Minstens één partner van het type: Organisatie die veel bedrijven bereikt',
      'Forfait van 15 % van de directe personeelskosten; u vult ze niet zelf in.',
      'Een voorstel moet in totaal (gewogen) minstens 9 halen.',
      '20 % van de subsidie wordt ingehouden tot het eindrapport is goedgekeurd.',
    ];
    for (const text of texts) await page.getByText(text, { exact: true }).first().waitFor();
    const sources = page.getByRole('table', { name: /Financieringsbronnen/ });
    await sources.getByRole('row', { name: /Europees Fonds voor Regionale Ontwikkeling EFRO hoogstens 40 %/ }).waitFor();
    await sources.getByRole('row', { name: /Vlaamse cofinanciering \(VLAIO\) VLAANDEREN de rest van de subsidie/ }).waitFor();
    const categories = page.getByRole('table', { name: 'Kostencategorieën' });
    for (const c of r.costCategories) await categories.getByRole('row', { name: new RegExp(`^${c.label} ${c.code}`) }).waitFor();
    await categories.getByRole('row', { name: /Personeelskosten/ }).getByText('Uren × bruto jaarlijkse loonkost ÷ 1.720 uur').waitFor();
    const criteria = page.getByRole('table', { name: /Beoordelingscriteria/ });
    for (const c of r.evaluation.criteria) {
      const threshold = c.threshold > 0 ? `minstens ${String(c.threshold).replace('.', ',')}` : 'geen';
      await criteria.getByRole('row', { name: `${c.title} × ${c.weight} 0 tot 5, per 0,5 ${threshold}` }).waitFor();
    }
    await checkPage(page, 'dashboard-02-call');

    // An empty start is refused at its fields, and nothing typed is lost.
    await page.getByLabel('Titel van het project').fill('Lab zonder acroniem');
    await page.getByLabel('Provincie').selectOption('');
    await page.getByRole('button', { name: 'Voorstel starten' }).click();
    await page.getByRole('alert').getByRole('link', { name: 'Vul dit veld in.' }).waitFor();
    await page.getByRole('alert').getByRole('link', { name: 'Kies een van de mogelijkheden.' }).waitFor();
    expect(await page.getByLabel('Titel van het project').inputValue()).toBe('Lab zonder acroniem');
    await checkPage(page, 'dashboard-03-start-errors');

    await page.getByLabel('Acroniem').fill('NIEUWLAB');
    await page.getByLabel('Provincie').selectOption({ label: 'Limburg' });
    await page.getByRole('button', { name: 'Voorstel starten' }).click();
    await page.waitForURL(UUID);
    const id = UUID.exec(new URL(page.url()).pathname)?.[1];
    const created = await w.t.http.get(`/applications/${id}`).set(lead.auth).expect(200);
    expect(created.body).toMatchObject({ acronym: 'NIEUWLAB', title: 'Lab zonder acroniem', province: 'BE22', status: 'DRAFT', callId: openCallId });
  });

  it('lists the calls a page at a time', async () => {
    const { page } = await browserAt();
    await page.goto('/oproepen');
    const table = page.getByRole('table', { name: '22 oproepen' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(21);
    await page.getByText('Pagina 1 van 2').waitFor();
    await checkPage(page, 'dashboard-04-calls');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByText('Pagina 2 van 2').waitFor();
    await page.waitForURL(/pagina=2/);
    expect(await table.getByRole('row').count()).toBe(3);
    // Without a session the call page shows the rules and the way to sign in, not the form.
    await page.goto(`/oproepen/${openCallId}`);
    await page.getByRole('link', { name: 'Meld u aan om een voorstel te starten' }).waitFor();
    expect(await page.getByRole('button', { name: 'Voorstel starten' }).count()).toBe(0);
    await checkPage(page, 'dashboard-05-call-anonymous');
  });

  it('goes from sign-in to a started proposal with the keyboard alone', async () => {
    const { page } = await browserAt();
    await page.goto('/aanmelden');
    const tabTo = (name: string) => tabToIn(page, name);
    await tabTo('E-mailadres');
    await page.keyboard.type(leadEmail);
    await tabTo('Wachtwoord');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mijn taken', level: 1 }).waitFor();
    await tabTo('Digital Experience Labs 2021');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Digital Experience Labs 2021', level: 1 }).waitFor();
    await tabTo('Acroniem');
    await page.keyboard.type('TOETSLAB');
    await tabTo('Titel van het project');
    await page.keyboard.type('Lab met het toetsenbord');
    await tabTo('Voorstel starten');
    await page.keyboard.press('Enter');
    await page.waitForURL(UUID);
    const id = UUID.exec(new URL(page.url()).pathname)?.[1];
    const created = await w.t.http.get(`/applications/${id}`).set(lead.auth).expect(200);
    // The province came preselected from the organisation (Vlaams-Brabant).
    expect(created.body).toMatchObject({ acronym: 'TOETSLAB', title: 'Lab met het toetsenbord', province: 'BE24' });
  });

  it('shows the dashboard and the call page in English', async () => {
    const { page } = await browserAt();
    await signIn(page, leadEmail);
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor();
    const openCalls = page.getByRole('table', { name: 'Calls you can submit a proposal to now' });
    await openCalls.getByText('30/06/2021 17:00 (Brussels time)').waitFor();
    await openCalls.getByText('51 days and 7 hours left').waitFor();
    await page.getByRole('table', { name: 'Decisions on your proposals' }).getByText('Awarded').waitFor();
    await page.getByText('Period 1: by 30/07/2021 (running)').waitFor();
    await checkPage(page, 'dashboard-06-applicant-en');
    await page.getByRole('link', { name: 'Digital Experience Labs 2021' }).click();
    await page.getByRole('heading', { name: 'Start a proposal' }).waitFor();
    await page.getByText('€ 1.500.000,00 cost → € 999.000,00 subsidy', { exact: true }).waitFor();
    await page.getByText('At most 1 project per province is funded. A reserve moves up only in its own province.', { exact: true }).waitFor();
    await checkPage(page, 'dashboard-07-call-en');
  });

  it('gives staff a short dashboard that asks the API only what their role may read', async () => {
    const finance = await staff(w.t, Role.FINANCE_OFFICER);
    for (const [email, heading, name] of [
      [await emailOf(pm), 'Programmabeheer', 'manager'],
      [evaluatorEmail, 'Mijn beoordelingen', 'evaluator'],
      [await emailOf(finance), 'Subsidies', 'finance'],
    ] as const) {
      const { page } = await browserAt();
      const refused: string[] = [];
      page.on('response', (response) => {
        if (response.status() === 403) refused.push(response.url());
      });
      await signIn(page, email);
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(refused).toEqual([]);
      if (name === 'manager') await page.getByText('1 ingediend voorstel wacht op de ontvankelijkheidscontrole').waitFor();
      if (name === 'evaluator') await page.getByText('1 beoordeling ingediend').waitFor();
      if (name === 'finance') await page.getByRole('row', { name: /DH € 999\.000,00 € 0,00 € 999\.000,00/ }).waitFor();
      // Staff have no applicant lists.
      expect(await page.getByRole('heading', { name: 'Mijn ontwerpen' }).count()).toBe(0);
      await checkPage(page, `dashboard-08-${name}`);
    }
  });
});
