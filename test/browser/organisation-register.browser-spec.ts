import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { Role } from '../../src/core/domain/roles';
import { applicant, enterpriseNumber, labsCall, PASSWORD, staff } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';

const PDF = Buffer.from('%PDF-1.4\n% statuten\n%%EOF\n');

describe('the programme secretariat verifies organisation types in the browser', () => {
  let w: WebTest;
  beforeAll(async () => {
    w = await startWebTest();
    await w.t.app.get(AuthService).createUser({ email: 'secretariaat@vlaanderen.test', password: PASSWORD, fullName: 'Sara Secretariaat', roles: [Role.PROGRAMME_MANAGER] }, systemActor('test'));
  });
  afterAll(() => w.close());

  it('lists the claimed types with their document, verifies one and rejects another with its reason', async () => {
    const { t } = w;
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const call = await labsCall(t, pm);
    const lead = await applicant(t, { name: 'Hogeschool Register' });
    const network = { enterpriseNumber: enterpriseNumber(), name: 'Netwerk met statuten vzw', organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' };
    const claimed = { enterpriseNumber: enterpriseNumber(), name: 'Bedrijf dat zich netwerk noemt', organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' };
    const created = await t.http.post(`/calls/${call.id}/applications`).set(lead.auth).send({ title: 'Lab', acronym: 'REG', province: 'BE24' }).expect(201);
    const id = created.body.id as string;
    await t.http
      .put(`/applications/${id}/partners`)
      .set(lead.auth)
      .send({ version: created.body.version, partners: [{ enterpriseNumber: lead.enterpriseNumber, name: 'Hogeschool Register', role: 'LEAD' }, network, claimed] })
      .expect(200);
    for (const partner of [network, claimed]) {
      await t.http.post(`/applications/${id}/partners/${partner.enterpriseNumber}/type-claim`).set(lead.auth).attach('file', PDF, { filename: `statuten-${partner.enterpriseNumber}.pdf`, contentType: 'application/pdf' }).expect(200);
    }

    const page = await w.page();
    await signIn(page, 'secretariaat@vlaanderen.test');
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Organisatieregister' }).click();
    await page.getByRole('heading', { name: 'Organisatieregister', level: 1 }).waitFor();
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    await row(network.name).waitFor();
    // The document is one click away, under its own name.
    await row(network.name).getByRole('link', { name: `Bewijsstuk statuten-${network.enterpriseNumber}.pdf van ${network.name} downloaden` }).waitFor();
    // The lead registered without a document: it cannot be verified yet.
    expect(await row('Hogeschool Register').getByRole('button', { name: 'Type van Hogeschool Register verifiëren' }).isDisabled()).toBe(true);
    await checkPage(page, 'register-01-queue');

    await row(network.name).getByLabel(`Motivering voor ${network.name}`).fill('Statuten: sectorfederatie');
    await row(network.name).getByRole('button', { name: `Type van ${network.name} verifiëren` }).click();
    await row(network.name).waitFor({ state: 'detached' });

    await row(claimed.name).getByRole('button', { name: `Type van ${claimed.name} afwijzen` }).click();
    await page.getByText('Geef een motivering voor de afwijzing.').waitFor();
    await checkPage(page, 'register-02-reason-required');
    await row(claimed.name).getByLabel(`Motivering voor ${claimed.name}`).fill('Een handelsvennootschap, geen sectorfederatie');
    await row(claimed.name).getByRole('button', { name: `Type van ${claimed.name} afwijzen` }).click();
    await row(claimed.name).waitFor({ state: 'detached' });

    await page.getByLabel('Tonen').selectOption({ label: 'Alle organisaties' });
    await row(network.name).getByText('Geverifieerd', { exact: true }).waitFor();
    await row(claimed.name).getByText('Afgewezen', { exact: true }).waitFor();
    await checkPage(page, 'register-03-all');

    const summary = await t.http.get(`/applications/${id}/budget-summary`).set(lead.auth).expect(200);
    expect((summary.body.findings as { code: string; message: string }[]).filter((f) => f.code === 'UNVERIFIED_ORGANISATION_TYPE').map((f) => f.message.split(':')[0])).toEqual(['Hogeschool Register', claimed.name]);
  });
});
