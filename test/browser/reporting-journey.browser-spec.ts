import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { formatEuro } from '../../src/core/format/nl-be';
import { Role } from '../../src/core/domain/roles';
import { awardedGrant, PASSWORD, staff, verifiedBankAccount } from '../support/fixtures';
import { answerAndResubmit, declareTwoLines, fileProgressReport, pickFiles, submitStatement, writeSupportingFiles } from './support/beneficiary';
import { checkPage, screenshot, signIn, startWebTest, type WebTest } from './support/browser';

/**
 * One reporting period end to end with both people in the browser, each in their own profile:
 * the beneficiary reports and declares costs with documents picked from disk; finance asks a
 * question and returns the statement; the beneficiary answers and resubmits; finance reduces one
 * line, rejects the other, approves, pays, and reads the payment statement and an export back;
 * the beneficiary sees the outcome per line and the same subsidy due as finance.
 * Unlike beneficiary.browser-spec.ts and finance.browser-spec.ts, nothing of the period goes
 * through the API: what one person does on screen is what the other one finds.
 */
describe('a reporting period from the beneficiary’s report to the payment, both in the browser', () => {
  let w: WebTest;
  let uploads: string;
  let files: string;
  let grant: { id: string; grantNumber: string; amount: number };
  let callId: string;
  let leadEmail: string;
  const financeEmail = 'fien@vlaanderen.test';
  const people: { context: BrowserContext; page: Page }[] = [];
  let beneficiary: Page;
  let finance: Page;
  // What finance's screen showed, to hold the PDF, the exports and the beneficiary's screen against.
  const screen = { declaredDirect: '', acceptedDirect: '', acceptedEligible: '', net: '', paid: '' };

  const file = (name: string) => join(files, name);

  /** The service's clock and every browser's clock move together, as time passes for everyone. */
  async function moveTo(at: string): Promise<void> {
    w.t.clock.set(at);
    for (const p of people) await p.context.clock.setFixedTime(new Date(at));
  }

  async function person(): Promise<Page> {
    const context = await w.context();
    await context.clock.setFixedTime(w.t.clock.now());
    const page = await context.newPage();
    people.push({ context, page });
    return page;
  }

  const pick = (page: Page, button: string, names: string[]) => pickFiles(page, button, names.map(file));

  const cell = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).trim();

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'efro-journey-uploads-'));
    files = mkdtempSync(join(tmpdir(), 'efro-journey-files-'));
    writeSupportingFiles(files);
    w = await startWebTest({ env: { UPLOAD_DIR: uploads } });
    await w.t.app.get(AuthService).createUser({ email: financeEmail, password: PASSWORD, fullName: 'Fien Financiën', roles: [Role.FINANCE_OFFICER] }, systemActor('test'));
    const awarded = await awardedGrant(w.t, await staff(w.t, Role.PROGRAMME_MANAGER));
    ({ grant, callId } = awarded);
    leadEmail = ((await w.t.db.query(`SELECT email FROM users WHERE id = $1`, [awarded.lead.userId])) as { email: string }[])[0].email;
    // The grant's bank account is registered and verified beforehand: payments go only to a verified one (beneficiary.browser-spec.ts walks that on screen).
    await verifiedBankAccount(w.t, awarded.lead, await staff(w.t, Role.FINANCE_OFFICER), grant.id);
    w.t.clock.set('2021-07-05T08:00:00Z');
  });
  afterAll(async () => {
    await w.close();
    rmSync(uploads, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  it('the beneficiary submits the progress report with a document', async () => {
    beneficiary = await person();
    await signIn(beneficiary, leadEmail);
    await beneficiary.getByRole('table', { name: 'Toegekende subsidies en het volgende rapport' }).getByRole('link', { name: 'DH – DigiHub' }).click();
    await beneficiary.getByRole('heading', { name: 'DH – DigiHub', level: 1 }).waitFor();
    const first = beneficiary.getByRole('table', { name: /Elke periode/ }).getByRole('row', { name: /^Periode 1/ });
    await first.getByText('In te dienen').waitFor();
    await checkPage(beneficiary, 'journey-01-grant');

    await first.getByRole('link', { name: 'Voortgangsrapport Periode 1', exact: true }).click();
    await fileProgressReport(beneficiary, files, 'journey-02-report');
  });

  it('the beneficiary fills the cost statement with documents, a wrong type refused at that file, and submits it', async () => {
    await beneficiary.getByRole('link', { name: /^← DH – DigiHub/ }).click();
    await beneficiary.getByRole('link', { name: 'Kostenstaat Periode 1', exact: true }).click();
    await declareTwoLines(beneficiary);

    await pick(beneficiary, 'Bestanden kiezen: Bewijsstukken van lijn 1', ['loonbrief.pdf']);
    await beneficiary.getByRole('list', { name: 'Bewijsstukken van lijn 1' }).getByRole('link', { name: 'loonbrief.pdf' }).waitFor();
    await pick(beneficiary, 'Bestanden kiezen: Bewijsstukken van lijn 2', ['factuur.png', 'notities.txt']);
    await beneficiary
      .getByRole('list', { name: 'Opladen: Bewijsstukken van lijn 2' })
      .getByText('notities.txt is geweigerd: alleen PDF-, PNG- of JPEG-bestanden zijn toegelaten.')
      .waitFor();
    const line2Documents = beneficiary.getByRole('list', { name: 'Bewijsstukken van lijn 2' });
    await line2Documents.getByRole('link', { name: 'factuur.png' }).waitFor();
    expect(await line2Documents.getByRole('link', { name: 'notities.txt' }).count()).toBe(0);
    await checkPage(beneficiary, 'journey-03-statement');

    await submitStatement(beneficiary);
  });

  it('finance finds it in the queue, opens a document in the page, asks a question on a line and returns the statement', async () => {
    await moveTo('2021-07-10T08:00:00Z');
    finance = await person();
    await signIn(finance, financeEmail);
    await finance.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Financiën' }).click();
    const queue = finance.getByRole('table', { name: /^1 kostenstaat/ });
    await queue.waitFor();
    // Complete on 5 July, today is 10 July: 80 days run to 23 September, 75 left.
    expect(await queue.getByRole('row').nth(1).innerText()).toContain('Nog 75 dagen (uiterlijk 23/09/2021)');
    await checkPage(finance, 'journey-04-queue');
    await finance.getByRole('link', { name: new RegExp(`^Kostenstaat ${grant.grantNumber} · .*, periode 1 nazien$`) }).click();
    await finance.getByRole('table', { name: '2 kostenlijnen' }).waitFor();
    expect(await cell(finance, 'declared-eligible')).toBe('€ 21.558,13');

    await finance.getByRole('button', { name: 'Beoordelen 1: Coördinatie van het lab' }).click();
    await checkPage(finance, 'journey-05-review');
    await finance.getByRole('button', { name: 'Tonen: loonbrief.pdf', exact: true }).click();
    const frame = finance.locator('iframe[title="Bewijsstuk loonbrief.pdf"]');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await screenshot(finance, 'journey-05-document');
    // Chromium's PDF viewer inside the frame keeps the page from ever going network-idle, so axe ran before it opened.
    await finance.getByRole('button', { name: 'Verbergen: loonbrief.pdf', exact: true }).click();
    await frame.waitFor({ state: 'detached' });

    await finance.getByRole('button', { name: 'Beoordelen 2: Sensorkits' }).click();
    await finance.getByLabel('Vraag aan de begunstigde').fill('Bezorg het betalingsbewijs van deze factuur.');
    await finance.getByRole('button', { name: 'Vraag stellen' }).click();
    await finance.getByText('Vraag over lijn 2 gesteld', { exact: false }).waitFor();
    await finance.getByRole('button', { name: 'Terugsturen voor correctie' }).click();
    const giveBack = finance.getByRole('dialog', { name: 'Terugsturen voor correctie' });
    await giveBack.getByLabel('Reden voor de begunstigde').fill('Eén lijn mist een betalingsbewijs; zie de vraag.');
    await checkPage(finance, 'journey-06-return');
    await giveBack.getByRole('button', { name: 'Terugsturen', exact: true }).click();
    await finance.getByRole('status').filter({ hasText: 'Eén lijn mist een betalingsbewijs; zie de vraag.' }).waitFor();
  });

  it('the beneficiary answers the question at its line, adds the proof and resubmits', async () => {
    // Days later: the session has lapsed, so she signs in again.
    await moveTo('2021-07-12T08:00:00Z');
    await signIn(beneficiary, leadEmail);
    await answerAndResubmit(beneficiary, grant.id, files, 'journey-07-answer');
  });

  it('finance sees the answer, reduces one line and rejects the other with reasons, checks the running totals and approves', async () => {
    await moveTo('2021-07-20T08:00:00Z');
    await signIn(finance, financeEmail);
    await finance.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Financiën' }).click();
    await finance.getByRole('link', { name: new RegExp(`^Kostenstaat ${grant.grantNumber} · .*, periode 1 nazien$`) }).click();
    await finance.getByRole('table', { name: '2 kostenlijnen' }).waitFor();
    // The corrected claim is the complete one: its 80 days run from 12 July to 30 September.
    await finance.getByText('Nog 72 dagen (uiterlijk 30/09/2021)').waitFor();
    const saved = (n: number) => finance.getByText(`Beslissing over lijn ${n} opgeslagen; de totalen zijn bijgewerkt.`).waitFor();

    await finance.getByRole('button', { name: 'Beoordelen 1: Coördinatie van het lab' }).click();
    await finance.getByRole('radio', { name: 'Verminderd' }).check();
    await finance.getByLabel('Aanvaard bedrag (€)').fill('15.000,00');
    await finance.getByLabel('Motivering').fill('Uren niet volledig gestaafd');
    await finance.getByRole('button', { name: 'Beslissing opslaan' }).click();
    await saved(1);

    await finance.getByRole('button', { name: 'Beoordelen 2: Sensorkits' }).click();
    await finance.getByText('Betaald op 16/04/2021 per overschrijving; het bewijs is toegevoegd.').waitFor();
    await finance.getByRole('radio', { name: 'Verworpen' }).check();
    await finance.getByLabel('Motivering').fill('De factuur valt buiten het projectdoel');
    await finance.getByRole('button', { name: 'Beslissing opslaan' }).click();
    await saved(2);

    // Accepted: 1.500.000 direct and 15 % of it as the lead's indirect costs, 225.000.
    await finance.getByText('2 van 2 lijnen beoordeeld').waitFor();
    const totals = finance.getByRole('table', { name: /^Aangegeven en aanvaarde kosten/ });
    const direct = totals.getByRole('row', { name: /^Directe kosten/ }).getByRole('cell');
    screen.declaredDirect = (await direct.nth(0).innerText()).trim();
    screen.acceptedDirect = (await direct.nth(1).innerText()).trim();
    expect([screen.declaredDirect, screen.acceptedDirect]).toEqual(['€ 18.941,86', '€ 15.000,00']);
    expect(await cell(finance, 'declared-eligible')).toBe('€ 21.558,13');
    screen.acceptedEligible = await cell(finance, 'accepted-eligible');
    expect(screen.acceptedEligible).toBe('€ 17.250,00');
    screen.net = await cell(finance, 'subsidy-net');
    // ⌊1.725.000 × 333/500⌋ = 1.148.850, nothing retained yet.
    expect(screen.net).toBe('€ 11.488,50');
    await checkPage(finance, 'journey-08-reviewed');

    await finance.getByRole('button', { name: 'Goedkeuren', exact: true }).click();
    const dialog = finance.getByRole('dialog', { name: 'Kostenstaat goedkeuren' });
    await dialog.getByText(`Er wordt een betaling van ${screen.net} gepland.`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Goedkeuren en betaling plannen' }).click();
    await finance.getByText(`De kostenstaat is goedgekeurd; een betaling van ${screen.net} is gepland.`).waitFor();
  });

  it('finance marks the planned payment paid and reads the payment statement PDF back against the screen', async () => {
    await finance.getByRole('link', { name: 'Betalingen van dit dossier' }).first().click();
    await finance.getByRole('table', { name: '1 betaling' }).waitFor();
    await finance.getByRole('button', { name: `Markeren als betaald: Tussentijdse betaling periode 1, ${screen.net}` }).click();
    const pay = finance.getByRole('dialog', { name: `Tussentijdse betaling periode 1 van ${screen.net} betaald` });
    await pay.getByLabel('Betaaldatum').fill('2021-07-20');
    await pay.getByLabel('Referentie van de overschrijving').fill('OV-2021-000777');
    await pay.getByRole('button', { name: 'Als betaald vastleggen' }).click();
    await finance.getByRole('table', { name: '1 betaling' }).getByText('OV-2021-000777').waitFor();
    // The dialog fades out after the row is updated; axe on a half-transparent button would see no contrast.
    await finance.getByRole('dialog').waitFor({ state: 'detached' });
    screen.paid = await cell(finance, 'ledger-paid');
    expect(screen.paid).toBe(screen.net);
    await checkPage(finance, 'journey-09-paid');

    const download = finance.waitForEvent('download');
    await finance.getByRole('button', { name: 'Betalingsstaat downloaden (PDF)' }).click();
    const text = execFileSync('pdftotext', ['-layout', (await (await download).path())!, '-']).toString();
    await finance.getByText(/\.pdf gedownload/).waitFor();
    expect(text).toContain(grant.grantNumber);
    expect(text).toContain('OV-2021-000777');
    expect(text).toContain(screen.paid);
    expect(text).toContain(formatEuro(grant.amount));
  });

  it('finance downloads the cost lines as CSV and XLSX from the exports page, with the totals on the review screen', async () => {
    await finance.getByRole('navigation', { name: 'Financiën' }).getByRole('link', { name: 'Exports' }).click();
    await finance.getByLabel('Gegevens').selectOption({ label: 'Kostenlijnen' });
    await finance.getByLabel('Oproep').selectOption({ value: callId });
    await checkPage(finance, 'journey-10-exports');

    const csvDownload = finance.waitForEvent('download');
    await finance.getByRole('button', { name: 'CSV downloaden' }).click();
    const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
    await finance.getByText(/^cost-lines-.*\.csv gedownload/).waitFor();
    const [header, ...rows] = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((l) => l !== '')
      .map((l) => l.split(';'));
    const ours = rows.filter((r) => r[header.indexOf('Dossiernummer')] === grant.grantNumber);
    expect(ours).toHaveLength(2);
    const sum = (column: string) => formatEuro(ours.reduce((s, r) => s + Number(r[header.indexOf(column)]), 0));
    expect([sum('Aangegeven (cent)'), sum('Aanvaard (cent)')]).toEqual([screen.declaredDirect, screen.acceptedDirect]);

    await finance.getByLabel('Excel (XLSX)').check();
    const xlsxDownload = finance.waitForEvent('download');
    await finance.getByRole('button', { name: 'XLSX downloaden' }).click();
    const xlsx = readFileSync((await (await xlsxDownload).path())!);
    await finance.getByText(/^cost-lines-.*\.xlsx gedownload/).waitFor();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength));
    const sheet = workbook.worksheets[0];
    const columns = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => columns.indexOf(name) + 1;
    let declared = 0;
    let accepted = 0;
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(at('Dossiernummer')).value !== grant.grantNumber) return;
      declared += Math.round((row.getCell(at('Aangegeven')).value as number) * 100);
      accepted += Math.round((row.getCell(at('Aanvaard')).value as number) * 100);
    });
    expect([formatEuro(declared), formatEuro(accepted)]).toEqual([screen.declaredDirect, screen.acceptedDirect]);
  });

  it('the beneficiary sees each line accepted, reduced or rejected with its reason, and the subsidy due that finance saw', async () => {
    await signIn(beneficiary, leadEmail);
    await beneficiary.goto(`/subsidies/${grant.id}/periodes/1/kostenstaat`);
    await beneficiary.getByRole('status').filter({ hasText: 'Goedgekeurd op' }).waitFor();
    const reduced = beneficiary.getByRole('table', { name: 'Personeelskosten van Hogeschool' }).getByRole('row', { name: /Coördinatie van het lab/ });
    await reduced.getByText('↓ Verminderd tot € 15.000,00').waitFor();
    await reduced.getByText('Reden: Uren niet volledig gestaafd').waitFor();
    const rejected = beneficiary.getByRole('table', { name: 'Werkingskosten van Voka Kamer van Koophandel' }).getByRole('row', { name: /Sensorkits/ });
    await rejected.getByText('✕ Afgewezen').waitFor();
    await rejected.getByText('Reden: De factuur valt buiten het projectdoel').waitFor();
    await rejected.getByText('Antwoord: Betaald op 16/04/2021 per overschrijving; het bewijs is toegevoegd.').waitFor();
    const subsidy = beneficiary.getByRole('table', { name: 'Subsidie voor deze periode' });
    await subsidy.getByRole('row', { name: /Te betalen voor deze periode/ }).getByText(screen.net, { exact: true }).waitFor();
    await checkPage(beneficiary, 'journey-11-outcome');

    await beneficiary.getByRole('link', { name: /^← DH – DigiHub/ }).click();
    const row = beneficiary.getByRole('table', { name: /Elke periode/ }).getByRole('row', { name: /^Periode 1/ });
    await row.getByText(`Te betalen: ${screen.net}`).waitFor();
    await beneficiary.getByRole('table', { name: 'De bedragen van de grafiek' }).getByRole('row', { name: /^Betaald/ }).getByText(screen.paid).waitFor();
    await checkPage(beneficiary, 'journey-12-grant-paid');
  });
});
