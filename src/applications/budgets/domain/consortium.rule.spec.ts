import { ConsortiumRules } from '../../../calls/domain/call-rules';
import { OrganisationType } from '../../../core/domain/organisation-type';
import { checkConsortium, ConsortiumPartner } from './consortium.rule';

/** A valid enterprise number built from its first eight digits (check = 97 − body mod 97). */
const kbo = (body: number): string => `${String(body).padStart(8, '0')}${String(97 - (body % 97)).padStart(2, '0')}`;

const LABS: ConsortiumRules = {
  minPartners: 2,
  maxPartners: 4,
  requiredTypeGroups: [
    [OrganisationType.RESEARCH_ORGANISATION, OrganisationType.KNOWLEDGE_INSTITUTION],
    [OrganisationType.BUSINESS_NETWORK],
  ],
};

function member(name: string, organisationType: OrganisationType, body: number, isLead = false): ConsortiumPartner {
  return { name, organisationType, enterpriseNumber: kbo(body), isLead, typeVerification: 'VERIFIED' };
}

const vub = member('VUB', OrganisationType.KNOWLEDGE_INSTITUTION, 4_497_179, true);
const voka = member('Voka', OrganisationType.BUSINESS_NETWORK, 2_000_000);
const sirris = member('Sirris', OrganisationType.RESEARCH_ORGANISATION, 3_000_000);

describe('checkConsortium', () => {
  it('accepts a lab consortium of a knowledge institution and a business network', () => {
    expect(checkConsortium([vub, voka], LABS)).toEqual([]);
  });

  it('needs a lead partner', () => {
    expect(checkConsortium([{ ...vub, isLead: false }, voka], LABS)).toEqual([
      { code: 'NO_LEAD', severity: 'error', field: 'partners', message: 'The consortium needs exactly one lead partner' },
    ]);
  });

  it('reports every lead after the first', () => {
    const findings = checkConsortium([vub, voka, { ...sirris, isLead: true }], LABS);
    expect(findings).toEqual([
      {
        code: 'MULTIPLE_LEADS',
        severity: 'error',
        field: 'partners[2].isLead',
        message: 'Sirris is a second lead partner; only one partner may lead',
      },
    ]);
  });

  it('needs the minimum number of partners', () => {
    const findings = checkConsortium([{ ...vub, organisationType: OrganisationType.BUSINESS_NETWORK }], LABS);
    expect(findings.map((f) => f.code)).toEqual(['TOO_FEW_PARTNERS', 'MISSING_ORGANISATION_TYPE']);
  });

  it('allows no more than the maximum number of partners', () => {
    const extra = [5, 6, 7].map((n) => member(`Bedrijf ${n}`, OrganisationType.COMPANY, n * 1_000_000));
    expect(checkConsortium([vub, voka, ...extra], LABS).map((f) => f.code)).toEqual(['TOO_MANY_PARTNERS']);
  });

  it('names the missing group of organisation types', () => {
    expect(checkConsortium([vub, sirris], LABS)).toEqual([
      {
        code: 'MISSING_ORGANISATION_TYPE',
        severity: 'error',
        field: 'partners',
        message: 'The consortium needs at least one partner of verified type BUSINESS_NETWORK',
      },
    ]);
  });

  it('lists every type of a group that is missing', () => {
    const findings = checkConsortium([{ ...voka, isLead: true }, member('Bedrijf', OrganisationType.COMPANY, 8_000_000)], LABS);
    expect(findings.map((f) => f.message)).toEqual([
      'The consortium needs at least one partner of verified type RESEARCH_ORGANISATION or KNOWLEDGE_INSTITUTION',
    ]);
  });

  it('reports the same enterprise number written differently', () => {
    const same = { ...voka, name: 'Voka Vlaams-Brabant', enterpriseNumber: `BE ${voka.enterpriseNumber.slice(0, 4)}.${voka.enterpriseNumber.slice(4, 7)}.${voka.enterpriseNumber.slice(7)}` };
    expect(checkConsortium([vub, voka, same], LABS)).toEqual([
      {
        code: 'DUPLICATE_PARTNER',
        severity: 'error',
        field: 'partners[2].enterpriseNumber',
        message: 'Voka Vlaams-Brabant has the same enterprise number as Voka',
      },
    ]);
  });

  it('reports an invalid enterprise number', () => {
    const findings = checkConsortium([vub, { ...voka, enterpriseNumber: '0566.988.258' }], LABS);
    expect(findings).toEqual([
      {
        code: 'INVALID_ENTERPRISE_NUMBER',
        severity: 'error',
        field: 'partners[1].enterpriseNumber',
        message: 'Voka: enterprise number fails the mod-97 check',
      },
    ]);
  });

  it('asks for nothing more when the call has no required types', () => {
    expect(checkConsortium([vub], { minPartners: 1, maxPartners: 20, requiredTypeGroups: [] })).toEqual([]);
  });

  describe('organisation types from the register', () => {
    it('does not count a claimed type the secretariat has not verified, and names the partner', () => {
      // The attack of issue 15: a company that calls itself a business network.
      const claimed = { ...voka, name: 'Bedrijf NV', typeVerification: 'PENDING' as const };
      expect(checkConsortium([vub, claimed], LABS)).toEqual([
        {
          code: 'UNVERIFIED_ORGANISATION_TYPE',
          severity: 'warning',
          field: 'partners[1].organisationType',
          message: 'Bedrijf NV: the organisation type BUSINESS_NETWORK is not verified by the programme secretariat yet, so it does not count for the consortium',
        },
        {
          code: 'MISSING_ORGANISATION_TYPE',
          severity: 'error',
          field: 'partners',
          message: 'The consortium needs at least one partner of verified type BUSINESS_NETWORK (the type of Bedrijf NV is not verified)',
        },
      ]);
    });

    it('says when a type was rejected', () => {
      const rejected = { ...sirris, typeVerification: 'REJECTED' as const };
      expect(checkConsortium([vub, voka, rejected], LABS)).toEqual([
        {
          code: 'UNVERIFIED_ORGANISATION_TYPE',
          severity: 'warning',
          field: 'partners[2].organisationType',
          message: 'Sirris: the organisation type RESEARCH_ORGANISATION was rejected by the programme secretariat, so it does not count for the consortium',
        },
      ]);
    });

    it('meets a group with one verified partner while another of that type waits (a warning only)', () => {
      const waiting = { ...sirris, typeVerification: 'PENDING' as const };
      expect(checkConsortium([vub, voka, waiting], LABS).map((f) => [f.code, f.severity])).toEqual([['UNVERIFIED_ORGANISATION_TYPE', 'warning']]);
    });

    it('meets no group when nothing is verified: one error per group, one warning per partner', () => {
      const findings = checkConsortium([vub, voka].map((p) => ({ ...p, typeVerification: 'PENDING' as const })), LABS);
      expect(findings.map((f) => [f.code, f.field])).toEqual([
        ['UNVERIFIED_ORGANISATION_TYPE', 'partners[0].organisationType'],
        ['UNVERIFIED_ORGANISATION_TYPE', 'partners[1].organisationType'],
        ['MISSING_ORGANISATION_TYPE', 'partners'],
        ['MISSING_ORGANISATION_TYPE', 'partners'],
      ]);
    });
  });
});
