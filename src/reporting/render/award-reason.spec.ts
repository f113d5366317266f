import { Province } from '../../core/domain/provinces';
import { awardReasonDutch } from './award-reason';

const titles = new Map([['STRATEGIC', 'Strategische relevantie']]);

describe('award reasons in the Dutch of the decision letters', () => {
  it('words each code as the ranking page does in Dutch', () => {
    expect(awardReasonDutch({ code: 'AWARDED' }, titles)).toBe('Toegekend: past binnen het budget en het quotum per provincie.');
    expect(awardReasonDutch({ code: 'PROVINCE_QUOTA_REACHED', quota: 1, province: Province.ANTWERPEN }, titles)).toBe('Reserve: het quotum van 1 per provincie is bereikt voor Antwerpen.');
    expect(awardReasonDutch({ code: 'ENVELOPE_EXHAUSTED', remaining: 50_000_000, needed: 99_900_000 }, titles)).toBe('Reserve: het budget volstaat niet (nog € 500.000,00 beschikbaar, € 999.000,00 nodig).');
    expect(
      awardReasonDutch(
        { code: 'BELOW_THRESHOLD', failures: [{ criterion: 'STRATEGIC', score: 2.5, threshold: 3 }, { criterion: null, score: 5.5, threshold: 6 }] },
        titles,
      ),
    ).toBe('Afgewezen: onder de drempel voor Strategische relevantie (2,5 < 3) en voor het totaal (5,5 < 6).');
  });
});
