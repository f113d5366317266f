import type { Locator, Page } from 'playwright-core';

/**
 * From the call list, opens the call editor and fills in the general part with the labs call's
 * money (€ 5.000.000 envelope, € 999.000 cap on € 1.500.000, rate 999.000/1.500.000), up to the
 * worked example next to the rate. Returns the rate's group for what a spec checks there.
 */
export async function writeLabsCall(page: Page, call: { code: string; title: string; opensAt: string; closesAt: string }): Promise<Locator> {
  await page.goto('/oproepen');
  await page.getByRole('link', { name: 'Nieuwe oproep' }).click();
  await page.getByRole('heading', { name: 'Nieuwe oproep', level: 1 }).waitFor();
  const general = page.getByRole('group', { name: 'Algemeen' });
  await general.getByLabel('Code').fill(call.code);
  await general.getByLabel('Titel').fill(call.title);
  await page.getByLabel('Opent op').fill(call.opensAt);
  await page.getByLabel('Sluit op').fill(call.closesAt);
  await page.getByLabel('Budget van de oproep').fill('5.000.000');
  await page.getByLabel('Maximum per project').fill('999.000');
  await page.getByLabel('Referentiekost per project').fill('1.500.000');
  const rate = page.getByRole('group', { name: 'Maximaal steunpercentage' });
  await rate.getByLabel('Teller').fill('999000');
  await rate.getByLabel('Noemer').fill('1500000');
  await page.getByText('Voorbeeld: € 1.500.000,00 kost → € 999.000,00 subsidie').waitFor();
  return rate;
}
