import { startTestIdp, type TestIdp } from '../support/oidc-idp';
import { checkPage, freePort, startWebTest, type WebTest } from './support/browser';

describe('signing in through an OpenID Connect provider in the browser', () => {
  let w: WebTest;
  let idp: TestIdp;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const client = {
      clientId: 'efro-web',
      clientSecret: 'secret-of-efro-web-0123456789',
      redirectUri: `${base}/auth/oidc/vlaanderen/callback`,
      postLogoutRedirectUri: `${base}/aanmelden?afgemeld=1`,
    };
    idp = await startTestIdp([client]);
    const provider = {
      name: 'vlaanderen',
      label: 'Vlaamse overheid (test)',
      issuer: idp.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: client.redirectUri,
      scopes: 'openid email profile efro',
      roles: [{ claim: 'groups', value: 'efro-evaluatoren', roles: ['EVALUATOR'] }],
    };
    w = await startWebTest({ port, env: { OIDC_PROVIDERS: JSON.stringify([provider]), LOCAL_SIGN_IN_ROLES: 'ADMIN' } });
  });
  afterAll(async () => {
    await w.close();
    await idp.close();
  });

  it('signs in with the provider\'s button, lands signed in, signs out there too, and explains a refusal', async () => {
    idp.accounts.set('an-peeters', { email: 'an.peeters@vlaanderen.test', name: 'An Peeters', groups: ['efro-evaluatoren'] });
    const page = await w.page();
    await page.goto('/aanmelden');
    const button = page.getByRole('link', { name: 'Aanmelden via Vlaamse overheid (test)' });
    await button.waitFor();
    await checkPage(page, 'oidc-01-sign-in');

    await button.click();
    // The provider's own login page (oidc-provider's development page; not ours to check).
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByPlaceholder('Enter any login').fill('an-peeters');
    await page.getByPlaceholder('and password').fill('wat dan ook');
    await page.getByRole('button', { name: 'Sign-in' }).click();

    await page.getByRole('heading', { name: 'Mijn taken', level: 1 }).waitFor();
    await page.getByText('Aangemeld als An Peeters').waitFor();
    await checkPage(page, 'oidc-02-signed-in');
    const cookies = await page.context().cookies(w.baseUrl);
    expect(cookies.find((c) => c.name === 'efro_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await page.getByRole('button', { name: 'Afmelden' }).click();
    // RP-initiated logout: the provider asks to confirm, then sends the browser back.
    await page.waitForURL(`${idp.issuer}/session/end**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL('**/aanmelden?afgemeld=1');
    await page.getByText('U bent afgemeld').waitFor();
    await checkPage(page, 'oidc-03-signed-out');
    expect((await page.context().cookies(w.baseUrl)).find((c) => c.name === 'efro_session')).toBeUndefined();

    // The provider's session ended too: the next sign-in asks for the login again. This time
    // the claims map to no role, and the page says so.
    idp.accounts.set('an-peeters', { email: 'an.peeters@vlaanderen.test', name: 'An Peeters', groups: ['personeelsdienst'] });
    await page.getByRole('link', { name: 'Aanmelden via Vlaamse overheid (test)' }).click();
    await page.getByPlaceholder('Enter any login').fill('an-peeters');
    await page.getByPlaceholder('and password').fill('wat dan ook');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL('**/aanmelden?fout=unmapped&aanbieder=vlaanderen');
    await page.getByRole('alert').getByText('Vlaamse overheid (test) meldt geen rol').waitFor();
    // Only administrators keep the password form here.
    await page.getByLabel('E-mailadres').waitFor();
    await checkPage(page, 'oidc-04-refused');
  });
});
