import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Role } from '../../src/core/domain/roles';
import { formatEuro } from '../../src/core/format/nl-be';
import { pdfText } from '../../src/reporting/render/testing/pdf-text';
import { awardedGrant, enterpriseNumber, labsCall, labsProposal, login, NETWORK_PARTNER, PASSWORD, staff, verifyRegisteredTypes, type Session } from '../support/fixtures';
import { checkPage, startWebTest, type WebTest } from './support/browser';

interface Summary {
  totals: { directCosts: number; indirectCosts: number; eligibleCosts: number };
  subsidy: number;
  ownContribution: number;
  fundingSources: { code: string; amount: number }[];
}

let sequence = 0;

/** An applicant registered through the API with a known e-mail address, so the browser can sign in as them. */
async function applicantAccount(w: WebTest): Promise<Session & { email: string; enterpriseNumber: string }> {
  const email = `aanvrager-${++sequence}-${process.pid}@lab.test`;
  const number = enterpriseNumber();
  await w.t.http
    .post('/auth/register')
    .send({ email, password: PASSWORD, fullName: `Aanvrager ${sequence}`, organisation: { name: `Hogeschool ${sequence}`, enterpriseNumber: number, type: 'KNOWLEDGE_INSTITUTION', province: 'BE24' } })
    .expect(201);
  return { ...(await login(w.t, email)), email, enterpriseNumber: number };
}

/** Signs in through the sign-in page and lands on `path` (the page sends the user back where they were going). */
async function signInAt(page: Page, email: string, path: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL((url) => url.pathname === path);
}

async function summaryOf(w: WebTest, id: string, auth: { Authorization: string }): Promise<Summary> {
  return (await w.t.http.get(`/applications/${id}/budget-summary`).set(auth).expect(200)).body as Summary;
}

const cofinancing = (page: Page) => page.getByRole('region', { name: 'Cofinanciering' });

/**
 * Presses Tab (or Shift+Tab) until a control whose label, aria-label or text contains `name` has
 * the focus: the keyboard is the only input. Passing the end of the page wraps to its start.
 */
async function tabTo(page: Page, name: string, { back = false, max = 250 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el || !el.matches('a, button, input, select, textarea')) return '';
      return [el.getAttribute('aria-label'), el.labels?.[0]?.textContent, el.textContent].filter(Boolean).join(' | ');
    });
    if (focused.includes(name)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

describe('the applicant’s proposal in the web application', () => {
  let w: WebTest;
  let pm: Session;
  let callId: string;

  beforeAll(async () => {
    w = await startWebTest();
    pm = await staff(w.t, Role.PROGRAMME_MANAGER);
    callId = (await labsCall(w.t, pm)).id;
  });
  afterAll(() => w.close());
  // Tests that move the clock put it back, so the next one starts while the call is open.
  afterEach(() => w.t.clock.set('2020-07-15T08:00:00Z'));

  it('walks from registration through every section to the submitted proposal’s receipt PDF', async () => {
    const page = await w.page();
    const email = `an.peeters-${process.pid}@hogeschool.test`;
    const number = enterpriseNumber();
    await page.goto('/registreren');
    await page.getByLabel('Uw naam').fill('An Peeters');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Kies een wachtwoord').fill(PASSWORD);
    await page.getByLabel('Naam van de organisatie').fill('Hogeschool Brabant');
    await page.getByLabel('Ondernemingsnummer').fill(number);
    await page.getByLabel('Soort organisatie').selectOption({ label: 'Kennisinstelling (hogeschool, universiteit)' });
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.getByRole('heading', { name: 'Mijn taken' }).waitFor();

    // The call page is another engineer's screen: the draft is started through the API, as that page does.
    const session = await login(w.t, email);
    const created = await w.t.http.post(`/calls/${callId}/applications`).set(session.auth).send({ title: 'DigiHub', acronym: 'DH', province: 'BE21' }).expect(201);
    const id = (created.body as { id: string }).id;

    // 1. Project
    await page.goto(`/aanvragen/${id}`);
    await page.getByRole('heading', { name: 'Project', level: 1 }).waitFor();
    await page.getByLabel('Titel van het project').fill('DigiHub Vlaams-Brabant');
    await page.getByLabel('Samenvatting').fill('Een Digital Experience Lab waar kmo’s sensoren en voorraadbeheer testen.');
    await page.getByLabel('Gewenste startdatum').fill('2021-03-01');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(/^Opgeslagen om/).waitFor();
    await checkPage(page, 'proposal-01-project');

    // 2. Province
    await page.getByRole('link', { name: '2. Provincie' }).click();
    await page.getByRole('heading', { name: 'Provincie', level: 1 }).waitFor();
    await page.getByLabel('Provincie die het lab bedient').selectOption({ label: 'Vlaams-Brabant' });
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(/^Opgeslagen om/).waitFor();
    await checkPage(page, 'proposal-02-province');

    // 3. Consortium: the enterprise number is checked (mod 97) as it is typed.
    await page.getByRole('link', { name: '3. Consortium' }).click();
    await page.getByRole('heading', { name: 'Consortium', level: 1 }).waitFor();
    const partnerNumber = page.getByRole('textbox', { name: 'Ondernemingsnummer' });
    await partnerNumber.fill('0403.199.703');
    await partnerNumber.blur();
    await page.getByText('Dit is geen geldig ondernemingsnummer', { exact: false }).waitFor();
    await partnerNumber.fill(NETWORK_PARTNER.enterpriseNumber);
    await page.getByLabel('Geldig ondernemingsnummer').waitFor();
    await page.getByRole('textbox', { name: 'Naam van de organisatie' }).fill(NETWORK_PARTNER.name);
    await page.getByLabel('Soort organisatie').selectOption({ label: 'Organisatie die veel bedrijven bereikt' });
    await page.getByRole('button', { name: 'Partner toevoegen' }).click();
    await page.getByRole('cell', { name: NETWORK_PARTNER.name, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText(/^Opgeslagen om/).waitFor();
    // The types are the organisation register's: both new there, so both wait for verification.
    await page.getByText('Wacht op verificatie', { exact: true }).nth(1).waitFor();
    expect(await page.getByText('Wacht op verificatie', { exact: true }).count()).toBe(2);
    await checkPage(page, 'proposal-03-consortium');
    // Proof of the partner's type for the secretariat, then their verification (their screen has its own spec).
    await page.getByLabel('Partner', { exact: true }).selectOption({ label: `${NETWORK_PARTNER.name} (${NETWORK_PARTNER.enterpriseNumber})` });
    await page.getByLabel('Bewijsstuk', { exact: true }).setInputFiles({ name: 'statuten.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% statuten\n%%EOF\n') });
    await page.getByRole('button', { name: 'Bewijsstuk indienen' }).click();
    await page.getByText(`Het bewijsstuk voor ${NETWORK_PARTNER.name} is ingediend`, { exact: false }).waitFor();
    await page.getByText('Bewijsstuk ontvangen; het programmasecretariaat verifieert het.').waitFor();
    await verifyRegisteredTypes(w.t, [number, NETWORK_PARTNER.enterpriseNumber]);
    await page.reload();
    await page.getByText('Geverifieerd', { exact: true }).nth(1).waitFor();
    expect(await page.getByText('Wacht op verificatie', { exact: true }).count()).toBe(0);

    // 4. Budget: staff with the helper (÷ 1.720 × hours, limit 1.720 × FTE), a real cost for the partner.
    await page.getByRole('link', { name: '4. Begroting' }).click();
    await page.getByRole('heading', { name: 'Begroting', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Regel toevoegen: personeelskosten voor Hogeschool Brabant' }).click();
    await page.getByLabel('Functie of persoon – regel 1 (2021)').fill('Labcoördinator');
    await page.getByLabel('Jaarlijkse brutoloonkost (€) – Labcoördinator (2021)').fill('100.000');
    await page.getByLabel('Tewerkstelling (%) – Labcoördinator (2021)').fill('50');
    await page.getByLabel('Uren – Labcoördinator (2021)').fill('1000');
    await page.getByText('Meer dan 860 uur', { exact: false }).first().waitFor();
    await page.getByLabel('Uren – Labcoördinator (2021)').blur();
    // The service's own finding appears at the same field once saved.
    await page.getByText('Te veel uren: hoogstens 1.720 uur', { exact: false }).waitFor();
    await checkPage(page, 'proposal-04-budget-finding');
    await page.getByLabel('Tewerkstelling (%) – Labcoördinator (2021)').fill('100');
    await page.getByLabel('Uren – Labcoördinator (2021)').fill('1720');
    await page.getByLabel('Uren – Labcoördinator (2021)').blur();
    await page.getByText('Te veel uren', { exact: false }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Regel toevoegen: externe dienstverlening voor Voka Kamer van Koophandel' }).click();
    await page.getByLabel('Omschrijving – regel 2 (2021)').fill('Workshops en evenementen');
    await page.getByLabel('Bedrag (€) – Workshops en evenementen (2021)', { exact: true }).fill('20.000,00');
    await page.getByLabel('Bedrag (€) – Workshops en evenementen (2021)', { exact: true }).blur();
    await cofinancing(page).getByText(formatEuro(13_500_000)).waitFor();
    const summary = await summaryOf(w, id, session.auth);
    expect(summary.totals).toMatchObject({ directCosts: 12_000_000, indirectCosts: 1_500_000, eligibleCosts: 13_500_000 });
    for (const amount of [summary.subsidy, summary.ownContribution, ...summary.fundingSources.map((s) => s.amount)]) {
      await cofinancing(page).getByText(formatEuro(amount), { exact: true }).first().waitFor();
    }
    // Indirect costs are the call's flat rate, shown and never typed.
    await page.getByText('Indirecte kosten (forfait 15 % van de directe personeelskosten), berekend door de dienst').first().waitFor();
    await checkPage(page, 'proposal-05-budget');
    // VAT on the workshops, recoverable: shown apart and left out (CPR art. 64(1)(c)), then taken back.
    await page.getByLabel('Btw inbegrepen – Workshops en evenementen (2021)').check();
    await page.getByLabel('Btw-bedrag (€) – Workshops en evenementen (2021)').fill('3.471,07');
    await page.getByLabel('Btw terugvorderbaar – Workshops en evenementen (2021)').check();
    await page.getByText('waarvan btw € 3.471,07 terugvorderbaar: telt niet mee').waitFor();
    // € 20.000,00 with € 3.471,07 recoverable VAT: direct € 116.528,93, eligible € 131.528,93.
    await cofinancing(page).getByText(formatEuro(13_152_893)).first().waitFor();
    await cofinancing(page).getByRole('row', { name: `Uitgesloten btw (terugvorderbaar of project vanaf € 5.000.000) ${formatEuro(347_107)}` }).waitFor();
    await checkPage(page, 'proposal-05b-budget-vat');
    await page.getByLabel('Btw inbegrepen – Workshops en evenementen (2021)').uncheck();
    await cofinancing(page).getByText(formatEuro(13_500_000)).first().waitFor();

    // 5. Overview, then submit with the preview of what is frozen.
    await page.getByRole('link', { name: '5. Overzicht' }).click();
    await page.getByRole('heading', { name: 'Overzicht', level: 1 }).waitFor();
    await checkPage(page, 'proposal-06-overview');
    await page.getByRole('link', { name: 'Naar indienen' }).click();
    await page.getByRole('heading', { name: 'Voorstel indienen', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Workshops en evenementen' }).waitFor();
    await page.getByRole('button', { name: 'Voorstel definitief indienen' }).click();
    await page.getByText('Bevestig dit om te kunnen indienen.').waitFor();
    await checkPage(page, 'proposal-07-submit');
    await page.getByLabel('Ik bevestig dat dit voorstel volledig en juist is', { exact: false }).check();
    await page.getByRole('button', { name: 'Voorstel definitief indienen' }).click();

    await page.getByRole('heading', { name: 'Ontvangstbewijs', level: 1 }).waitFor();
    const receipt = (await w.t.http.get(`/applications/${id}/receipt`).set(session.auth).expect(200)).body as { sha256: string; reference: string };
    await page.getByText(receipt.sha256).waitFor();
    await page.getByText(receipt.reference).waitFor();
    await page.getByText('15 juli 2020, 10:00 (Brusselse tijd', { exact: false }).waitFor();
    await checkPage(page, 'proposal-08-receipt');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ontvangstbewijs downloaden (pdf)' }).click()]);
    const pdf = await pdfText(readFileSync((await download.path())!));
    expect(pdf.flat).toContain(receipt.sha256);
    expect(pdf.flat).toContain(formatEuro(summary.totals.eligibleCosts));
    expect(pdf.flat).toContain(formatEuro(summary.subsidy));
  });

  it('tells the second editor that the proposal changed elsewhere, keeps what they typed and overwrites nothing', async () => {
    const lead = await applicantAccount(w);
    const { id } = await labsProposal(w.t, lead, callId);
    const first = await w.page();
    const second = await w.page();
    await signInAt(first, lead.email, `/aanvragen/${id}`);
    await signInAt(second, lead.email, `/aanvragen/${id}`);
    await first.getByLabel('Titel van het project').waitFor();
    await second.getByLabel('Titel van het project').waitFor();

    await first.getByLabel('Titel van het project').fill('DigiHub – eerste venster');
    await first.getByRole('button', { name: 'Opslaan' }).click();
    await first.getByText(/^Opgeslagen om/).waitFor();

    await second.getByLabel('Acroniem').fill('TWEEDE');
    await second.getByRole('button', { name: 'Opslaan' }).click();
    await second.getByRole('alert').getByText('Dit voorstel werd intussen elders gewijzigd').waitFor();
    expect(await second.getByLabel('Acroniem').inputValue()).toBe('TWEEDE');
    await checkPage(second, 'proposal-09-stale');
    const stored = (await w.t.http.get(`/applications/${id}`).set(lead.auth).expect(200)).body as { title: string; acronym: string };
    expect(stored).toMatchObject({ title: 'DigiHub – eerste venster', acronym: 'DH' });

    await second.getByRole('button', { name: 'Nieuwste versie laden' }).click();
    await second.getByRole('alert').waitFor({ state: 'detached' });
    expect(await second.getByLabel('Titel van het project').inputValue()).toBe('DigiHub – eerste venster');
    expect(await second.getByLabel('Acroniem').inputValue()).toBe('DH');
  });

  it('submits once on a double click and once on a retry after the answer was lost, then withdraws after confirmation', async () => {
    const lead = await applicantAccount(w);
    const { id } = await labsProposal(w.t, lead, callId);
    const page = await w.page();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/applications/${id}/submit`)) keys.push(request.headers()['idempotency-key'] ?? '');
    });
    // The first answer is lost on the way back: the service has submitted, the browser sees a dropped connection.
    let dropped = false;
    await page.route(`**/applications/${id}/submit`, async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await signInAt(page, lead.email, `/aanvragen/${id}/indienen`);
    await page.getByLabel('Ik bevestig dat dit voorstel volledig en juist is', { exact: false }).check();
    await page.getByRole('button', { name: 'Voorstel definitief indienen' }).dblclick();
    await page.getByText('Geen antwoord van de dienst').waitFor();
    await page.getByRole('button', { name: 'Voorstel definitief indienen' }).dblclick();
    await page.getByRole('heading', { name: 'Ontvangstbewijs', level: 1 }).waitFor();

    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    const [{ n }] = (await w.t.db.query(`SELECT count(*)::int AS n FROM application_submissions WHERE application_id = $1`, [id])) as { n: number }[];
    expect(n).toBe(1);

    await page.getByRole('button', { name: 'Voorstel intrekken' }).click();
    const dialog = page.getByRole('dialog', { name: 'Voorstel intrekken?' });
    await dialog.waitFor();
    await checkPage(page, 'proposal-10-withdraw-confirm');
    await dialog.getByRole('button', { name: 'Ja, voorstel intrekken' }).click();
    await page.getByText('Dit voorstel werd ingetrokken op', { exact: false }).waitFor();
    const stored = (await w.t.http.get(`/applications/${id}`).set(lead.auth).expect(200)).body as { status: string };
    expect(stored.status).toBe('WITHDRAWN');
  });

  it('refuses a write with the session cookie from another origin', async () => {
    const lead = await applicantAccount(w);
    const { id } = await labsProposal(w.t, lead, callId);
    const page = await w.page();
    await signInAt(page, lead.email, `/aanvragen/${id}`);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'efro_session');
    expect(cookie).toBeDefined();
    const attack = await fetch(`${w.baseUrl}/applications/${id}`, {
      method: 'PATCH',
      headers: { cookie: `efro_session=${cookie!.value}`, origin: 'https://kwaadwillig.example', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Gekaapt', version: 1 }),
    });
    expect(attack.status).toBe(403);
    const stored = (await w.t.http.get(`/applications/${id}`).set(lead.auth).expect(200)).body as { title: string };
    expect(stored.title).toBe('DigiHub');
  });

  it('can be edited and submitted with the keyboard alone', async () => {
    const lead = await applicantAccount(w);
    const { id } = await labsProposal(w.t, lead, callId);
    const before = await summaryOf(w, id, lead.auth);
    const page = await w.page();
    await signInAt(page, lead.email, `/aanvragen/${id}`);
    await page.getByRole('heading', { name: 'Project', level: 1 }).waitFor();

    await tabTo(page, '4. Begroting');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Begroting', level: 1 }).waitFor();
    await tabTo(page, 'Uren – Labcoördinator (2021)');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('860');
    await page.keyboard.press('Tab');
    // 860 of 1.720 hours of € 100.000: € 50.000 less staff cost, 15 % less indirect cost.
    await cofinancing(page).getByText(formatEuro(before.totals.eligibleCosts - 5_750_000)).waitFor();

    // Back up from the budget table to the section navigation above it.
    await tabTo(page, '6. Indienen', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Voorstel indienen', level: 1 }).waitFor();
    await tabTo(page, 'Ik bevestig dat dit voorstel');
    await page.keyboard.press('Space');
    await tabTo(page, 'Voorstel definitief indienen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ontvangstbewijs', level: 1 }).waitFor();
    await tabTo(page, 'Ontvangstbewijs downloaden (pdf)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a submission after the closing instant with a clear message', async () => {
    const lead = await applicantAccount(w);
    const { id } = await labsProposal(w.t, lead, callId);
    // The call closes on 30 September 2020 at 17:00 in Brussels; at that instant a submission is late.
    w.t.clock.set('2020-09-30T15:00:00Z');
    const page = await w.page();
    await signInAt(page, lead.email, `/aanvragen/${id}/indienen`);
    await page.getByLabel('Ik bevestig dat dit voorstel volledig en juist is', { exact: false }).check();
    await page.getByRole('button', { name: 'Voorstel definitief indienen' }).click();
    await page.getByText('Te laat: de oproep is gesloten').waitFor();
    await page.getByText('De oproep sloot op 30 september 2020, 17:00 (Brusselse tijd).', { exact: false }).waitFor();
    await checkPage(page, 'proposal-11-late');
    const stored = (await w.t.http.get(`/applications/${id}`).set((await login(w.t, lead.email)).auth).expect(200)).body as { status: string };
    expect(stored.status).toBe('DRAFT');
  });

  it('shows the decision with the consensus comments and downloads the decision letter', async () => {
    const { applicationIds, lead, grant } = await awardedGrant(w.t, pm);
    const [{ email }] = (await w.t.db.query(`SELECT email FROM users WHERE id = $1`, [lead.userId])) as { email: string }[];
    const page = await w.page();
    await signInAt(page, email, `/aanvragen/${applicationIds[0]}/resultaat`);
    await page.getByRole('heading', { name: 'Resultaat', level: 1 }).waitFor();
    await page.getByText('Toegekend', { exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'Consensus over STRATEGIC' }).waitFor();
    await page.getByText(formatEuro(grant.amount), { exact: false }).first().waitFor();
    await checkPage(page, 'proposal-12-result');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Beslissingsbrief downloaden (pdf)' }).click()]);
    const pdf = await pdfText(readFileSync((await download.path())!));
    expect(pdf.flat).toContain(formatEuro(grant.amount));
    expect(pdf.flat).toContain('Consensus over STRATEGIC');
  });
});
