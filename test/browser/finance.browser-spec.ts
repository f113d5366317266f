import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { formatEuro } from '../../src/core/format/nl-be';
import { Role } from '../../src/core/domain/roles';
import { awardedGrant, CERTIFICATE_PDF, login, NETWORK_PARTNER, PASSWORD, staff, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, tabTo, type WebTest } from './support/browser';

/** A real 2×2 PNG (what a phone photo of a receipt would be), so the page can show it as an image. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixels = Buffer.from([0, 200, 30, 30, 30, 200, 30, 0, 30, 30, 200, 200, 200, 200]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** What the screen shows in the running totals row `name`, column declared or accepted. */
async function totalsCell(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

/**
 * Finance staff verify and pay in the browser: the queue, a line-by-line review with the
 * documents shown in the page, approval, the planned payment marked paid, the payment
 * statement and an export read back and compared with the screen.
 */
describe('the finance desk in the browser', () => {
  let w: WebTest;
  let grant: { id: string; grantNumber: string; amount: number };
  let callId: string;
  let statementId: string;
  let lead: Session & { enterpriseNumber: string };
  const financeEmail = 'financien@vlaanderen.test';
  const uploads = mkdtempSync(join(tmpdir(), 'efro-finance-uploads-'));

  beforeAll(async () => {
    w = await startWebTest({ env: { UPLOAD_DIR: uploads } });
    const { t } = w;
    await t.app.get(AuthService).createUser({ email: financeEmail, password: PASSWORD, fullName: 'Fien Financiën', roles: [Role.FINANCE_OFFICER] }, systemActor('test'));
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const awarded = await awardedGrant(t, pm);
    ({ grant, callId, lead } = awarded);
    t.clock.set('2021-07-05T08:00:00Z');
    const report = await t.http
      .put(`/grants/${grant.id}/periods/1/progress-report`)
      .set(lead.auth)
      .send({ narrative: 'Twaalf kmo’s testten sensoren in het lab.', indicators: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 } })
      .expect(200);
    await t.http.post(`/progress-reports/${report.body.id}/submit`).set(lead.auth).expect(200);
    const lines = [
      // ⌊6.000.000 × 500 ÷ 1.720⌋ = 1.744.186
      { partner: lead.enterpriseNumber, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie', reference: 'LOON-2021-06', paymentDate: '2021-06-25', person: 'Labcoördinator', hours: 500, annualGrossCost: 6_000_000 },
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits', reference: 'F2021-0142', paymentDate: '2021-04-15', amount: 150_000, vatAmount: 26_033 },
      { partner: NETWORK_PARTNER.enterpriseNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop', reference: 'F2021-0377', paymentDate: '2021-05-20', amount: 500_000 },
      { partner: lead.enterpriseNumber, kind: 'REAL', category: 'INVESTMENTS', description: 'Demonstratieopstelling', reference: 'F2021-0099', paymentDate: '2021-03-30', amount: 2_000_000 },
    ];
    const draft = await t.http.put(`/grants/${grant.id}/periods/1/cost-statement`).set(lead.auth).send({ lines }).expect(200);
    statementId = draft.body.id;
    const ids = (draft.body.lines as { id: string }[]).map((l) => l.id);
    // A real PDF as the invoice of the investment, a photo of the sensor kits' receipt.
    const invoice = await t.http.get(`/applications/${awarded.applicationIds[0]}/decision-letter.pdf`).set(lead.auth).buffer(true).expect(200);
    await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).field('description', 'Factuur').field('lineId', ids[3]).attach('file', invoice.body as Buffer, { filename: 'factuur-0099.pdf', contentType: 'application/pdf' }).expect(201);
    await t.http.post(`/cost-statements/${statementId}/documents`).set(lead.auth).field('description', 'Kasticket').field('lineId', ids[1]).attach('file', png(), { filename: 'kasticket-0142.png', contentType: 'image/png' }).expect(201);
    await t.http.post(`/cost-statements/${statementId}/submit`).set(lead.auth).expect(200);
    // The beneficiary's bank account, registered with its certificate: it waits for finance (issue 15).
    await t.http
      .post(`/grants/${grant.id}/bank-account`)
      .set(lead.auth)
      .field('iban', 'be68 5390 0754 7034')
      .field('holderName', 'Hogeschool vzw')
      .attach('file', CERTIFICATE_PDF, { filename: 'bankattest.pdf', contentType: 'application/pdf' })
      .expect(201);
    t.clock.set('2021-07-20T08:00:00Z');
  });
  afterAll(async () => {
    await w.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  // One finance officer's session through the steps, each its own test so each stays well inside the timeout.
  let page: Page;
  let paidOnScreen: string;

  it('finds the statement in the queue and reviews it line by line with the keyboard alone', async () => {
    const { t } = w;
    page = await w.page();
    await signIn(page, financeEmail);
    await page.getByRole('link', { name: '1 kostenstaat wacht op nazicht' }).waitFor();
    await checkPage(page, 'finance-00-dashboard');
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Financiën' }).click();
    const queue = page.getByRole('table', { name: /^1 kostenstaat/ });
    await queue.waitFor();
    // Complete on 5 July, today is 20 July: 80 days run to 23 September, 65 left.
    expect(await queue.getByRole('row').nth(1).innerText()).toContain('Nog 65 dagen (uiterlijk 23/09/2021)');
    await checkPage(page, 'finance-01-queue');
    await page.getByLabel('Provincie').selectOption({ label: 'Antwerpen' });
    await page.getByText('Geen kostenstaten met deze filters.').waitFor();
    await page.getByLabel('Provincie').selectOption({ label: 'Vlaams-Brabant' });
    await page.getByLabel('Oproep').selectOption({ value: callId });
    await page.getByRole('link', { name: new RegExp(`^Kostenstaat ${grant.grantNumber} · .*, periode 1 nazien$`) }).click();
    await page.getByRole('table', { name: '4 kostenlijnen' }).waitFor();
    expect(await totalsCell(page, 'declared-eligible')).toBe('€ 46.558,13');
    expect(await totalsCell(page, 'accepted-eligible')).toBe('€ 0,00');
    // The sensor kits' VAT is not recoverable and the lab costs less than € 5.000.000: it counts, shown apart.
    await page.getByRole('row', { name: /Sensorkits/ }).getByText('waarvan btw € 260,33').waitFor();
    // The call's words for the cost categories, not their codes (the call comes after the statement and its grant).
    await page.getByRole('row', { name: /Coördinatie/ }).getByRole('cell', { name: 'Personeelskosten', exact: true }).waitFor();
    expect(await page.getByRole('row', { name: /Coördinatie/ }).getByRole('cell').nth(2).innerText()).toBe('Personeelskosten');
    expect(await page.getByRole('row', { name: /Sensorkits/ }).getByRole('cell').nth(2).innerText()).toBe('Werkingskosten');
    expect(await page.getByRole('table', { name: '4 kostenlijnen' }).getByRole('cell', { name: 'STAFF', exact: true }).count()).toBe(0);
    expect(await totalsCell(page, 'vatDeclared')).toBe('€ 260,33');
    expect(await totalsCell(page, 'vatEligible')).toBe('€ 260,33');
    expect(await totalsCell(page, 'vatExcluded')).toBe('€ 0,00');
    await checkPage(page, 'finance-02-review');

    // The whole review with the keyboard: Tab, arrows, typing, Enter.
    const saved = (n: number) => page.getByText(`Beslissing over lijn ${n} opgeslagen; de totalen zijn bijgewerkt.`).waitFor();
    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, 'Beoordelen 1: Coördinatie');
    await page.keyboard.press('Enter');
    await page.getByText(/· Personeelskosten · referentie LOON-2021-06 ·/).waitFor();
    await tabTo(page, 'Beslissing opslaan');
    await page.keyboard.press('Enter');
    await saved(1);

    await tabTo(page, 'Beoordelen 2: Sensorkits');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Tonen: kasticket-0142.png');
    await page.keyboard.press('Enter');
    const photo = page.getByRole('img', { name: 'Bewijsstuk kasticket-0142.png (Kasticket)' });
    await photo.waitFor();
    await page.waitForFunction(() => [...document.images].some((i) => i.src.startsWith('blob:') && i.complete && i.naturalWidth === 2));
    await tabTo(page, 'Aanvaard');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Verworpen' }).isChecked()).toBe(true);
    await tabTo(page, 'Motivering');
    await page.keyboard.type('Kasticket zonder btw-nummer; geen factuur');
    await tabTo(page, 'Beslissing opslaan');
    await page.keyboard.press('Enter');
    await saved(2);
    await checkPage(page, 'finance-03-review-document');

    await tabTo(page, 'Beoordelen 3: Workshop');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Aanvaard');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'Aanvaard bedrag');
    await page.keyboard.type('3.000,00');
    await tabTo(page, 'Motivering');
    await page.keyboard.type('Enkel de helft van de workshop was voor het project');
    await tabTo(page, 'Beslissing opslaan');
    await page.keyboard.press('Enter');
    await saved(3);
    await tabTo(page, 'Vraag aan de begunstigde');
    await page.keyboard.type('Bezorg de aanwezigheidslijst van de workshop.');
    await tabTo(page, 'Vraag stellen');
    await page.keyboard.press('Enter');
    await page.getByText('Vraag over lijn 3 gesteld', { exact: false }).waitFor();

    await tabTo(page, 'Beoordelen 4: Demonstratieopstelling');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Tonen: factuur-0099.pdf');
    await page.keyboard.press('Enter');
    const frame = page.locator('iframe[title="Bewijsstuk factuur-0099.pdf"]');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await tabTo(page, 'Beslissing opslaan');
    await page.keyboard.press('Enter');
    await saved(4);

    // Accepted: 1.744.186 + 300.000 + 2.000.000 direct, 15 % of the lead's staff (261.627) indirect;
    // the subsidy ⌊4.305.813 × 333/500⌋ = 2.867.671.
    await page.getByText('4 van 4 lijnen beoordeeld').waitFor();
    expect(await totalsCell(page, 'accepted-eligible')).toBe('€ 43.058,13');
    expect(await totalsCell(page, 'subsidy-net')).toBe('€ 28.676,71');
    const api = await t.http.get(`/cost-statements/${statementId}`).set((await login(t, financeEmail)).auth).expect(200);
    expect(formatEuro(api.body.totals.acceptedEligible)).toBe('€ 43.058,13');
    expect(api.body.lines.map((l: { review: { decision: string; acceptedAmount: number } }) => [l.review.decision, l.review.acceptedAmount])).toEqual([
      ['ACCEPTED', 1_744_186],
      ['REJECTED', 0],
      ['REDUCED', 300_000],
      ['ACCEPTED', 2_000_000],
    ]);
    expect(api.body.lines[2].question.question).toBe('Bezorg de aanwezigheidslijst van de workshop.');

  });

  it('approves with a confirmation, which plans the payment', async () => {
    await tabTo(page, 'Goedkeuren');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Kostenstaat goedkeuren' });
    await dialog.getByText('Er wordt een betaling van € 28.676,71 gepland.', { exact: false }).waitFor();
    await checkPage(page, 'finance-04-approve');
    await tabTo(page, 'Goedkeuren en betaling plannen');
    await page.keyboard.press('Enter');
    await page.getByText('De kostenstaat is goedgekeurd; een betaling van € 28.676,71 is gepland.').waitFor();

  });

  it('refuses the balance and a payment date in the future with clear messages, marks the payment paid and reads the payment statement back', async () => {
    // Payments of the grant: the balance is refused before the final report, the interim payment is paid.
    await page.getByRole('link', { name: 'Betalingen van dit dossier' }).first().click();
    await page.getByRole('table', { name: '1 betaling' }).waitFor();
    await page.getByRole('button', { name: 'Saldo plannen' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Betaling geweigerd' });
    await refused.getByText('de inhouding wordt pas betaald na het goedgekeurde eindrapport', { exact: false }).waitFor();
    expect(await refused.innerText()).toContain('Het eindrapport is nog niet goedgekeurd.');
    await checkPage(page, 'finance-05-grant-payments-refused');

    // The account is not verified yet: the dialog says why nothing can be marked paid.
    const account = page.getByRole('region', { name: 'Bankrekening van de begunstigde' });
    await account.getByText('BE68 5390 0754 7034').waitFor();
    await account.getByText('Wacht op verificatie').waitFor();
    await page.getByRole('button', { name: 'Markeren als betaald: Tussentijdse betaling periode 1, € 28.676,71' }).click();
    const blocked = page.getByRole('dialog', { name: 'Tussentijdse betaling periode 1 van € 28.676,71 betaald' });
    await blocked.getByText('verifieer eerst de rekening van de begunstigde met het bankattest', { exact: false }).waitFor();
    expect(await blocked.getByRole('button', { name: 'Als betaald vastleggen' }).isDisabled()).toBe(true);
    await checkPage(page, 'finance-06a-mark-paid-blocked');
    await page.keyboard.press('Escape');
    await blocked.waitFor({ state: 'hidden' });
    await account.getByRole('button', { name: 'Rekening verifiëren' }).focus();
    await page.keyboard.press('Enter');
    await account.getByText('De rekening is geverifieerd.').waitFor();
    await account.getByText('Geverifieerd', { exact: true }).waitFor();
    await checkPage(page, 'finance-06b-account-verified');

    await page.getByRole('button', { name: 'Markeren als betaald: Tussentijdse betaling periode 1, € 28.676,71' }).click();
    const pay = page.getByRole('dialog', { name: 'Tussentijdse betaling periode 1 van € 28.676,71 betaald' });
    await pay.getByLabel('Betaaldatum').fill('2021-07-21');
    await pay.getByLabel('Referentie van de overschrijving').fill('OV-2021-000123');
    await pay.getByRole('button', { name: 'Als betaald vastleggen' }).click();
    await pay.getByText('De betaaldatum kan niet', { exact: false }).waitFor();
    await checkPage(page, 'finance-06-mark-paid-refused');
    await pay.getByLabel('Betaaldatum').fill('2021-07-20');
    await pay.getByRole('button', { name: 'Als betaald vastleggen' }).click();
    await page.getByRole('table', { name: '1 betaling' }).getByText('OV-2021-000123').waitFor();
    paidOnScreen = await page.getByTestId('ledger-paid').innerText();
    expect(paidOnScreen).toBe('€ 28.676,71');
    await checkPage(page, 'finance-07-grant-payments-paid');

    const statement = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Betalingsstaat downloaden (PDF)' }).click();
    const pdf = await (await statement).path();
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain(grant.grantNumber);
    expect(text).toContain(paidOnScreen);
    expect(text).toContain('OV-2021-000123');
    expect(text).toContain('BE68 5390 0754 7034');
    await page.getByText(/betalingsstaat.*gedownload|\.pdf gedownload/).waitFor();

  });

  it('lists the payment across grants and downloads CSV and XLSX exports whose totals match the screen', async () => {
    await page.getByRole('navigation', { name: 'Financiën' }).getByRole('link', { name: 'Betalingen' }).click();
    const all = page.getByRole('table', { name: /^1 betaling over alle dossiers/ });
    await all.waitFor();
    expect(await all.innerText()).toContain(`${grant.grantNumber} · DH`);
    await checkPage(page, 'finance-08-payments');

    await page.getByRole('navigation', { name: 'Financiën' }).getByRole('link', { name: 'Exports' }).click();
    await page.getByLabel('Gegevens').selectOption({ label: 'Betalingen' });
    await page.getByLabel('Oproep').selectOption({ value: callId });
    await checkPage(page, 'finance-09-exports');
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV downloaden' }).click();
    const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
    await page.getByText(/^payments-.*\.csv gedownload/).waitFor();
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '')
      .map((l) => l.split(';'));
    const cents = rows.reduce((s, r) => s + Number(r[header.indexOf('Bedrag (cent)')]), 0);
    expect(formatEuro(cents)).toBe(paidOnScreen);
    expect(rows[0][header.indexOf('Referentie')]).toBe('OV-2021-000123');

    await page.getByLabel('Excel (XLSX)').check();
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'XLSX downloaden' }).click();
    const workbook = new ExcelJS.Workbook();
    const xlsx = readFileSync((await (await xlsxDownload).path())!);
    await workbook.xlsx.load(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength));
    const sheet = workbook.worksheets[0];
    const columns = (sheet.getRow(1).values as unknown[]).slice(1);
    const amount = sheet.getRow(2).getCell(columns.indexOf('Bedrag') + 1).value as number;
    expect(formatEuro(Math.round(amount * 100))).toBe(paidOnScreen);
    await page.getByText(/^payments-.*\.xlsx gedownload/).waitFor();
  });

  it('books an audit correction of the paid claim as a recovery order, downloads its letter and marks the refund received', async () => {
    const { t } = w;
    const finance = await login(t, financeEmail);
    const statement = await t.http.get(`/cost-statements/${statementId}`).set(finance.auth).expect(200);
    const accepted = statement.body.totals.acceptedEligible as number;
    await page.goto(`/financien/dossiers/${grant.id}`);
    const form = page.getByRole('form', { name: 'Goedgekeurde kostenstaat corrigeren' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Correctie boeken' }).click();
    await page.getByRole('alert').getByRole('link', { name: /^Reden/ }).waitFor();
    await checkPage(page, 'finance-10-correction-incomplete');
    await form.getByLabel('Kostenstaat').selectOption({ label: 'Periode 1' });
    await form.getByLabel('Aanleiding').selectOption({ label: 'Audit' });
    // € 1.000,00 of the accepted costs fall outside the period.
    const after = accepted - 100_000;
    await form.getByLabel('Aanvaarde subsidiabele kosten na de controle').fill(`${Math.floor(after / 100)},${String(after % 100).padStart(2, '0')}`);
    await form.getByLabel('Reden').fill('Factuur F2021-0099 deels buiten de periode');
    await form.getByRole('button', { name: 'Correctie boeken' }).click();
    await page.getByText(/onverschuldigd betaald, in 1 boeking/).waitFor();
    const list = await t.http.get(`/grants/${grant.id}/payments`).set(finance.auth).expect(200);
    const [order] = list.body.recoveries as { amount: number; status: string; dueDate: string }[];
    expect(order).toMatchObject({ status: 'OPEN', dueDate: '2021-08-19' });
    const table = page.getByRole('table', { name: 'Terugvorderingen (1)' });
    await table.getByText(formatEuro(order.amount)).waitFor();
    expect(await page.getByTestId('ledger-recoveryOpen').innerText()).toBe(formatEuro(order.amount));
    await checkPage(page, 'finance-11-recovery-ordered');

    const letter = page.waitForEvent('download');
    await table.getByRole('button', { name: 'Brief (PDF)' }).click();
    const text = execFileSync('pdftotext', ['-layout', (await (await letter).path())!, '-']).toString();
    expect(text).toContain('Terugvordering');
    expect(text).toContain(formatEuro(order.amount));
    expect(text).toContain('19 augustus 2021');

    await table.getByRole('button', { name: `Terugbetaling ontvangen: ${formatEuro(order.amount)}` }).click();
    const dialog = page.getByRole('dialog', { name: `Terugbetaling van ${formatEuro(order.amount)} ontvangen` });
    await dialog.getByLabel('Ontvangen op').fill('2021-07-20');
    await dialog.getByLabel('Referentie van de overschrijving').fill('TV-2021-0001');
    await dialog.getByRole('button', { name: 'Bevestigen' }).click();
    await table.getByText('Terugbetaald').waitFor();
    expect(await page.getByTestId('ledger-recovered').innerText()).toBe(formatEuro(order.amount));
    await checkPage(page, 'finance-12-recovery-received');
  });
});
