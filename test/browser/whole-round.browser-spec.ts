import { execFileSync } from 'node:child_process';
import { type Page, type Response } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { OrganisationType } from '../../src/core/domain/organisation-type';
import { Role } from '../../src/core/domain/roles';
import { applicant, enterpriseNumber, labsBudget, NETWORK_PARTNER, PASSWORD, verifyRegisteredTypes, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, tabTo, type WebTest } from './support/browser';
import { writeLabsCall } from './support/call-editor';

/**
 * One whole call round in real Chromium, each person on their own screens: the programme
 * manager writes and publishes the call, applicants' proposals come in while it is open (seeded
 * through the API, the clock moved past opening and closing), the programme manager decides
 * admissibility and assigns automatically, each evaluator declares (one declares a conflict)
 * and scores, then consensus, ranking, award proposal, decision, and the decision letters read
 * back from the PDFs the page links to.
 */
describe('a whole call round in the browser, from a new call to the decision letters', () => {
  let w: WebTest;
  const pmEmail = 'programmabeheer@ronde.test';
  const evaluatorEmails = ['beoordelaar1@ronde.test', 'beoordelaar2@ronde.test', 'beoordelaar3@ronde.test'];
  /** The third evaluator's organisation is a partner of LAB3: the automatic assignment leaves that pair out. */
  const conflictedOrganisation = { enterpriseNumber: enterpriseNumber(), name: 'Netwerk Limburg', type: OrganisationType.BUSINESS_NETWORK };
  let leads: { lead: Session & { enterpriseNumber: string }; id: string }[] = [];

  beforeAll(async () => {
    w = await startWebTest({ now: '2020-06-20T08:00:00Z' });
    const auth = w.t.app.get(AuthService);
    await auth.createUser({ email: pmEmail, password: PASSWORD, fullName: 'Pim Programma', roles: [Role.PROGRAMME_MANAGER] }, systemActor('test'));
    for (const [i, email] of evaluatorEmails.entries()) {
      const organisation = i === 2 ? conflictedOrganisation : { enterpriseNumber: enterpriseNumber(), name: `Bureau ${i + 1}`, type: OrganisationType.COMPANY };
      await auth.createUser({ email, password: PASSWORD, fullName: `Evaluator ${i + 1}`, roles: [Role.EVALUATOR], organisation }, systemActor('test'));
    }
  });
  afterAll(() => w.close());

  /** The lab proposals: LAB1 and LAB2 in Vlaams-Brabant (one lab per province), LAB3 in Antwerpen with the third evaluator's organisation as partner. */
  const PROPOSALS = [
    { acronym: 'LAB1', province: 'BE24', partner: NETWORK_PARTNER },
    { acronym: 'LAB2', province: 'BE24', partner: NETWORK_PARTNER },
    { acronym: 'LAB3', province: 'BE21', partner: { enterpriseNumber: conflictedOrganisation.enterpriseNumber, name: conflictedOrganisation.name, organisationType: 'BUSINESS_NETWORK', role: 'PARTNER' } },
  ];
  /** Every evaluator scores a proposal alike: LAB1 and LAB2 tie on 7,5 (Strategische relevantie decides), LAB3 misses the threshold of 3 on it. */
  const SCORES: Record<string, [string, string]> = { LAB1: ['4', '3,5'], LAB2: ['3,5', '4'], LAB3: ['2,5', '4'] };
  const CRITERIA = ['Strategische relevantie', 'Operationele kwaliteit'];

  /** A submitted proposal, built through the API as an applicant's screens would (they have their own spec). */
  async function submitProposal({ acronym, province, partner }: (typeof PROPOSALS)[number], callId: string) {
    const { t } = w;
    const lead = await applicant(t, { name: `Hogeschool ${acronym}` });
    const created = await t.http.post(`/calls/${callId}/applications`).set(lead.auth).send({ acronym, title: 'Digital Lab', summary: 'Een Digital Experience Lab', province, startDate: '2021-03-01' }).expect(201);
    const id = (created.body as { id: string }).id;
    const partners = await t.http
      .put(`/applications/${id}/partners`)
      .set(lead.auth)
      .send({ version: created.body.version, partners: [{ enterpriseNumber: lead.enterpriseNumber, name: `Hogeschool ${acronym}`, organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' }, partner] })
      .expect(200);
    // The secretariat verified the consortium's types in the organisation register (its own spec).
    await verifyRegisteredTypes(t, [lead.enterpriseNumber, partner.enterpriseNumber]);
    await t.http.put(`/applications/${id}/budget`).set(lead.auth).send({ version: partners.body.version, lines: labsBudget(lead.enterpriseNumber, partner.enterpriseNumber) }).expect(200);
    await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `whole-${id}`).expect(200);
    return { lead, id };
  }

  /** The PDF behind a link on the page, as its text with whitespace collapsed (pdftotext wraps lines). */
  async function downloadText(page: Page, link: RegExp): Promise<string> {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: link }).click();
    const file = await (await download).path();
    return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
  }

  it('runs from the call editor to the decision letters, every page checked', async () => {
    const { t } = w;
    const pmPage = await w.page();
    const page = pmPage;

    // ── The programme manager writes the call and publishes it.
    await signIn(page, pmEmail);
    await writeLabsCall(page, { code: 'WR-2020', title: 'Digital Experience Labs, hele ronde', opensAt: '2020-07-01T10:00', closesAt: '2020-09-30T17:00' });
    await checkPage(page, 'whole-01-call-editor');
    await page.getByRole('button', { name: 'Oproep aanmaken' }).click();
    await page.getByRole('heading', { name: 'Oproep WR-2020', level: 1 }).waitFor();
    const callId = page.url().split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Publiceren…' }).click();
    const publish = page.getByRole('dialog', { name: 'WR-2020 publiceren?' });
    await publish.getByText('Na het publiceren liggen alle regels vast', { exact: false }).waitFor();
    await checkPage(page, 'whole-02-publish-confirm');
    await publish.getByRole('button', { name: 'Publiceren' }).click();
    await page.getByText('Gepubliceerd: de regels liggen vast').waitFor();
    await checkPage(page, 'whole-03-published');

    // ── Proposals come in while the call is open; then it closes.
    t.clock.set('2020-08-01T08:00:00Z');
    leads = [];
    for (const [i, p] of PROPOSALS.entries()) {
      t.clock.set(`2020-09-0${i + 1}T08:00:00Z`);
      leads.push(await submitProposal(p, callId));
    }
    t.clock.set('2020-10-01T08:00:00Z');

    // ── Admissibility. Months later: the session of the summer has expired, so the programme manager signs in again.
    await signIn(page, pmEmail);
    await page.goto('/evaluaties');
    await page.getByRole('link', { name: /^WR-2020/ }).click();
    await page.getByRole('tab', { name: '1. Ontvankelijkheid' }).click();
    await page.getByText('3 voorstellen wachten op een beslissing over de ontvankelijkheid; 0 zijn beslist.').waitFor();
    await checkPage(page, 'whole-04-admissibility');
    for (let i = 0; i < 3; i++) {
      const card = page.getByRole('article').first();
      await card.getByLabel('Ontvankelijk', { exact: true }).check();
      await card.getByLabel('Motivering').fill('Volledig en tijdig ingediend');
      await card.getByRole('button', { name: 'Beslissing vastleggen' }).click();
      await page.getByText(`${2 - i} voorstellen wachten op een beslissing over de ontvankelijkheid; ${i + 1} zijn beslist.`).waitFor();
    }

    // ── Automatic assignment: two evaluators per proposal from three; the third never on LAB3.
    await page.getByRole('tab', { name: '2. Toewijzing' }).click();
    await page.getByLabel('Beoordelaars per voorstel').fill('2');
    await page.getByRole('button', { name: 'Automatisch toewijzen' }).click();
    const assigned = page.getByRole('table', { name: '6 toewijzingen' });
    await assigned.waitFor();
    const pool = page.getByRole('table', { name: '3 beoordelaars met hun belasting en belangenconflicten' });
    expect(await pool.getByRole('row', { name: /^Evaluator 3/ }).innerText()).toMatch(/^Evaluator 3\s+\d\s+LAB3$/);
    const lab3Row = await assigned.getByRole('row', { name: /LAB3/ }).allInnerTexts();
    expect(lab3Row.join('\n')).not.toContain('Evaluator 3');
    await checkPage(page, 'whole-05-assignments');

    // ── Each evaluator on their own screens. The first declares a conflict on their first assignment.
    let conflicted = '';
    const counts: number[] = [];
    for (const [n, email] of evaluatorEmails.entries()) {
      const own = await w.page();
      await signIn(own, email);
      await own.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Beoordelingen' }).click();
      await own.getByRole('heading', { name: 'Mijn beoordelingen' }).waitFor();
      await own.getByRole('table', { name: /toegewezen voorstellen$/ }).waitFor();
      // Before the declaration the list names no proposal.
      expect(await own.getByRole('main').innerText()).not.toMatch(/LAB\d/);
      if (n === 0) await checkPage(own, 'whole-06-evaluator-assignments');
      const todo = own.getByRole('link', { name: /^Verklaring afleggen: / });
      // The planner spreads six assignments over three evaluators; who gets which depends on their ids.
      const count = await todo.count();
      expect(count).toBeGreaterThan(0);
      for (let k = 0; k < count; k++) {
        await own.getByRole('link', { name: /^Verklaring afleggen: / }).first().click();
        await own.getByRole('heading', { name: 'Verklaring over belangenconflicten en vertrouwelijkheid' }).waitFor();
        expect(await own.getByRole('main').innerText()).not.toMatch(/LAB\d|Digital Lab/);
        if (n === 0 && k === 0) {
          await checkPage(own, 'whole-07-declaration');
          await own.getByLabel('Ja, ik heb een belangenconflict').check();
          await own.getByLabel('Beschrijf het belangenconflict').fill('Ik adviseerde de hoofdaanvrager bij dit voorstel.');
          await own.getByRole('button', { name: 'Verklaring bevestigen' }).click();
          const confirm = own.getByRole('dialog', { name: 'Belangenconflict melden?' });
          await confirm.getByRole('button', { name: 'Belangenconflict melden' }).click();
          await own.getByRole('heading', { name: 'Belangenconflict gemeld' }).waitFor();
          conflicted = own.url().split('/').pop() ?? '';
          await checkPage(own, 'whole-08-conflict-declared');
          await own.getByRole('link', { name: '← Mijn beoordelingen' }).click();
          // The list may first show its cached rows, where this assignment still awaits its declaration.
          await own.getByRole('table', { name: /toegewezen voorstellen$/ }).getByText('Belangenconflict gemeld', { exact: true }).waitFor();
          continue;
        }
        // The third evaluator does their last assignment with the keyboard alone.
        const keyboard = n === 2 && k === count - 1;
        if (keyboard) {
          await tabTo(own, 'Nee, ik heb geen belangenconflict');
          await own.keyboard.press('Space');
          await tabTo(own, 'Ik behandel het voorstel');
          await own.keyboard.press('Space');
          await tabTo(own, 'Verklaring bevestigen');
          await own.keyboard.press('Enter');
        } else {
          await own.getByLabel('Nee, ik heb geen belangenconflict met dit voorstel').check();
          await own.getByLabel('Ik behandel het voorstel en mijn beoordeling vertrouwelijk').check();
          await own.getByRole('button', { name: 'Verklaring bevestigen' }).click();
        }
        const heading = own.getByRole('heading', { name: /^LAB\d – Digital Lab$/, level: 1 });
        await heading.waitFor();
        const acronym = (await heading.innerText()).slice(0, 4);
        // The frozen proposal, read-only, with its budget summary.
        await own.getByRole('table', { name: '2 partners' }).waitFor();
        await own.getByRole('table', { name: 'Subsidiabele kosten per partner' }).waitFor();
        if (n === 0) await checkPage(own, 'whole-09-proposal');
        const comment = (name: string) => `${acronym}: ${name} volgens evaluator ${n + 1}`;
        if (keyboard) {
          // The tab list is one tab stop; the arrow key moves to (and opens) the scores.
          await tabTo(own, 'Voorstel (zoals ingediend)');
          await own.keyboard.press('ArrowRight');
          await own.getByRole('tab', { name: 'Mijn scores', selected: true }).waitFor();
          await own.getByRole('group', { name: new RegExp(`^${CRITERIA[0]}`) }).waitFor();
          for (const [i, name] of CRITERIA.entries()) {
            await tabTo(own, 'Score');
            // From "Kies een score…", one step down per half point.
            const steps = Number(SCORES[acronym][i].replace(',', '.')) / 0.5 + 1;
            for (let d = 0; d < steps; d++) await own.keyboard.press('ArrowDown');
            await tabTo(own, 'Motivering');
            await own.keyboard.type(comment(name));
          }
          await tabTo(own, 'Concept opslaan');
          await own.keyboard.press('Enter');
          await own.getByText('Concept opgeslagen.').waitFor();
          await tabTo(own, 'Beoordeling indienen');
          await own.keyboard.press('Enter');
          await own.getByRole('dialog', { name: 'Beoordeling indienen?' }).waitFor();
          await tabTo(own, 'Indienen', 10);
          await own.keyboard.press('Enter');
        } else {
          await own.getByRole('tab', { name: 'Mijn scores' }).click();
          for (const [i, name] of CRITERIA.entries()) {
            const group = own.getByRole('group', { name: new RegExp(`^${name}`) });
            await group.getByLabel('Score').selectOption(SCORES[acronym][i]);
            await group.getByLabel('Motivering').fill(comment(name));
          }
          await own.getByRole('button', { name: 'Concept opslaan' }).click();
          await own.getByText('Concept opgeslagen.').waitFor();
          if (n === 0) await checkPage(own, 'whole-10-scores-draft');
          // The draft is kept: after a reload the same text is there.
          await own.reload();
          // The reloaded page settled as on the first visit (proposal in), then the scores tab, seen open.
          await own.getByRole('table', { name: 'Subsidiabele kosten per partner' }).waitFor();
          await own.getByRole('tab', { name: 'Mijn scores' }).click();
          await own.getByRole('tab', { name: 'Mijn scores', selected: true }).waitFor();
          const first = own.getByRole('group', { name: new RegExp(`^${CRITERIA[0]}`) }).getByLabel('Motivering');
          await first.waitFor();
          expect(await first.inputValue()).toBe(comment(CRITERIA[0]));
          await own.getByRole('button', { name: 'Beoordeling indienen' }).click();
          await own.getByRole('dialog', { name: 'Beoordeling indienen?' }).getByRole('button', { name: 'Indienen' }).click();
        }
        await own.getByText('Uw beoordeling is ingediend en kan niet meer worden gewijzigd.').waitFor();
        expect(await own.getByRole('button', { name: 'Beoordeling indienen' }).count()).toBe(0);
        if (n === 0) await checkPage(own, 'whole-11-scores-submitted');
        await own.getByRole('link', { name: '← Mijn beoordelingen' }).click();
        await own.getByRole('table', { name: /toegewezen voorstellen$/ }).waitFor();
      }
      // The list may first show what it had cached before the last submission: wait for the refetched rows.
      const submitted = n === 0 ? count - 1 : count;
      await own.getByText('Ingediend', { exact: true }).nth(submitted - 1).waitFor();
      expect(await own.getByText('Ingediend', { exact: true }).count()).toBe(submitted);
      counts.push(count);
      if (n === 0) {
        expect(await own.getByText('Belangenconflict gemeld', { exact: true }).count()).toBe(1);
        await checkPage(own, 'whole-12-evaluator-done');
        // The ended assignment stays closed, also by URL, and the service hides its proposal.
        await own.goto(`/beoordelingen/${conflicted}`);
        await own.getByRole('heading', { name: 'Belangenconflict gemeld' }).waitFor();
        expect(await own.evaluate(async (id) => (await fetch(`/assignments/${id}/proposal`)).status, conflicted)).toBe(404);
      }
      await own.context().close();
    }

    // ── The programme manager sees the progress, sets the consensus, ranks, proposes and decides.
    await page.getByRole('tab', { name: 'Overzicht' }).click();
    const progress = page.getByRole('table', { name: 'Voortgang per beoordelaar' });
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    // Evaluator 1: assigned, declared but not submitted, submitted, conflicts. Waited for, since the
    // tab first shows what it held before the evaluators worked, then refreshes.
    await progress.getByRole('row', { name: new RegExp(`^Evaluator 1\\s+${counts[0]}\\s+0\\s+${counts[0] - 1}\\s+1$`) }).waitFor();
    await page.getByRole('img', { name: 'Voortgang van de beoordelingen' }).waitFor();
    await checkPage(page, 'whole-13-dashboard');

    await page.getByRole('tab', { name: '3. Consensus' }).click();
    for (const acronym of ['LAB1', 'LAB2', 'LAB3']) {
      await page.getByLabel('Voorstel', { exact: true }).selectOption({ label: `${acronym} – Digital Lab` });
      await page.getByRole('table', { name: /^Individuele scores van [12] beoordelaars \(alleen lezen\)$/ }).waitFor();
      // The proposed consensus is the evaluators' (equal) scores.
      expect(await page.getByLabel('Consensusscore').first().inputValue()).toBe(SCORES[acronym][0].replace(',', '.'));
      const comments = page.getByLabel('Motivering van de consensus');
      for (let i = 0; i < 2; i++) await comments.nth(i).fill(`Consensus over ${acronym}`);
      if (acronym === 'LAB1') await checkPage(page, 'whole-14-consensus');
      await page.getByRole('button', { name: 'Consensus opslaan' }).click();
      await page.getByText('Consensus opgeslagen.').waitFor();
    }

    await page.getByRole('tab', { name: '4. Rangschikking en toekenning' }).click();
    const ranking = page.getByRole('table', { name: 'Rangschikking van 3 voorstellen' });
    await ranking.waitFor();
    await page.getByText('Volgorde: het gewogen totaal, bij gelijke stand Strategische relevantie en Operationele kwaliteit, daarna het vroegere indientijdstip.').waitFor();
    const lab2 = await ranking.getByRole('row', { name: /LAB2/ }).innerText();
    expect(lab2).toMatch(/^2\s/);
    expect(lab2).toContain('Gelijk op het gewogen totaal 7,5; Strategische relevantie beslist (4 > 3,5).');
    expect(await ranking.getByRole('row', { name: /LAB3/ }).innerText()).toContain('Niet gehaald: Strategische relevantie');
    await checkPage(page, 'whole-15-ranking');

    await page.getByRole('button', { name: 'Toekenningsvoorstel berekenen' }).click();
    const entries = page.getByRole('table', { name: 'Toekenning, reservelijst en afwijzingen' });
    await entries.waitFor();
    const row = (acronym: string) => entries.getByRole('row', { name: new RegExp(acronym) }).innerText();
    expect(await row('LAB1')).toMatch(/Toegekend\s+€\s999\.000,00\s+Toegekend: past binnen het budget en het quotum per provincie\./i);
    expect(await row('LAB2')).toContain('Reserve: het quotum van 1 per provincie is bereikt voor Vlaams-Brabant.');
    const rejection = 'Afgewezen: onder de drempel voor Strategische relevantie (2,5 < 3).';
    expect(await row('LAB3')).toContain(rejection);
    await checkPage(page, 'whole-16-award-proposal');

    await page.getByRole('button', { name: 'Beslissing nemen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beslissing nemen?' });
    await dialog.getByText('U kent € 999.000,00 toe zoals voorgesteld.', { exact: false }).waitFor();
    await checkPage(page, 'whole-17-decision-confirm');
    await dialog.getByRole('button', { name: 'Beslissing bevestigen' }).click();
    await page.getByText('1 toegekend, 1 op de reservelijst, 1 afgewezen.').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await checkPage(page, 'whole-18-decided');

    // ── The decision letters, from the links on the page, say what the screen says.
    const awarded = await downloadText(page, /^Beslissingsbrief LAB1/);
    expect(awarded).toContain('LAB1: Digital Lab');
    expect(awarded).toContain('De managementautoriteit kent aan het project LAB1 een subsidie toe van € 999.000,00');
    expect(awarded).toContain('Vlaams-Brabant');
    const reserve = await downloadText(page, /^Beslissingsbrief LAB2/);
    expect(reserve).toContain('Het projectvoorstel staat op de reservelijst, op plaats 1.');
    const rejected = await downloadText(page, /^Beslissingsbrief LAB3/);
    expect(rejected).toContain('De managementautoriteit kent geen subsidie toe aan dit projectvoorstel.');
    expect(rejected).toContain(rejection);

    // ── The rejected applicant reads the same reason on their result page; typing the programme
    // manager's URLs gets them "not allowed", and no round data reaches the browser.
    const outsider = await w.page();
    await signIn(outsider, (await t.http.get('/auth/me').set(leads[2].lead.auth).expect(200)).body.email as string);
    await outsider.goto(`/aanvragen/${leads[2].id}/resultaat`);
    await outsider.getByText(`Motivering: ${rejection}`).waitFor();
    await checkPage(outsider, 'whole-19-applicant-result');
    const answers: string[] = [];
    outsider.on('response', (r: Response) => {
      const path = new URL(r.url()).pathname;
      if (/^\/(calls|applications|assignments|users)\b/.test(path)) answers.push(`${r.status()} ${path}`);
    });
    for (const url of [`/evaluaties/${callId}?stap=rangschikking`, `/beheer/oproepen/${callId}`, '/beheer/gebruikers']) {
      await outsider.goto(url);
      await outsider.getByRole('heading', { name: 'Geen toegang' }).waitFor();
      expect(await outsider.getByRole('main').innerText()).not.toMatch(/LAB2|LAB3|Evaluator/);
    }
    await checkPage(outsider, 'whole-20-applicant-not-allowed');
    expect(answers.filter((a) => a.startsWith('200') && /ranking|assignments|evaluators|\/users/.test(a))).toEqual([]);
    // Four people's sessions and about forty pages through one Chromium: longer than one page's budget.
  }, 600_000);
});
