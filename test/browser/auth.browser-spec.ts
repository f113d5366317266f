import { checkPage, startWebTest, type WebTest } from './support/browser';
import { enterpriseNumber, PASSWORD } from '../support/fixtures';

describe('signing up and in through the web application', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await startWebTest();
  });
  afterAll(() => w.close());

  it('serves the web application at / and for deep links, JSON to API clients', async () => {
    const root = await fetch(`${w.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(root.headers.get('content-type')).toContain('text/html');
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${w.baseUrl}/aanvragen/123`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-security-policy')).toContain(`script-src 'self'`);
    const api = await fetch(`${w.baseUrl}/calls`, { headers: { accept: 'text/html,application/json' } });
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('registers an applicant with an organisation, signs out and signs in again', async () => {
    const page = await w.page();
    await page.goto('/');
    await page.waitForURL('**/aanmelden?terug=*');
    await checkPage(page, 'auth-01-sign-in');
    await page.getByRole('link', { name: 'Registreer uw organisatie' }).click();
    await page.getByRole('heading', { name: 'Registreren' }).waitFor();

    await page.getByLabel('Uw naam').fill('An Peeters');
    await page.getByLabel('E-mailadres').fill('an.peeters@vil.test');
    await page.getByLabel('Kies een wachtwoord').fill('kort');
    await page.getByText('Nog te kort: minstens 10 tekens.').waitFor();
    await page.getByLabel('Kies een wachtwoord').fill(PASSWORD);
    await page.getByText('Het wachtwoord voldoet.').waitFor();
    await page.getByLabel('Naam van de organisatie').fill('Vlaams Instituut voor de Logistiek');
    const number = page.getByLabel('Ondernemingsnummer');
    await number.fill('0566.988.258');
    await number.blur();
    await page.getByText('Dit is geen geldig ondernemingsnummer', { exact: false }).waitFor();
    await checkPage(page, 'auth-02-register-errors');
    await number.fill(enterpriseNumber());
    await page.getByLabel('Soort organisatie').selectOption({ label: 'Kennisinstelling (hogeschool, universiteit)' });
    await page.getByRole('button', { name: 'Account aanmaken' }).click();

    await page.getByRole('heading', { name: 'Mijn taken' }).waitFor();
    await page.getByText('Aangemeld als An Peeters').waitFor();
    await checkPage(page, 'auth-03-dashboard');

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'efro_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('ey');

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    // The copied cookie no longer opens anything: sign-out ended the session on the server.
    const replay = await fetch(`${w.baseUrl}/auth/session`, { headers: { cookie: `efro_session=${session?.value}` } });
    expect(replay.status).toBe(401);

    await page.getByLabel('E-mailadres').fill('an.peeters@vil.test');
    await page.getByLabel('Wachtwoord').fill('verkeerd wachtwoord');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByText('Het e-mailadres of het wachtwoord klopt niet.').first().waitFor();
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('heading', { name: 'Mijn taken' }).waitFor();
  });

  it('switches to English and keeps the choice', async () => {
    const page = await w.page();
    await page.goto('/aanmelden');
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await checkPage(page, 'auth-04-sign-in-en');
  });
});
