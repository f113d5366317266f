import { OrganisationType } from '../../core/domain/organisation-type';
import { Role } from '../../core/domain/roles';
import { ClaimMapping, mapClaims } from './claim-mapping.rule';

const mapping: ClaimMapping = {
  emailClaim: 'email',
  nameClaim: 'name',
  roles: [
    { claim: 'groups', value: 'efro-evaluatoren', roles: [Role.EVALUATOR] },
    { claim: 'groups', value: 'efro-financien', roles: [Role.FINANCE_OFFICER] },
    { claim: 'kbo', roles: [Role.APPLICANT] },
  ],
  organisation: { enterpriseNumberClaim: 'kbo', nameClaim: 'org', type: OrganisationType.COMPANY },
};

describe('mapClaims', () => {
  it('gives the roles of every matching rule, in a stable order, from a list-valued claim', () => {
    const result = mapClaims({ email: 'An@Vlaanderen.be', name: 'An', groups: ['efro-financien', 'andere', 'efro-evaluatoren'] }, mapping);
    expect(result).toEqual({ ok: true, account: { email: 'an@vlaanderen.be', fullName: 'An', roles: [Role.EVALUATOR, Role.FINANCE_OFFICER], organisation: null } });
  });

  it('matches a single-valued claim and a rule without value on any non-empty value', () => {
    const result = mapClaims({ email: 'b@kmo.be', kbo: '0566.988.259', org: 'KMO nv' }, mapping);
    expect(result).toMatchObject({ ok: true, account: { roles: [Role.APPLICANT], organisation: { enterpriseNumber: '0566988259', name: 'KMO nv', type: 'COMPANY' } } });
  });

  it('refuses claims that map to no role', () => {
    expect(mapClaims({ email: 'c@x.be', groups: ['andere'], kbo: '' }, mapping)).toMatchObject({ ok: false, reason: 'unmapped' });
    expect(mapClaims({ email: 'c@x.be' }, mapping)).toMatchObject({ ok: false, reason: 'unmapped' });
  });

  it('refuses an applicant whose enterprise number fails the mod-97 check', () => {
    expect(mapClaims({ email: 'd@kmo.be', kbo: '0566988258' }, mapping)).toMatchObject({ ok: false, reason: 'organisation' });
  });

  it('refuses an applicant when the provider maps no organisation', () => {
    expect(mapClaims({ email: 'd@kmo.be', kbo: '0566988259' }, { ...mapping, organisation: undefined })).toMatchObject({ ok: false, reason: 'organisation' });
  });

  it('needs an e-mail address, and names the account after it without a name claim', () => {
    expect(mapClaims({ groups: 'efro-evaluatoren' }, mapping)).toMatchObject({ ok: false, reason: 'email-missing' });
    expect(mapClaims({ email: 'e@x.be', groups: 'efro-evaluatoren' }, mapping)).toMatchObject({ ok: true, account: { fullName: 'e@x.be' } });
  });
});
