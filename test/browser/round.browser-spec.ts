import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthService } from '../../src/auth/auth.service';
import { systemActor } from '../../src/core/domain/actor';
import { OrganisationType } from '../../src/core/domain/organisation-type';
import { Role } from '../../src/core/domain/roles';
import { applicant, enterpriseNumber, evaluatedRound, labsCall, labsProposal, login, NETWORK_PARTNER, PASSWORD, type Session } from '../support/fixtures';
import { checkPage, signIn, startWebTest, tabTo, type WebTest } from './support/browser';

/** A programme manager runs the round in the browser: admissibility, assignment, consensus, ranking, award, decision. */
describe('a programme manager runs an evaluation round in the browser', () => {
  let w: WebTest;
  let callId: string;
  let evaluators: Session[];
  const pmEmail = 'programmabeheer@vlaanderen.test';

  beforeAll(async () => {
    w = await startWebTest();
    const { t } = w;
    const auth = t.app.get(AuthService);
    t.clock.set('2020-08-01T08:00:00Z');
    await auth.createUser({ email: pmEmail, password: PASSWORD, fullName: 'Pim Programma', roles: [Role.PROGRAMME_MANAGER] }, systemActor('test'));
    const pm = await login(t, pmEmail);
    callId = (await labsCall(t, pm)).id;
    for (const [i, province] of ['BE24', 'BE24', 'BE21'].entries()) {
      const lead = await applicant(t);
      const { id } = await labsProposal(t, lead, callId, province);
      await t.http.patch(`/applications/${id}`).set(lead.auth).send({ version: (await t.http.get(`/applications/${id}`).set(lead.auth)).body.version, acronym: `LAB${i + 1}` }).expect(200);
      t.clock.set(`2020-09-0${i + 1}T08:00:00Z`);
      await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `round-${id}`).expect(200);
    }
    t.clock.set('2020-10-01T08:00:00Z');
    evaluators = [];
    for (let i = 0; i < 3; i++) {
      // The third evaluator works for the business network that partners every proposal: always excluded.
      const organisation = i === 2 ? { enterpriseNumber: NETWORK_PARTNER.enterpriseNumber, name: NETWORK_PARTNER.name, type: OrganisationType.BUSINESS_NETWORK } : { enterpriseNumber: enterpriseNumber(), name: `Bureau ${i}`, type: OrganisationType.COMPANY };
      const email = `evaluator${i}@vlaanderen.test`;
      await auth.createUser({ email, password: PASSWORD, fullName: `Evaluator ${i + 1}`, roles: [Role.EVALUATOR], organisation }, systemActor('test'));
      evaluators.push(await login(t, email));
    }
  });
  afterAll(() => w.close());

  it('from admissibility to the decision letter', async () => {
    const { t } = w;
    const page = await w.page();
    await signIn(page, pmEmail);
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Evaluatierondes' }).click();
    await page.getByRole('heading', { name: 'Evaluatierondes' }).waitFor();
    await checkPage(page, 'round-01-calls');
    await page.getByRole('link', { name: /^DXL-/ }).click();
    await page.getByRole('table', { name: 'Voorstellen per provincie en stand, en de gevraagde subsidie' }).waitFor();
    await page.getByRole('tab', { name: '1. Ontvankelijkheid' }).click();
    await page.getByText('3 voorstellen wachten op een beslissing over de ontvankelijkheid; 0 zijn beslist.').waitFor();
    await checkPage(page, 'round-02-admissibility');
    for (let i = 0; i < 3; i++) {
      const card = page.getByRole('article').first();
      await card.getByLabel('Ontvankelijk', { exact: true }).check();
      await card.getByLabel('Motivering').fill('Volledig en tijdig ingediend');
      await card.getByRole('button', { name: 'Beslissing vastleggen' }).click();
      await page.getByText(`${2 - i} voorstellen wachten op een beslissing over de ontvankelijkheid; ${i + 1} zijn beslist.`).waitFor();
    }

    await page.getByRole('tab', { name: '2. Toewijzing' }).click();
    await page.getByLabel('Beoordelaars per voorstel').fill('1');
    await page.getByRole('button', { name: 'Automatisch toewijzen' }).click();
    await page.getByRole('table', { name: '3 toewijzingen' }).waitFor();
    // Evaluator 3 works for a partner of every proposal: shown with those conflicts, never offered.
    const pool = page.getByRole('table', { name: '3 beoordelaars met hun belasting en belangenconflicten' });
    expect(await pool.getByRole('row', { name: /^Evaluator 3/ }).innerText()).toMatch(/0\s+LAB1, LAB2, LAB3/);
    // Adjusted by hand: the second evaluator of each proposal.
    for (const acronym of ['LAB1', 'LAB2', 'LAB3']) {
      await page.getByRole('combobox', { name: 'Voorstel', exact: true }).selectOption({ label: `${acronym} – DigiHub` });
      const evaluator = page.getByRole('combobox', { name: 'Beoordelaar', exact: true });
      const free = await evaluator.locator('option:not([disabled])').allInnerTexts();
      expect(free.filter((o) => o.startsWith('Evaluator 3'))).toEqual([]);
      const pick = free.find((o) => /^Evaluator [12]$/.test(o));
      expect(pick).toBeDefined();
      await evaluator.selectOption({ label: pick ?? '' });
      await page.getByRole('button', { name: 'Toewijzen', exact: true }).click();
      await page.getByText('Toegewezen.').waitFor();
    }
    const assigned = page.getByRole('table', { name: '6 toewijzingen' });
    await assigned.waitFor();
    expect(await assigned.getByText('Evaluator 3').count()).toBe(0);
    expect(await assigned.getByText('Evaluator 1').count()).toBe(3);
    await checkPage(page, 'round-03-assignments');

    // The evaluators declare and score (their screens have their own spec).
    const scores = [{ STRATEGIC: 4, OPERATIONAL: 4, BUDGET: 4 }, { STRATEGIC: 3.5, OPERATIONAL: 4, BUDGET: 4 }, { STRATEGIC: 4.5, OPERATIONAL: 3, BUDGET: 3 }];
    const list = await t.http.get('/applications').query({ callId, pageSize: 10 }).set((await login(t, pmEmail)).auth).expect(200);
    const byAcronym = new Map((list.body.items as { id: string; acronym: string }[]).map((a) => [a.id, Number(a.acronym.slice(3)) - 1]));
    for (const evaluator of evaluators.slice(0, 2)) {
      const mine = await t.http.get('/me/assignments').query({ pageSize: 200 }).set(evaluator.auth).expect(200);
      for (const a of mine.body.items as { id: string; applicationId: string }[]) {
        const s = scores[byAcronym.get(a.applicationId) ?? 0];
        await t.http.post(`/assignments/${a.id}/declaration`).set(evaluator.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
        await t.http.put(`/assignments/${a.id}/scores`).set(evaluator.auth).send({ scores: Object.entries(s).map(([criterion, score]) => ({ criterion, score, comment: `Over ${criterion}` })) }).expect(200);
        await t.http.post(`/assignments/${a.id}/submit`).set(evaluator.auth).expect(200);
      }
    }

    await page.getByRole('tab', { name: 'Overzicht' }).click();
    const perProvince = page.getByRole('table', { name: 'Voorstellen per provincie en stand, en de gevraagde subsidie' });
    await perProvince.waitFor();
    expect(await perProvince.getByRole('row', { name: /^Vlaams-Brabant/ }).innerText()).toMatch(/2\s+€ 1\.998\.000,00/);
    const progress = page.getByRole('table', { name: 'Voortgang per beoordelaar' });
    // The tab first shows the progress it had cached before the scores went in through the API,
    // then what it fetched again: wait for the fetched figures.
    const evaluatorOne = await progress.getByRole('row', { name: /^Evaluator 1/ }).elementHandle();
    await page.waitForFunction((row) => /3\s+0\s+3\s+0/.test((row as HTMLElement).innerText), evaluatorOne);
    await page.getByRole('img', { name: 'Voortgang van de beoordelingen' }).waitFor();
    await checkPage(page, 'round-00-dashboard');

    await page.getByRole('tab', { name: '3. Consensus' }).click();
    for (const acronym of ['LAB1', 'LAB2', 'LAB3']) {
      await page.getByLabel('Voorstel', { exact: true }).selectOption({ label: `${acronym} – DigiHub` });
      await page.getByRole('table', { name: 'Individuele scores van 2 beoordelaars (alleen lezen)' }).waitFor();
      const comments = page.getByLabel('Motivering van de consensus');
      expect(await comments.count()).toBe(3);
      for (let i = 0; i < 3; i++) await comments.nth(i).fill(`Consensus ${acronym}`);
      if (acronym === 'LAB1') await checkPage(page, 'round-04-consensus');
      await page.getByRole('button', { name: 'Consensus opslaan' }).click();
      await page.getByText('Consensus opgeslagen.').waitFor();
    }

    await page.getByRole('tab', { name: '4. Rangschikking en toekenning' }).click();
    await page.getByRole('table', { name: 'Rangschikking van 3 voorstellen' }).waitFor();
    await page.getByRole('button', { name: 'Toekenningsvoorstel berekenen' }).click();
    const entries = page.getByRole('table', { name: 'Toekenning, reservelijst en afwijzingen' });
    await entries.waitFor();
    expect(await entries.getByText('Toegekend', { exact: true }).count()).toBe(2);
    expect(await entries.getByText('Reserve', { exact: true }).count()).toBe(1);
    await page.getByText('€ 1.998.000,00').first().waitFor();
    await checkPage(page, 'round-05-award-proposal');
    await page.getByRole('button', { name: 'Beslissing nemen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beslissing nemen?' });
    await dialog.getByText('U kent € 1.998.000,00 toe zoals voorgesteld.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Beslissing bevestigen' }).click();
    await page.getByText('2 toegekend, 1 op de reservelijst, 0 afgewezen.').waitFor();
    await checkPage(page, 'round-06-decided');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Beslissingsbrief LAB1/ }).click();
    const file = await (await download).path();
    const dir = mkdtempSync(join(tmpdir(), 'letter-'));
    writeFileSync(join(dir, 'x'), '');
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('€ 999.000,00');
    expect(text).toMatch(/toegekend|toekenning/i);
  });
  it('a preselection call: the decision step speaks of voorselectie, grants nothing and shows the list with its letters and export', async () => {
    const { t } = w;
    const pm = await login(t, pmEmail);
    const round = await evaluatedRound(
      t,
      pm,
      [
        { province: 'BE24', scores: { STRATEGIC: 40, OPERATIONAL: 35 } },
        { province: 'BE21', scores: { STRATEGIC: 25, OPERATIONAL: 45 } },
      ],
      { call: 'edih' },
    );
    const page = await w.page();
    await signIn(page, pmEmail);
    await page.goto(`/evaluaties/${round.callId}?stap=rangschikking`);
    await page.getByRole('table', { name: 'Rangschikking van 2 voorstellen' }).waitFor();
    await page.getByRole('button', { name: 'Toekenningsvoorstel berekenen' }).click();
    const entries = page.getByRole('table', { name: 'Voorselectie, reservelijst en afwijzingen' });
    await entries.waitFor();
    expect(await entries.getByText('Voorgeselecteerd', { exact: true }).count()).toBe(1);
    expect(await entries.getByText('Niet voorgeselecteerd', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Voorselectie vastleggen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Voorselectie vastleggen?' });
    await dialog.getByText('Er worden geen subsidies aangemaakt', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Voorselectie bevestigen' }).click();
    await page.getByText('1 voorgeselecteerd, 0 op de reservelijst, 1 niet voorgeselecteerd.').waitFor();
    const list = page.getByRole('table', { name: 'Voorselectie: 1 kandidaten in volgorde' });
    await list.waitFor();
    await list.getByRole('rowheader', { name: /^EDIH1/ }).waitFor();
    expect(await list.getByText('€ 3.000.000,00').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('link', { name: 'Voorselectie als CSV' }).waitFor();
    await page.getByRole('link', { name: /^Voorselectiebrief EDIH1/ }).waitFor();
    await checkPage(page, 'round-07-preselection');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM grants WHERE call_id = $1`, [round.callId]);
    expect(n).toBe(0);
  });

  it('runs admissibility, consensus, award and decision with the keyboard alone', async () => {
    const { t } = w;
    // A second call, evaluated by API up to the individual scores.
    t.clock.set('2020-08-01T08:00:00Z');
    const pm = await login(t, pmEmail);
    const call = await labsCall(t, pm);
    for (const [i, province] of ['BE22', 'BE23'].entries()) {
      const lead = await applicant(t);
      const { id } = await labsProposal(t, lead, call.id, province, { title: 'Toetslab', acronym: `KEY${i + 1}` });
      await t.http.post(`/applications/${id}/submit`).set(lead.auth).set('Idempotency-Key', `key-${id}`).expect(200);
    }
    t.clock.set('2020-10-01T08:00:00Z');

    const page = await w.page();
    await page.goto('/aanmelden');
    await tabTo(page, 'E-mailadres');
    await page.keyboard.type(pmEmail);
    await tabTo(page, 'Wachtwoord');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mijn taken', level: 1 }).waitFor();
    await tabTo(page, 'Evaluatierondes');
    await page.keyboard.press('Enter');
    await tabTo(page, `${call.body.code} –`);
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Voorstellen per provincie en stand, en de gevraagde subsidie' }).waitFor();
    /** Tab into the step list, then arrow keys to the step (the list is one tab stop, as WAI-ARIA tabs are). */
    const step = async (name: string) => {
      for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.getAttribute('role'))) !== 'tab'; i++) await page.keyboard.press('Tab');
      for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== name; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.getByRole('tab', { name, selected: true }).waitFor();
    };

    await step('1. Ontvankelijkheid');
    for (let i = 0; i < 2; i++) {
      await tabTo(page, 'Ontvankelijk');
      await page.keyboard.press('Space');
      await tabTo(page, 'Motivering');
      await page.keyboard.type('Volledig');
      await tabTo(page, 'Beslissing vastleggen');
      await page.keyboard.press('Enter');
      await page.getByText(`${1 - i} voorstellen wachten op een beslissing over de ontvankelijkheid; ${i + 1} zijn beslist.`).waitFor();
    }

    await t.http.post(`/calls/${call.id}/assignments`).set(pm.auth).send({ mode: 'auto', evaluatorsPerProposal: 2, evaluatorIds: evaluators.map((e) => e.userId) }).expect(201);
    for (const evaluator of evaluators.slice(0, 2)) {
      const mine = await t.http.get('/me/assignments').query({ callId: call.id, pageSize: 200 }).set(evaluator.auth).expect(200);
      for (const a of mine.body.items as { id: string; callId: string }[]) {
        await t.http.post(`/assignments/${a.id}/declaration`).set(evaluator.auth).send({ noConflictOfInterest: true, acceptConfidentiality: true }).expect(200);
        await t.http.put(`/assignments/${a.id}/scores`).set(evaluator.auth).send({ scores: ['STRATEGIC', 'OPERATIONAL', 'BUDGET'].map((criterion) => ({ criterion, score: 4, comment: 'Goed' })) }).expect(200);
        await t.http.post(`/assignments/${a.id}/submit`).set(evaluator.auth).expect(200);
      }
    }

    await step('3. Consensus');
    for (let n = 0; n < 2; n++) {
      await tabTo(page, 'Voorstel');
      await page.keyboard.press('ArrowDown');
      await page.getByRole('table', { name: 'Individuele scores van 2 beoordelaars (alleen lezen)' }).waitFor();
      for (let i = 0; i < 3; i++) {
        await tabTo(page, 'Motivering van de consensus');
        await page.keyboard.type(`Eens ${i}`);
      }
      await tabTo(page, 'Consensus opslaan');
      await page.keyboard.press('Enter');
      await page.getByText('Consensus opgeslagen.').waitFor();
      await page.keyboard.press('Shift+Tab');
    }

    await step('4. Rangschikking en toekenning');
    await page.getByRole('table', { name: 'Rangschikking van 2 voorstellen' }).waitFor();
    await tabTo(page, 'Toekenningsvoorstel berekenen');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Toekenning, reservelijst en afwijzingen' }).waitFor();
    await tabTo(page, 'Beslissing nemen');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Beslissing nemen?' }).waitFor();
    await tabTo(page, 'Beslissing bevestigen', 10);
    await page.keyboard.press('Enter');
    await page.getByText('2 toegekend, 0 op de reservelijst, 0 afgewezen.').waitFor();
  });

  it('a ranking above one server page: every page fetched, 100 rows at a time with their ranks, paged with the keyboard', async () => {
    // 1.250 ranked proposals would take minutes through the API: the ranking answers are stood in for, in the service's pages of 1.000.
    const total = 1250;
    const entries = Array.from({ length: total }, (_, i) => ({
      applicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      acronym: `R${i + 1}`,
      title: `Voorstel ${i + 1}`,
      province: 'BE24',
      rank: i + 1,
      weightedTotal: 80 - Math.floor(i / 2) / 100,
      unweightedTotal: 80,
      passed: true,
      criteria: [],
      requestedSubsidy: 100_000_00,
      submittedAt: '2020-09-01T08:00:00.000Z',
      tieBreak: i % 2 === 1 ? { by: 'SUBMISSION_TIME', weightedTotal: 80 - Math.floor(i / 2) / 100, equalOn: [] } : null,
      tieBreakNote: null,
    }));
    const asked: string[] = [];
    const page = await w.page();
    await page.route(new RegExp(`/calls/${callId}/ranking(\\?|$)`), async (route) => {
      const after = Number(new URL(route.request().url()).searchParams.get('after') ?? 0);
      asked.push(String(after));
      const rows = entries.slice(after, after + 1000);
      const nextCursor = after + 1000 < total ? after + 1000 : null;
      await route.fulfill({ json: { callId, entries: rows, pending: [], tieBreakOrder: ['STRATEGIC'], tieBreakRule: '', nextCursor } });
    });
    await signIn(page, pmEmail);
    await page.goto(`/evaluaties/${callId}?stap=rangschikking`);
    const table = page.getByRole('table', { name: /^Rangschikking van 1\.?250 voorstellen$/ });
    await table.waitFor();
    expect(asked).toEqual(['0', '1000']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getByRole('cell').first().innerText()).toBe('1');
    expect(await rows.nth(1).getByRole('cell').last().innerText()).not.toBe('');
    await page.getByText(/^Plaatsen 1 tot 100 van 1\.?250$/).waitFor();
    await checkPage(page, 'round-09-ranking-paged');

    await page.getByRole('heading', { level: 1 }).focus();
    await tabTo(page, 'Pagina 13: plaatsen 1201 tot 1250');
    await page.keyboard.press('Enter');
    await page.getByText(/^Plaatsen 1\.?201 tot 1\.?250 van 1\.?250$/).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await rows.first().getByRole('cell').first().innerText()).toBe('1201');
    expect(await rows.last().getByRole('rowheader').innerText()).toBe('R1250 – Voorstel 1250');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText(/^Plaatsen 1\.?101 tot 1\.?200 van 1\.?250$/).waitFor();
    expect(await rows.first().getByRole('cell').first().innerText()).toBe('1101');
    await checkPage(page, 'round-10-ranking-last-pages');
  });

  it('an award proposal above one server page: the rest followed through entriesNextCursor, 100 rows at a time with their ranks', async () => {
    // As above: 1.250 entries stood in for, the computation's first 1.000 and the entries page after them.
    const total = 1250;
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const ranked = Array.from({ length: total }, (_, i) => ({
      applicationId: id(i),
      acronym: `A${i + 1}`,
      title: `Voorstel ${i + 1}`,
      province: 'BE24',
      rank: i + 1,
      weightedTotal: 80,
      unweightedTotal: 80,
      passed: true,
      criteria: [],
      requestedSubsidy: 100_000_00,
      submittedAt: '2020-09-01T08:00:00.000Z',
      tieBreak: null,
      tieBreakNote: null,
    }));
    const awarded = ranked.map((e, i) => ({
      applicationId: e.applicationId,
      rank: e.rank,
      province: 'BE24',
      outcome: i < 10 ? 'AWARD' : 'RESERVE',
      amount: i < 10 ? 100_000_00 : 0,
      requestedSubsidy: 100_000_00,
      reasonCode: i < 10 ? 'AWARDED' : 'ENVELOPE_EXHAUSTED',
      reasonParams: i < 10 ? {} : { remaining: 0, needed: 100_000_00 },
      reason: '',
    }));
    const proposalId = '00000000-0000-4000-8000-aaaaaaaaaaaa';
    const asked: string[] = [];
    const page = await w.page();
    await page.route(new RegExp(`/calls/${callId}/ranking(\\?|$)`), (route) =>
      route.fulfill({ json: { callId, entries: ranked, pending: [], tieBreakOrder: ['STRATEGIC'], tieBreakRule: '', nextCursor: null } }),
    );
    await page.route(new RegExp(`/calls/${callId}/award-proposal(\\?|$)`), async (route) => {
      asked.push('0');
      await route.fulfill({
        json: { id: proposalId, callId, status: 'PROPOSED', entries: awarded.slice(0, 1000), entryCount: total, entriesNextCursor: 1000, totalAwarded: 10 * 100_000_00, alreadyCommitted: 0, remainingEnvelope: 0, computedAt: '2020-10-01T08:00:00.000Z' },
      });
    });
    await page.route(new RegExp(`/award-proposals/${proposalId}/entries(\\?|$)`), async (route) => {
      const after = Number(new URL(route.request().url()).searchParams.get('after') ?? 0);
      asked.push(String(after));
      await route.fulfill({ json: { items: awarded.slice(after, after + 1000), nextCursor: after + 1000 < total ? after + 1000 : null } });
    });
    await signIn(page, pmEmail);
    await page.goto(`/evaluaties/${callId}?stap=rangschikking`);
    await page.getByRole('table', { name: /^Rangschikking van 1\.?250 voorstellen$/ }).waitFor();
    await page.getByRole('button', { name: 'Toekenningsvoorstel berekenen' }).focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Toekenning, reservelijst en afwijzingen' });
    await table.waitFor();
    const pager = page.getByRole('navigation', { name: "Pagina's van het toekenningsvoorstel" });
    await pager.getByText(/^Plaatsen 1 tot 100 van 1\.?250$/).waitFor();
    expect(asked).toEqual(['0', '1000']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getByRole('cell').first().innerText()).toBe('1');
    await checkPage(page, 'round-11-award-paged');

    await page.getByRole('button', { name: 'Opnieuw berekenen' }).focus();
    await tabTo(page, 'Pagina 13: plaatsen 1201 tot 1250');
    await page.keyboard.press('Enter');
    await pager.getByText(/^Plaatsen 1\.?201 tot 1\.?250 van 1\.?250$/).waitFor();
    expect(await rows.count()).toBe(50);
    expect(await rows.first().getByRole('cell').first().innerText()).toBe('1201');
    expect(await rows.last().getByRole('rowheader').innerText()).toBe('A1250 – Voorstel 1250');
    await page.getByRole('button', { name: 'Beslissing nemen' }).waitFor();
    await checkPage(page, 'round-12-award-last-page');
  });
});
