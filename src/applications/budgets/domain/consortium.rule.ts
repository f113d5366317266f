import { ConsortiumRules } from '../../../calls/domain/call-rules';
import { normaliseEnterpriseNumber } from '../../../core/domain/belgian-identifiers.rule';
import { OrganisationType } from '../../../core/domain/organisation-type';
import { Finding } from './finding';

/** Where the organisation register stands on a partner's type. */
export type TypeVerification = 'VERIFIED' | 'PENDING' | 'REJECTED';

export interface ConsortiumPartner {
  enterpriseNumber: string;
  name: string;
  /** The organisation register's type, never the proposal's claim. */
  organisationType: OrganisationType;
  /** Only a type the programme secretariat verified counts for the required groups. */
  typeVerification: TypeVerification;
  isLead: boolean;
}

export type ConsortiumFindingCode =
  | 'NO_LEAD'
  | 'MULTIPLE_LEADS'
  | 'TOO_FEW_PARTNERS'
  | 'TOO_MANY_PARTNERS'
  | 'MISSING_ORGANISATION_TYPE'
  | 'INVALID_ENTERPRISE_NUMBER'
  | 'DUPLICATE_PARTNER'
  | 'UNVERIFIED_ORGANISATION_TYPE';

export type ConsortiumFinding = Finding<ConsortiumFindingCode>;

function error(code: ConsortiumFindingCode, message: string, field: string): ConsortiumFinding {
  return { code, message, severity: 'error', field };
}

function warning(code: ConsortiumFindingCode, message: string, field: string): ConsortiumFinding {
  return { code, message, severity: 'warning', field };
}

/**
 * Domain brief §2 "Consortium": exactly one lead partner, every partner a legal person with a
 * valid Belgian enterprise number, the call's partner count, and at least one partner from
 * each required group of organisation types (labs: research or knowledge institution, and an
 * organisation that reaches many companies). A type counts only once the programme secretariat
 * verified it in the organisation register; each partner whose type is not verified is named
 * in a warning, and a group that only such partners would fill is not met (an error).
 */
export function checkConsortium(partners: readonly ConsortiumPartner[], rules: ConsortiumRules): ConsortiumFinding[] {
  const findings: ConsortiumFinding[] = [];

  const leads = partners.flatMap((p, i) => (p.isLead ? [i] : []));
  if (leads.length === 0) findings.push(error('NO_LEAD', 'The consortium needs exactly one lead partner', 'partners'));
  for (const i of leads.slice(1)) {
    findings.push(
      error('MULTIPLE_LEADS', `${partners[i].name} is a second lead partner; only one partner may lead`, `partners[${i}].isLead`),
    );
  }

  if (partners.length < rules.minPartners) {
    findings.push(error('TOO_FEW_PARTNERS', `The consortium needs at least ${rules.minPartners} partners, it has ${partners.length}`, 'partners'));
  }
  if (partners.length > rules.maxPartners) {
    findings.push(error('TOO_MANY_PARTNERS', `The consortium may have at most ${rules.maxPartners} partners, it has ${partners.length}`, 'partners'));
  }

  partners.forEach((p, i) => {
    if (p.typeVerification === 'VERIFIED') return;
    const state = p.typeVerification === 'REJECTED' ? 'was rejected by the programme secretariat' : 'is not verified by the programme secretariat yet';
    findings.push(
      warning('UNVERIFIED_ORGANISATION_TYPE', `${p.name}: the organisation type ${p.organisationType} ${state}, so it does not count for the consortium`, `partners[${i}].organisationType`),
    );
  });

  rules.requiredTypeGroups.forEach((group) => {
    // An empty group can never be met; the call validator is where that mistake belongs.
    if (group.length === 0) return;
    if (partners.some((p) => p.typeVerification === 'VERIFIED' && group.includes(p.organisationType))) return;
    const unverified = partners.filter((p) => group.includes(p.organisationType)).map((p) => p.name);
    findings.push(
      error(
        'MISSING_ORGANISATION_TYPE',
        `The consortium needs at least one partner of verified type ${group.join(' or ')}` +
          (unverified.length > 0 ? ` (the type of ${unverified.join(', ')} is not verified)` : ''),
        'partners',
      ),
    );
  });

  // Compare normalised numbers, so that 0566.988.259 and BE0566988259 are the same partner.
  const seen = new Map<string, number>();
  partners.forEach((p, i) => {
    const check = normaliseEnterpriseNumber(p.enterpriseNumber);
    if (!check.ok) {
      findings.push(
        error('INVALID_ENTERPRISE_NUMBER', `${p.name}: enterprise number ${check.reason}`, `partners[${i}].enterpriseNumber`),
      );
      return;
    }
    const first = seen.get(check.value);
    if (first === undefined) {
      seen.set(check.value, i);
    } else {
      findings.push(
        error(
          'DUPLICATE_PARTNER',
          `${p.name} has the same enterprise number as ${partners[first].name}`,
          `partners[${i}].enterpriseNumber`,
        ),
      );
    }
  });

  return findings;
}
