import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/core/domain/roles';
import { formatEuro } from '../../src/core/format/nl-be';
import { applicant, awardedGrant, staff, type Session } from '../support/fixtures';
import { answerAndResubmit, declareTwoLines, fileProgressReport, PDF, pickFiles, submitStatement, writeSupportingFiles } from './support/beneficiary';
import { checkPage, signIn, startWebTest, tabTo, type WebTest } from './support/browser';

/**
 * The awarded applicant reports on period 1 in the browser: the grant page and its calendar, the
 * progress report, the cost statement with documents picked from disk (one of the wrong type,
 * one too big, one whose content is not what its name says: each refused at that file), a
 * question from finance answered at its line, and the review's outcome per line. Finance acts
 * through the API, as its own screens are another page. A beneficiary of another lab who types
 * the grant's URL sees "not found" and none of its data.
 */
const UPLOAD_MAX_BYTES = 64 * 1024;
const NOW = new Date('2021-07-05T08:00:00Z');

describe('the beneficiary reports in the browser', () => {
  let w: WebTest;
  let uploadDir: string;
  let files: string;
  let grant: { id: string; grantNumber: string; amount: number };
  let lead: Session;
  let finance: Session;
  let leadEmail: string;
  let otherEmail: string;
  let statementId: string;

  const emailOf = async (s: Session) => ((await w.t.db.query(`SELECT email FROM users WHERE id = $1`, [s.userId])) as { email: string }[])[0].email;
  const file = (name: string) => join(files, name);

  beforeAll(async () => {
    uploadDir = mkdtempSync(join(tmpdir(), 'efro-beneficiary-uploads-'));
    files = mkdtempSync(join(tmpdir(), 'efro-beneficiary-files-'));
    writeSupportingFiles(files);
    writeFileSync(file('groot.pdf'), Buffer.concat([PDF, Buffer.alloc(UPLOAD_MAX_BYTES)]));
    writeFileSync(file('vermomd.pdf'), 'Dit is tekst, geen PDF, al zegt de naam van wel.');
    w = await startWebTest({ env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) } });
    const pm = await staff(w.t, Role.PROGRAMME_MANAGER);
    finance = await staff(w.t, Role.FINANCE_OFFICER);
    const round = await awardedGrant(w.t, pm);
    grant = round.grant;
    lead = round.lead;
    leadEmail = await emailOf(lead);
    otherEmail = await emailOf(await applicant(w.t));
    w.t.clock.set(NOW);
  });
  afterAll(async () => {
    await w.close();
    rmSync(uploadDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  /** A fresh profile whose clock stands still at the service's time. */
  async function browser(at = NOW): Promise<{ context: BrowserContext; page: Page }> {
    const context = await w.context();
    await context.clock.setFixedTime(at);
    return { context, page: await context.newPage() };
  }

  const pick = (page: Page, button: string, names: string[]) => pickFiles(page, button, names.map(file));

  const statementLines = async () => {
    const res = await w.t.http.get(`/cost-statements/${statementId}`).set(finance.auth).expect(200);
    return res.body as { lines: { id: string; amount: number }[]; documents: { fileName: string; costLineId: string | null }[]; status: string; subsidy: { net: number } | null };
  };

  it('shows the grant with its calendar and ledger, and takes the progress report with a document', async () => {
    const { page } = await browser();
    await signIn(page, leadEmail);
    await page.getByRole('table', { name: 'Toegekende subsidies en het volgende rapport' }).getByRole('link', { name: 'DH – DigiHub' }).click();
    await page.getByRole('heading', { name: 'DH – DigiHub', level: 1 }).waitFor();
    const calendar = page.getByRole('table', { name: 'Elke periode met haar data, de uiterste datum, de stand en wat nog ontbreekt' });
    const first = calendar.getByRole('row', { name: /^Periode 1/ });
    await first.getByText('01/03/2021 – 30/06/2021').waitFor();
    await first.getByText('30/07/2021').waitFor();
    await first.getByText('In te dienen').waitFor();
    await first.getByText('Voortgangsrapport: nog niet begonnen').waitFor();
    await first.getByText('Kostenstaat: nog niet begonnen').waitFor();
    expect(await calendar.getByRole('row').count()).toBe(8); // the header, six periods and the final report
    const ledger = page.getByRole('table', { name: 'De bedragen van de grafiek' });
    await ledger.getByRole('row', { name: /^Toegekend/ }).getByText('€ 999.000,00').waitFor();
    await ledger.getByRole('row', { name: /^Ingehouden/ }).getByText('€ 199.800,00').waitFor();
    await ledger.getByRole('row', { name: /^Nog te betalen/ }).getByText('€ 999.000,00').waitFor();
    await page.getByRole('img', { name: 'Toegekend, betaald, gepland, ingehouden en nog te betalen' }).waitFor();
    expect(await page.getByRole('link', { name: 'Betalingsoverzicht (PDF)' }).getAttribute('href')).toBe(`/grants/${grant.id}/payment-statement.pdf`);
    await checkPage(page, 'beneficiary-01-grant');

    // The progress report: saved as a draft, a document added, then submitted.
    await first.getByRole('link', { name: 'Voortgangsrapport Periode 1', exact: true }).click();
    await fileProgressReport(page, files, 'beneficiary-02-report');
  });

  it('fills the cost statement with documents, refusing wrong files one by one, and submits it with a confirmation', async () => {
    // A staff line with the 1.720-hour helper and a real cost, per partner and category.
    const { page } = await browser();
    await signIn(page, leadEmail);
    await page.goto(`/subsidies/${grant.id}`);
    await page.getByRole('link', { name: 'Kostenstaat Periode 1', exact: true }).click();
    await declareTwoLines(page);
    // The flat rate is shown, never typed: 15 % of the lead's staff costs, ⌊261.627,9⌋ cents.
    const indirect = page.getByRole('table', { name: /Indirecte kosten per partner/ });
    await indirect.getByRole('row', { name: /^Hogeschool/ }).getByText('€ 2.616,27').waitFor();
    expect(await page.getByRole('textbox', { name: /Indirecte kosten/ }).count()).toBe(0);
    statementId = ((await w.t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200)).body as { costStatement: { id: string } | null }[])[0].costStatement!.id;

    await pick(page, 'Bestanden kiezen: Bewijsstukken van lijn 1', ['loonbrief.pdf']);
    await page.getByRole('list', { name: 'Bewijsstukken van lijn 1' }).getByRole('link', { name: 'loonbrief.pdf' }).waitFor();
    await pick(page, 'Bestanden kiezen: Bewijsstukken van lijn 2', ['factuur.png', 'notities.txt', 'groot.pdf', 'vermomd.pdf']);
    const attempts = page.getByRole('list', { name: 'Opladen: Bewijsstukken van lijn 2' });
    await attempts.getByText('notities.txt is geweigerd: alleen PDF-, PNG- of JPEG-bestanden zijn toegelaten.').waitFor();
    await attempts.getByText('groot.pdf is geweigerd: het bestand is groter dan 64 kB.').waitFor();
    // Declared a PDF, so the page sends it; the service reads its first bytes and refuses it (problem+json at that file).
    await attempts.getByText('vermomd.pdf is geweigerd: de inhoud is geen PDF, PNG of JPEG zoals de naam zegt. Er is niets bewaard.').waitFor();
    await page.getByRole('list', { name: 'Bewijsstukken van lijn 2' }).getByRole('link', { name: 'factuur.png' }).waitFor();
    const afterUploads = await statementLines();
    expect(afterUploads.documents.map((d) => [d.fileName, afterUploads.lines.findIndex((l) => l.id === d.costLineId) + 1]).sort()).toEqual([
      ['factuur.png', 2],
      ['loonbrief.pdf', 1],
    ]);
    // Nothing half-uploaded or refused is kept: the three accepted files under their hash, no temporary file.
    const stored = readdirSync(uploadDir);
    expect(stored).toHaveLength(3);
    expect(stored.every((name) => /^[0-9a-f]{64}$/.test(name))).toBe(true);
    await checkPage(page, 'beneficiary-03-statement');

    await submitStatement(page, 'beneficiary-04-confirm');
    expect((await statementLines()).status).toBe('SUBMITTED');
  });

  it('shows finance’s question at its line and takes the answer with the resubmission', async () => {
    const { lines } = await statementLines();
    await w.t.http.post(`/cost-statements/${statementId}/lines/${lines[1].id}/question`).set(finance.auth).send({ question: 'Bezorg het betalingsbewijs van deze factuur.' }).expect(200);
    await w.t.http.put(`/cost-statements/${statementId}/lines/${lines[0].id}/review`).set(finance.auth).send({ decision: 'ACCEPTED' }).expect(200);
    await w.t.http.post(`/cost-statements/${statementId}/return`).set(finance.auth).send({ reason: 'Eén lijn mist een betalingsbewijs; zie de vraag.' }).expect(200);

    const { page } = await browser();
    await signIn(page, leadEmail);
    await answerAndResubmit(page, grant.id, files, 'beneficiary-05-question');

    const resubmitted = await statementLines();
    expect(resubmitted.status).toBe('SUBMITTED');
    const answered = await w.t.http.get(`/cost-statements/${statementId}`).set(finance.auth).expect(200);
    expect(answered.body.lines[1].question.answer).toBe('Betaald op 16/04/2021 per overschrijving; het bewijs is toegevoegd.');
  });

  it('shows after the review each line accepted, reduced or rejected with its reason, and the subsidy due', async () => {
    const { lines } = await statementLines();
    w.t.clock.set('2021-07-20T08:00:00Z');
    await w.t.http.put(`/cost-statements/${statementId}/lines/${lines[0].id}/review`).set(finance.auth).send({ decision: 'REDUCED', acceptedAmount: 1_500_000, reason: 'Uren niet volledig gestaafd' }).expect(200);
    await w.t.http.put(`/cost-statements/${statementId}/lines/${lines[1].id}/review`).set(finance.auth).send({ decision: 'REJECTED', reason: 'De factuur valt buiten het projectdoel' }).expect(200);
    const approved = await w.t.http.post(`/cost-statements/${statementId}/approve`).set(finance.auth).expect(200);
    const net = (approved.body as { subsidy: { net: number } }).subsidy.net;
    expect(net).toBeGreaterThan(0);

    const later = await browser(new Date('2021-07-20T08:00:00Z'));
    await signIn(later.page, leadEmail);
    await later.page.goto(`/subsidies/${grant.id}/periodes/1/kostenstaat`);
    await later.page.getByRole('status').filter({ hasText: 'Goedgekeurd op' }).waitFor();
    const staffTable = later.page.getByRole('table', { name: 'Personeelskosten van Hogeschool' });
    const reduced = staffTable.getByRole('row', { name: /Coördinatie van het lab/ });
    await reduced.getByText('↓ Verminderd tot € 15.000,00').waitFor();
    await reduced.getByText('Reden: Uren niet volledig gestaafd').waitFor();
    const rejected = later.page.getByRole('table', { name: 'Werkingskosten van Voka Kamer van Koophandel' }).getByRole('row', { name: /Sensorkits/ });
    await rejected.getByText('✕ Afgewezen').waitFor();
    await rejected.getByText('Reden: De factuur valt buiten het projectdoel').waitFor();
    await rejected.getByText('Antwoord: Betaald op 16/04/2021 per overschrijving; het bewijs is toegevoegd.').waitFor();
    const subsidy = later.page.getByRole('table', { name: 'Subsidie voor deze periode' });
    await subsidy.getByRole('row', { name: /Te betalen voor deze periode/ }).getByText(formatEuro(net), { exact: true }).waitFor();
    await checkPage(later.page, 'beneficiary-06-reviewed');

    // The statement's PDF from the calendar, served to the beneficiary.
    await later.page.getByRole('link', { name: /^← DH – DigiHub/ }).click();
    const row = later.page.getByRole('table', { name: /Elke periode/ }).getByRole('row', { name: /^Periode 1/ });
    await row.getByText('Goedgekeurd').waitFor();
    await row.getByText(`Te betalen: ${formatEuro(net)}`).waitFor();
    const pdfHref = await row.getByRole('link', { name: 'Kostenstaat Periode 1 (PDF)' }).getAttribute('href');
    expect(pdfHref).toBe(`/grants/${grant.id}/periods/1/cost-statement.pdf`);
    const pdf = await later.page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await checkPage(later.page, 'beneficiary-07-grant-after-review');
  });

  it('shows a beneficiary of another lab who types this grant’s URL "not found", and none of its data', async () => {
    const { page } = await browser();
    await signIn(page, otherEmail);
    const answers: { url: string; status: number }[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/grants/') || new URL(r.url()).pathname.startsWith('/cost-statements/')) answers.push({ url: new URL(r.url()).pathname, status: r.status() });
    });
    for (const path of [`/subsidies/${grant.id}`, `/subsidies/${grant.id}/periodes/1/kostenstaat`, `/subsidies/${grant.id}/periodes/1/voortgangsrapport`]) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Pagina niet gevonden', level: 1 }).waitFor();
      const text = await page.getByRole('main').innerText();
      for (const secret of ['DigiHub', grant.grantNumber, 'Hogeschool', '999.000']) expect(text).not.toContain(secret);
    }
    await checkPage(page, 'beneficiary-08-not-found');
    expect(answers.length).toBeGreaterThan(0);
    // Only the grant itself was asked for, and refused; nothing of its calendar or statements was fetched.
    expect(answers.every((a) => a.url === `/grants/${grant.id}` && a.status === 404)).toBe(true);
  });

  it('fills in a cost line with the keyboard alone', async () => {
    const { page } = await browser(new Date('2021-07-20T08:00:00Z'));
    await signIn(page, leadEmail);
    await page.goto(`/subsidies/${grant.id}/periodes/2/kostenstaat`);
    await page.getByRole('heading', { name: 'Kostenstaat periode 2', level: 1 }).waitFor();
    await tabTo(page, 'Lijn toevoegen: Werkingskosten, Hogeschool');
    await page.keyboard.press('Enter');
    // The new line's first field has the focus.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent === 'Omschrijving');
    await page.keyboard.type('Testopstelling');
    await tabTo(page, 'Referentie');
    await page.keyboard.type('F2021-0501');
    await tabTo(page, 'Betaaldatum');
    await page.keyboard.type('20/07/2021');
    await tabTo(page, 'Bedrag');
    await page.keyboard.type('250,00');
    await tabTo(page, 'Opslaan als ontwerp');
    await page.keyboard.press('Enter');
    await page.getByText('Opgeslagen.').waitFor();
    await checkPage(page, 'beneficiary-09-keyboard');
    const periods = await w.t.http.get(`/grants/${grant.id}/periods`).set(lead.auth).expect(200);
    const saved = await w.t.http.get(`/cost-statements/${periods.body[1].costStatement.id}`).set(lead.auth).expect(200);
    expect(saved.body.lines.map((l: { description: string; reference: string; paymentDate: string; amount: number }) => [l.description, l.reference, l.paymentDate, l.amount])).toEqual([
      ['Testopstelling', 'F2021-0501', '2021-07-20', 25_000],
    ]);
  });

  it('registers the bank account with its certificate, refusing a wrong IBAN at its field, and changes it after verification', async () => {
    const { page } = await browser(new Date('2021-07-20T08:00:00Z'));
    await signIn(page, leadEmail);
    await page.goto(`/subsidies/${grant.id}`);
    const section = page.getByRole('region', { name: 'Bankrekening' });
    await section.getByText('Er is nog geen bankrekening opgegeven.').waitFor();
    await section.getByText('Betalingen gebeuren alleen op een rekening die de financiële dienst heeft geverifieerd', { exact: false }).waitFor();

    // The last digit mistyped: refused at the IBAN field (mod 97), nothing sent.
    await section.getByLabel(/^IBAN/).fill('BE68 5390 0754 7035');
    await section.getByLabel('Rekeninghouder').fill('Hogeschool vzw');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), section.getByRole('button', { name: /^Bankattest/ }).click()]);
    await chooser.setFiles(file('activiteiten.pdf'));
    await section.getByRole('button', { name: 'Rekening opgeven' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
    await summary.waitFor();
    await section.getByText('De controlecijfers van de IBAN kloppen niet (mod 97). Controleer de cijfers.').first().waitFor();
    await checkPage(page, 'beneficiary-10-bank-account-refused');
    expect((await w.t.db.query(`SELECT count(*)::int AS n FROM bank_accounts WHERE grant_id = $1`, [grant.id]))[0].n).toBe(0);

    // Typed as people do, with spaces and lower case; submitted with the keyboard.
    await section.getByLabel(/^IBAN/).fill('be68 5390 0754 7034');
    await section.getByLabel(/^IBAN/).focus();
    await tabTo(page, 'Rekening opgeven');
    await page.keyboard.press('Enter');
    await section.getByText('De rekening is opgegeven en wacht op verificatie.').waitFor();
    await section.getByRole('cell', { name: 'BE68 5390 0754 7034', exact: true }).waitFor();
    await section.getByText('Wacht op verificatie', { exact: true }).waitFor();
    await section.getByRole('link', { name: 'activiteiten.pdf downloaden' }).waitFor();
    const [stored] = (await w.t.db.query(`SELECT id, iban, holder_name, status FROM bank_accounts WHERE grant_id = $1`, [grant.id])) as { id: string; iban: string; holder_name: string; status: string }[];
    expect(stored).toMatchObject({ iban: 'BE68539007547034', holder_name: 'Hogeschool vzw', status: 'PENDING' });
    await checkPage(page, 'beneficiary-11-bank-account-pending');

    // Verified by finance; a change after that waits for verification again.
    await w.t.http.post(`/bank-accounts/${stored.id}/verify`).set(finance.auth).expect(200);
    await page.reload();
    await section.getByText('Geverifieerd', { exact: true }).waitFor();
    await section.getByRole('heading', { name: 'Andere bankrekening opgeven' }).waitFor();
    await section.getByText('moet opnieuw geverifieerd worden', { exact: false }).waitFor();
    await section.getByLabel(/^IBAN/).fill('BE54 0970 0000 0097');
    await section.getByLabel('Rekeninghouder').fill('Hogeschool vzw');
    const [again] = await Promise.all([page.waitForEvent('filechooser'), section.getByRole('button', { name: /^Bankattest/ }).click()]);
    await again.setFiles(file('betaalbewijs.pdf'));
    await section.getByRole('button', { name: 'Rekening vervangen' }).click();
    await section.getByRole('cell', { name: 'BE54 0970 0000 0097', exact: true }).waitFor();
    await section.getByText('Wacht op verificatie', { exact: true }).waitFor();
    await checkPage(page, 'beneficiary-12-bank-account-changed');
    const statuses = (await w.t.db.query(`SELECT iban, status FROM bank_accounts WHERE grant_id = $1 ORDER BY registered_at`, [grant.id])) as { iban: string; status: string }[];
    expect(statuses).toEqual([
      { iban: 'BE68539007547034', status: 'SUPERSEDED' },
      { iban: 'BE54097000000097', status: 'PENDING' },
    ]);
  });
});
