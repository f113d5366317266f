import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { Role } from '../../src/core/domain/roles';
import { PASSWORD } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';
import { writeLabsCall } from './support/call-editor';

describe('a programme manager writes and publishes a call in the browser', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await startWebTest({ now: '2020-06-20T08:00:00Z' });
    await w.t.app.get(AuthService).createUser({ email: 'pm@vlaanderen.test', password: PASSWORD, fullName: 'Pia Programma', roles: [Role.PROGRAMME_MANAGER] }, systemActor('test'));
  });
  afterAll(() => w.close());

  it('shows every rule as a form, the service errors at their fields, the worked example, and freezes on publish', async () => {
    const page = await w.page();
    await signIn(page, 'pm@vlaanderen.test');
    const rate = await writeLabsCall(page, { code: 'DXL-2020', title: 'Digital Experience Labs 2020', opensAt: '2020-07-01T10:00', closesAt: '2020-06-30T17:00' });
    await rate.getByText('= 66,6 %').waitFor();

    await page.getByRole('button', { name: 'Oproep aanmaken' }).click();
    // The service refuses a closing before the opening; its error shows at that field.
    await page.getByRole('alert').getByText('Er is een probleem').waitFor();
    await page.getByText('De sluiting moet na de opening liggen.').first().waitFor();
    expect(await page.getByLabel('Sluit op').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'call-editor-01-errors');

    await page.getByLabel('Sluit op').fill('2020-09-30T17:00');
    await page.getByRole('button', { name: 'Oproep aanmaken' }).click();
    await page.getByRole('heading', { name: 'Oproep DXL-2020', level: 1 }).waitFor();
    await checkPage(page, 'call-editor-02-draft');

    const id = page.url().split('/').pop() ?? '';
    const stored = await page.evaluate(async (callId) => (await fetch(`/calls/${callId}`)).json(), id);
    expect(stored).toMatchObject({ code: 'DXL-2020', envelope: 500_000_000, capPerProject: 99_900_000, referenceCost: 150_000_000, opensAt: '2020-07-01T08:00:00.000Z', closesAt: '2020-09-30T15:00:00.000Z', status: 'DRAFT' });
    expect(stored.rules.maxRate).toEqual({ numerator: 999_000, denominator: 1_500_000 });

    await page.getByRole('button', { name: 'Publiceren…' }).click();
    const dialog = page.getByRole('dialog', { name: 'DXL-2020 publiceren?' });
    await dialog.getByText('Na het publiceren liggen alle regels vast', { exact: false }).waitFor();
    await checkPage(page, 'call-editor-03-publish');
    await dialog.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByText('Gepubliceerd: de regels liggen vast').waitFor();
    expect(await page.getByRole('button', { name: 'Concept opslaan' }).count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Algemeen' }).getByLabel('Titel').isDisabled()).toBe(true);
  });

  it('writes the EDIH preselection: outcome, matching cofinancing and a yearly band, errors at their fields, shown on the call page', async () => {
    const page = await w.page();
    await signIn(page, 'pm@vlaanderen.test');
    await writeLabsCall(page, { code: 'EDIH-2020-PRE', title: 'Voorselectie European Digital Innovation Hubs', opensAt: '2020-06-29T09:00', closesAt: '2020-07-31T17:00' });
    const general = page.getByRole('group', { name: 'Algemeen' });
    await general.getByLabel('Programma').selectOption('EDIH');
    await general.getByLabel('Uitkomst van de beslissing').selectOption('PRESELECTION');
    await page.getByLabel('Budget van de oproep').fill('15.000.000');
    await page.getByLabel('Maximum per project').fill('3.000.000');
    await page.getByLabel('Referentiekost per project').fill('6.000.000');
    const rate = page.getByRole('group', { name: 'Maximaal steunpercentage' });
    await rate.getByLabel('Teller').fill('1');
    await rate.getByLabel('Noemer').fill('2');
    await rate.getByText('= 50 %').waitFor();
    await page.getByLabel('Matching cofinanciering', { exact: true }).check();
    await page.getByLabel('Naam van de matching').fill('Vlaamse matching (EWI)');
    await page.getByLabel('Bijdrage per projectjaar begrenzen').check();
    // Upside down on purpose: the service names the field.
    await page.getByLabel('Minimale bijdrage per projectjaar').fill('1.000.000');
    await page.getByLabel('Maximale bijdrage per projectjaar').fill('500.000');

    await page.getByRole('button', { name: 'Oproep aanmaken' }).click();
    await page.getByRole('alert').getByText('Er is een probleem').waitFor();
    await page.getByText('Het minimum mag niet boven het maximum liggen.').first().waitFor();
    expect(await page.getByLabel('Minimale bijdrage per projectjaar').getAttribute('aria-invalid')).toBe('true');
    // The matching's default code is that of the source taking the rest (VLAANDEREN): one code, one source.
    expect(await page.getByRole('textbox', { name: 'Code' }).nth(3).getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'call-editor-05-edih-errors');

    await page.getByLabel('Minimale bijdrage per projectjaar').fill('500.000');
    await page.getByLabel('Maximale bijdrage per projectjaar').fill('1.000.000');
    await page.getByRole('textbox', { name: 'Code' }).nth(3).fill('EWI');
    await page.getByRole('button', { name: 'Oproep aanmaken' }).click();
    await page.getByRole('heading', { name: 'Oproep EDIH-2020-PRE', level: 1 }).waitFor();
    const id = page.url().split('/').pop() ?? '';
    const stored = await page.evaluate(async (callId) => (await fetch(`/calls/${callId}`)).json(), id);
    expect(stored).toMatchObject({ programme: 'EDIH', outcome: 'PRESELECTION', capPerProject: 300_000_000 });
    expect(stored.rules.yearlyContribution).toEqual({ min: 50_000_000, max: 100_000_000 });
    expect(stored.rules.matchingCofinancing).toEqual({ code: 'EWI', name: 'Vlaamse matching (EWI)', minRatio: { numerator: 1, denominator: 1 } });
    await checkPage(page, 'call-editor-06-edih-draft');

    // The call page says it in words: the band, the matching and that the decision is a preselection.
    await page.goto(`/oproepen/${id}`);
    await page.getByText('Tussen € 500.000,00 en € 1.000.000,00 per projectjaar', { exact: false }).waitFor();
    await page.getByText('Vlaamse matching (EWI): minstens 100 % van de gevraagde bijdrage', { exact: false }).waitFor();
    await page.getByText('De beslissing is een voorselectie', { exact: false }).waitFor();
    await checkPage(page, 'call-editor-07-edih-call-page');
  });

  it('shows an applicant "not allowed" on the editor', async () => {
    const page = await w.page();
    await page.goto('/registreren');
    await w.t.http.post('/auth/register').send({ email: 'a@org.test', password: PASSWORD, fullName: 'Ann', organisation: { name: 'Org', enterpriseNumber: '0566.988.259', type: 'COMPANY' } }).expect(201);
    await signIn(page, 'a@org.test');
    await page.goto('/beheer/oproepen/nieuw');
    await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    await checkPage(page, 'call-editor-04-not-allowed');
  });
});
