import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { Role } from '../../src/core/domain/roles';
import { PASSWORD } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';

describe('administrators manage accounts in the browser', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await startWebTest();
    await w.t.app.get(AuthService).createUser({ email: 'beheerder@vlaanderen.test', password: PASSWORD, fullName: 'Bea Beheer', roles: [Role.ADMIN] }, systemActor('test'));
  });
  afterAll(() => w.close());

  it('creates a staff account, changes its roles and deactivates it, which ends its session at once', async () => {
    const admin = await w.page();
    await signIn(admin, 'beheerder@vlaanderen.test');
    await admin.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Gebruikers' }).click();
    await admin.getByRole('heading', { name: 'Gebruikers', level: 1 }).waitFor();

    await admin.getByRole('button', { name: 'Account aanmaken' }).click();
    await admin.getByRole('alert').getByText('Er is een probleem').waitFor();
    await checkPage(admin, 'users-01-create-errors');
    await admin.getByLabel('Naam').fill('Eva Beoordelaar');
    await admin.getByLabel('E-mailadres').fill('eva@vlaanderen.test');
    await admin.getByLabel('Eerste wachtwoord').fill(PASSWORD);
    await admin.getByLabel('Beoordelaar').check();
    await admin.getByRole('button', { name: 'Account aanmaken' }).click();
    await admin.getByText('Account eva@vlaanderen.test aangemaakt.').waitFor();
    const row = admin.getByRole('row', { name: /Eva Beoordelaar/ });
    await row.getByRole('cell', { name: 'Beoordelaar', exact: true }).waitFor();
    await checkPage(admin, 'users-02-list');

    // Eva signs in elsewhere.
    const eva = await w.page();
    await signIn(eva, 'eva@vlaanderen.test');
    await eva.getByRole('link', { name: 'Beoordelingen' }).waitFor();

    await row.getByRole('button', { name: 'Rollen wijzigen van Eva Beoordelaar' }).click();
    await row.getByLabel('Financieel medewerker').check();
    await row.getByRole('button', { name: 'Rollen opslaan' }).click();
    await row.getByRole('cell', { name: 'Beoordelaar, Financieel medewerker', exact: true }).waitFor();

    await row.getByRole('button', { name: 'Deactiveren: Eva Beoordelaar' }).click();
    await admin.getByRole('dialog', { name: 'Eva Beoordelaar deactiveren?' }).getByRole('button', { name: 'Deactiveren' }).click();
    await row.getByText('Gedeactiveerd').waitFor();

    // Her open session stops on the very next request.
    const status = await eva.evaluate(async () => (await fetch('/auth/session')).status);
    expect(status).toBe(401);
  });
});
