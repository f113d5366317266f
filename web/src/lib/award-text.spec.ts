import i18next, { type TFunction } from 'i18next';
import en from '../i18n/award.en.json';
import nl from '../i18n/award.nl-BE.json';
import { awardReasonText, tieBreakRuleText, tieBreakText, type TextContext } from './award-text';

const criteria = new Map([
  ['STRATEGIC', 'Strategische relevantie'],
  ['OPERATIONAL', 'Operationele kwaliteit'],
]);

async function context(language: 'nl-BE' | 'en'): Promise<TextContext> {
  const instance = i18next.createInstance();
  await instance.init({ lng: language, resources: { 'nl-BE': { award: nl }, en: { award: en } }, defaultNS: 'award', interpolation: { escapeValue: false } });
  const t: TFunction = instance.t;
  return { t, language, criteria, province: (code) => ({ BE21: 'Antwerpen' })[code] ?? code };
}

describe('ranking and award texts from the service codes', () => {
  it('words a tie-break in Dutch with the criterion titles and Dutch decimals', async () => {
    const c = await context('nl-BE');
    expect(tieBreakText(c, { by: 'CRITERION', weightedTotal: 7.5, equalOn: [], criterion: 'STRATEGIC', before: 4, after: 3.5 })).toBe(
      'Gelijk op het gewogen totaal 7,5; Strategische relevantie beslist (4 > 3,5).',
    );
    expect(tieBreakText(c, { by: 'SUBMISSION_TIME', weightedTotal: 8, equalOn: ['STRATEGIC', 'OPERATIONAL'] })).toBe(
      'Gelijk op het gewogen totaal 8, Strategische relevantie en Operationele kwaliteit; het vroegere indientijdstip beslist.',
    );
    expect(tieBreakRuleText(c, ['STRATEGIC', 'OPERATIONAL'])).toBe('Volgorde: het gewogen totaal, bij gelijke stand Strategische relevantie en Operationele kwaliteit, daarna het vroegere indientijdstip.');
  });

  it('words every award reason in Dutch, and in English when chosen', async () => {
    const nlc = await context('nl-BE');
    expect(awardReasonText(nlc, { reasonCode: 'AWARDED', reasonParams: {}, reason: 'x' })).toBe('Toegekend: past binnen het budget en het quotum per provincie.');
    expect(awardReasonText(nlc, { reasonCode: 'PROVINCE_QUOTA_REACHED', reasonParams: { quota: 1, province: 'BE21' }, reason: 'x' })).toBe('Reserve: het quotum van 1 per provincie is bereikt voor Antwerpen.');
    expect(awardReasonText(nlc, { reasonCode: 'ENVELOPE_EXHAUSTED', reasonParams: { remaining: 50_000_000, needed: 99_900_000 }, reason: 'x' })).toBe(
      'Reserve: het budget volstaat niet (nog € 500.000,00 beschikbaar, € 999.000,00 nodig).',
    );
    const failures = { failures: [{ criterion: 'STRATEGIC', score: 2.5, threshold: 3 }, { criterion: null, score: 5.5, threshold: 6 }] };
    expect(awardReasonText(nlc, { reasonCode: 'BELOW_THRESHOLD', reasonParams: failures, reason: 'x' })).toBe('Afgewezen: onder de drempel voor Strategische relevantie (2,5 < 3) en voor het totaal (5,5 < 6).');
    const enc = await context('en');
    expect(awardReasonText(enc, { reasonCode: 'BELOW_THRESHOLD', reasonParams: failures, reason: 'x' })).toBe('Rejected: below the threshold for Strategische relevantie (2.5 < 3) and for the total (5.5 < 6).');
    expect(tieBreakText(enc, { by: 'APPLICATION_ID', weightedTotal: 8, equalOn: ['STRATEGIC'] })).toBe('Tied on the weighted total 8, Strategische relevantie, and the submission time; the file number decides.');
  });

  it('shows the stored sentence of a proposal computed before reasons had codes', async () => {
    expect(awardReasonText(await context('nl-BE'), { reasonCode: null, reasonParams: {}, reason: 'awarded: within envelope and province quota' })).toBe('awarded: within envelope and province quota');
  });
});
