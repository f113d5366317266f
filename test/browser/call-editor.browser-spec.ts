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
