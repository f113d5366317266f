import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { checkPage } from './browser';

/**
 * The beneficiary's steps on the reporting screens, shared by the spec of those screens and the
 * whole reporting journey, so that both walk the same path a person does.
 */

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

/** The files a beneficiary picks from disk: proofs of each kind and one of the wrong type. */
export function writeSupportingFiles(folder: string): void {
  writeFileSync(join(folder, 'activiteiten.pdf'), PDF);
  writeFileSync(join(folder, 'loonbrief.pdf'), Buffer.concat([PDF, Buffer.from('loon juni')]));
  writeFileSync(join(folder, 'factuur.png'), PNG);
  writeFileSync(join(folder, 'betaalbewijs.pdf'), Buffer.concat([PDF, Buffer.from('betaald')]));
  writeFileSync(join(folder, 'notities.txt'), 'geen bewijsstuk');
}

/** Picks files with the area's button, through the browser's file chooser, as a person would. */
export async function pickFiles(page: Page, button: string, paths: string[]): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(paths);
}

/** On the progress report of period 1: the narrative and indicators, a document, then submitted. */
export async function fileProgressReport(page: Page, folder: string, shot: string): Promise<void> {
  await page.getByRole('heading', { name: 'Voortgangsrapport periode 1', level: 1 }).waitFor();
  await page.getByLabel('Verloop van de periode').fill('Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab; drie vonden een partner.');
  await page.getByLabel('Bediende bedrijven').fill('12');
  await page.getByLabel('Uitgevoerde tests').fill('31');
  await page.getByRole('button', { name: 'Opslaan als ontwerp' }).click();
  await page.getByText('Opgeslagen.').waitFor();
  await pickFiles(page, 'Bestanden kiezen: Bewijsstukken van het voortgangsrapport', [join(folder, 'activiteiten.pdf')]);
  await page.getByRole('list', { name: 'Bewijsstukken van het voortgangsrapport' }).getByRole('link', { name: 'activiteiten.pdf' }).waitFor();
  await checkPage(page, shot);
  await page.getByRole('button', { name: 'Voortgangsrapport indienen' }).click();
  await page.getByRole('dialog', { name: 'Voortgangsrapport indienen?' }).getByRole('button', { name: 'Ja, indienen' }).click();
  await page.getByRole('status').filter({ hasText: 'Ingediend op' }).waitFor();
}

/**
 * On the cost statement of period 1: a staff line with the 1.720-hour helper (€ 60.000,00 a year
 * for 500 hours: € 17.441,86) and a real cost of € 1.500,00, saved as a draft.
 */
export async function declareTwoLines(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Kostenstaat periode 1', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Lijn toevoegen: Personeelskosten, Hogeschool' }).click();
  const line1 = page.getByRole('group', { name: 'Lijn 1' });
  await line1.getByLabel('Omschrijving').fill('Coördinatie van het lab');
  await line1.getByLabel('Referentie').fill('LOON-2021-06');
  await line1.getByLabel('Betaaldatum').fill('25/06/2021');
  await line1.getByLabel('Persoon of functie').fill('Labcoördinator');
  await line1.getByLabel('Uren').fill('500');
  await line1.getByLabel('Jaarlijkse brutoloonkost').fill('60.000,00');
  // 60.000,00 ÷ 1.720 h = 34,88…/h; × 500 h rounded down once: 17.441,86.
  await line1.getByText('Uurloon € 34,88 (€ 60.000,00 ÷ 1.720 uur); hoogstens 1.720 uur per jaar; bedrag van deze lijn: € 17.441,86.').waitFor();
  await page.getByRole('button', { name: 'Lijn toevoegen: Werkingskosten, Voka Kamer van Koophandel' }).click();
  const line2 = page.getByRole('group', { name: 'Lijn 2' });
  await line2.getByLabel('Omschrijving').fill('Sensorkits');
  await line2.getByLabel('Referentie').fill('F2021-0142');
  await line2.getByLabel('Betaaldatum').fill('15/04/2021');
  await line2.getByLabel('Bedrag').fill('1.500,00');
  await page.getByRole('button', { name: 'Opslaan als ontwerp' }).click();
  await page.getByText('Opgeslagen.').waitFor();
}

/** Submits the statement of period 1 through its confirmation, which states the totals. */
export async function submitStatement(page: Page, shot?: string): Promise<void> {
  await page.getByRole('button', { name: 'Kostenstaat indienen' }).click();
  const confirm = page.getByRole('dialog', { name: 'Kostenstaat periode 1 indienen?' });
  await confirm.getByText('2 lijnen, directe kosten € 18.941,86, indirecte kosten (forfait) € 2.616,27, samen € 21.558,13.', { exact: false }).waitFor();
  if (shot) await checkPage(page, shot);
  await confirm.getByRole('button', { name: 'Ja, indienen' }).click();
  await page.getByRole('status').filter({ hasText: 'Ingediend, wacht op nazicht' }).waitFor();
}

/** From the grant page: the returned statement, finance's question answered at line 2 with a proof, resubmitted. */
export async function answerAndResubmit(page: Page, grantId: string, folder: string, shot: string): Promise<void> {
  await page.goto(`/subsidies/${grantId}`);
  const first = page.getByRole('table', { name: /Elke periode/ }).getByRole('row', { name: /^Periode 1/ });
  await first.getByText('Kostenstaat: teruggestuurd, te corrigeren').waitFor();
  await first.getByRole('link', { name: 'Kostenstaat Periode 1', exact: true }).click();
  await page.getByText('Eén lijn mist een betalingsbewijs; zie de vraag.').waitFor();
  const line2 = page.getByRole('group', { name: 'Lijn 2' });
  await line2.getByText('Bezorg het betalingsbewijs van deze factuur.').waitFor();
  await line2.getByLabel('Uw antwoord op de vraag over lijn 2').fill('Betaald op 16/04/2021 per overschrijving; het bewijs is toegevoegd.');
  await pickFiles(page, 'Bestanden kiezen: Bewijsstukken van lijn 2', [join(folder, 'betaalbewijs.pdf')]);
  await page.getByRole('list', { name: 'Bewijsstukken van lijn 2' }).getByRole('link', { name: 'betaalbewijs.pdf' }).waitFor();
  await checkPage(page, shot);
  await page.getByRole('button', { name: 'Kostenstaat indienen' }).click();
  await page.getByRole('dialog', { name: 'Kostenstaat periode 1 indienen?' }).getByRole('button', { name: 'Ja, indienen' }).click();
  await page.getByRole('status').filter({ hasText: 'Ingediend, wacht op nazicht' }).waitFor();
}
