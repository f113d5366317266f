import type { BrowserContext, Page } from 'playwright-core';
import { Role } from '../../src/core/domain/roles';
import { digitalExperienceLabsCall } from '../../src/demo/demo-calls';
import { applicant, awardedGrant, labsProposal, staff, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, type WebTest } from './support/browser';

/**
 * Issue 18's auditor and issue 15's deadlines in the browser: the auditor reads a grant and a
 * proposal with their audit trail and finds nothing to change; a programme manager extends an
 * open call's closing date; the secretariat asks a clarification during admissibility and the
 * applicant answers it on the receipt page, the proposal staying as submitted.
 */
const NOW = new Date('2021-05-10T08:00:00Z');
const OPEN_CALL = { ...digitalExperienceLabsCall(), code: 'DXL-2021', title: 'Digital Experience Labs 2021', opensAt: '2021-05-01T09:00:00+02:00', closesAt: '2021-06-30T17:00:00+02:00' };
const CLOSED_CALL = { ...digitalExperienceLabsCall(), code: 'DXL-2021-VROEG', title: 'Digital Experience Labs voorjaar 2021', opensAt: '2021-03-01T09:00:00+01:00', closesAt: '2021-05-05T17:00:00+02:00' };
const QUESTION = 'Bezorg de ondertekende engagementsverklaring van de partner.';
const ANSWER = 'De verklaring is ondertekend op 11 mei 2021 door de gedelegeerd bestuurder.';

describe('the auditor, closing extensions and clarifications in the browser', () => {
  let w: WebTest;
  let pm: Session;
  let grantId: string;
  let awardedId: string;
  let openCallId: string;
  let closedCallId: string;
  let screenedId: string;
  let screenedLead: Session;
  let draftId: string;
  const emails: Record<string, string> = {};

  const emailOf = async (s: Session) => ((await w.t.db.query(`SELECT email FROM users WHERE id = $1`, [s.userId])) as { email: string }[])[0].email;

  beforeAll(async () => {
    w = await startWebTest();
    const t = w.t;
    pm = await staff(t, Role.PROGRAMME_MANAGER);
    emails.pm = await emailOf(pm);
    emails.auditor = await emailOf(await staff(t, Role.AUDITOR));
    const round = await awardedGrant(t, pm);
    grantId = round.grant.id;
    awardedId = round.applicationIds[0];

    t.clock.set('2021-04-10T08:00:00Z');
    for (const body of [OPEN_CALL, CLOSED_CALL]) {
      const created = await t.http.post('/calls').set(pm.auth).send(body).expect(201);
      await t.http.post(`/calls/${created.body.id}/publish`).set(pm.auth).expect(200);
      if (body === OPEN_CALL) openCallId = created.body.id;
      else closedCallId = created.body.id;
    }
    const lead = await applicant(t);
    screenedLead = lead;
    emails.lead = await emailOf(lead);
    screenedId = (await labsProposal(t, lead, closedCallId, 'BE22', { title: 'Lab in screening', acronym: 'SCREEN' })).id;
    await t.http.post(`/applications/${screenedId}/submit`).set(lead.auth).set('Idempotency-Key', `screen-${screenedId}`).expect(200);
    draftId = (await labsProposal(t, lead, openCallId, 'BE22', { title: 'Lab in opmaak', acronym: 'OPMAAK' })).id;
    t.clock.set(NOW);
  });
  afterAll(() => w.close());

  async function browserAt(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await w.context();
    await context.clock.setFixedTime(NOW);
    return { context, page: await context.newPage() };
  }

  it('lets the auditor read grants and proposals with their audit trail, and offers nothing to change', async () => {
    const { page } = await browserAt();
    await signIn(page, emails.auditor);
    const nav = page.getByRole('navigation', { name: 'Hoofdnavigatie' });
    await nav.getByRole('link', { name: 'Subsidies', exact: true }).waitFor();
    for (const hidden of ['Mijn subsidies', 'Evaluatierondes', 'Beoordelingen', 'Financiën', 'Gebruikers']) {
      expect(await nav.getByRole('link', { name: hidden, exact: true }).count()).toBe(0);
    }
    await page.getByRole('heading', { name: 'Audit', level: 2 }).waitFor();
    await checkPage(page, 'audit-01-auditor-dashboard');

    await nav.getByRole('link', { name: 'Subsidies', exact: true }).click();
    await page.getByRole('heading', { name: 'Subsidies', level: 1 }).waitFor();
    await page.getByRole('link', { name: /DigiHub/ }).click();
    await page.waitForURL(`**/subsidies/${grantId}`);
    const trail = page.getByRole('table', { name: /Wie wat deed en wanneer/ });
    await trail.getByRole('row', { name: /Subsidie toegekend/ }).waitFor();
    // The calendar offers the statements as PDF, not the beneficiary's forms.
    await page.getByRole('heading', { name: 'Rapporteringskalender' }).waitFor();
    expect(await page.getByRole('link', { name: /^Voortgangsrapport / }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Kostenstaat / }).count()).toBe(0);
    await checkPage(page, 'audit-02-auditor-grant');

    await page.goto(`/aanvragen/${awardedId}/ontvangstbewijs`);
    const proposalTrail = page.getByRole('table', { name: /Wie wat deed en wanneer/ });
    await proposalTrail.getByRole('row', { name: /Aanvraag ingediend/ }).waitFor();
    await proposalTrail.getByRole('row', { name: /Ontvankelijk verklaard/ }).waitFor();
    expect(await page.getByRole('button', { name: /intrekken/i }).count()).toBe(0);
    await checkPage(page, 'audit-03-auditor-receipt');

    // A draft opens read-only: the forms are the lead applicant's.
    await page.goto(`/aanvragen/${draftId}`);
    await page.getByText('Dit ontwerp wordt gewijzigd door de hoofdaanvrager; u kunt het lezen.').waitFor();
    await page.getByRole('link', { name: '6. Indienen' }).click();
    await page.getByText('Dit ontwerp wordt gewijzigd door de hoofdaanvrager; u kunt het lezen.').waitFor();
    expect(await page.getByRole('button', { name: /indienen|opslaan/i }).count()).toBe(0);

    await page.goto(`/aanvragen/${awardedId}/ontvangstbewijs`);
    await page.getByRole('heading', { name: 'Audittrail', level: 2 }).waitFor();
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('heading', { name: 'Audit trail', level: 2 }).waitFor();
    await page.getByRole('table', { name: /Who did what and when/ }).getByRole('row', { name: /Proposal submitted/ }).waitFor();
    await checkPage(page, 'audit-04-auditor-receipt-en');
  });

  it('lets the programme manager extend an open call\'s closing date, with a reason', async () => {
    const { page } = await browserAt();
    await signIn(page, emails.pm);
    await page.goto(`/oproepen/${openCallId}`);
    await page.getByRole('heading', { name: 'Sluitingsdatum verlengen', level: 2 }).waitFor();
    await page.getByLabel('Nieuwe sluitingsdatum').fill('2021-07-15T17:00');
    await page.getByRole('button', { name: 'Sluitingsdatum verlengen' }).click();
    await page.getByText('Geef de reden van de verlenging.').waitFor();
    await page.getByLabel('Reden').fill('Storing van het e-loket op 28 juni');
    await page.getByRole('button', { name: 'Sluitingsdatum verlengen' }).click();
    await page.getByRole('status').getByText('Verlengd: de oproep sluit nu op 15 juli 2021, 17:00.').waitFor();
    await checkPage(page, 'audit-05-extend-closing');
    const call = await w.t.http.get(`/calls/${openCallId}`).expect(200);
    expect(call.body.closesAt).toBe('2021-07-15T15:00:00.000Z');

    // A closed call offers no extension.
    await page.goto(`/oproepen/${closedCallId}`);
    await page.getByRole('heading', { name: 'Digital Experience Labs voorjaar 2021', level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: 'Sluitingsdatum verlengen' }).count()).toBe(0);
  });

  it('asks a clarification on the admissibility card, and the applicant answers it on the receipt page without changing the proposal', async () => {
    const before = (await w.t.http.get(`/applications/${screenedId}/receipt`).set(screenedLead.auth).expect(200)).body.sha256 as string;
    const pmPage = (await browserAt()).page;
    await signIn(pmPage, emails.pm);
    await pmPage.goto(`/evaluaties/${closedCallId}?stap=ontvankelijkheid`);
    const card = pmPage.getByRole('article', { name: 'SCREEN – Lab in screening' });
    await card.getByLabel('Vraag aan de aanvrager').fill(QUESTION);
    await card.getByLabel('Antwoord vóór').fill('2021-05-20T17:00');
    await card.getByRole('button', { name: 'Verduidelijking vragen' }).click();
    await card.getByText('Wacht op antwoord').waitFor();
    await card.getByText('Antwoord vóór 20 mei 2021, 17:00 (Brusselse tijd)').waitFor();
    await checkPage(pmPage, 'audit-06-clarification-asked');

    const { page } = await browserAt();
    await signIn(page, emails.lead);
    await page.goto(`/aanvragen/${screenedId}/ontvangstbewijs`);
    await page.getByText(QUESTION).waitFor();
    await page.getByLabel('Uw antwoord').fill(ANSWER);
    await page.getByRole('button', { name: 'Antwoord versturen' }).click();
    await page.getByText('Beantwoord', { exact: true }).waitFor();
    await page.getByText(ANSWER).waitFor();
    // The applicant sees no audit trail: the API does not let them read it.
    expect(await page.getByRole('heading', { name: 'Audittrail' }).count()).toBe(0);
    await checkPage(page, 'audit-07-clarification-answered');

    const after = (await w.t.http.get(`/applications/${screenedId}/receipt`).set(screenedLead.auth).expect(200)).body.sha256 as string;
    expect(after).toBe(before);
    await pmPage.reload();
    await pmPage.getByRole('article', { name: 'SCREEN – Lab in screening' }).getByText(ANSWER).waitFor();
  });
});
