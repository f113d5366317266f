import { normaliseEnterpriseNumber } from '../../core/domain/belgian-identifiers.rule';
import { OrganisationType } from '../../core/domain/organisation-type';
import { ALL_ROLES, Role } from '../../core/domain/roles';

/** A provider's mapping from claims to an account, as configured (OIDC_PROVIDERS). */
export interface ClaimMapping {
  emailClaim: string;
  nameClaim: string;
  roles: { claim: string; value?: string; roles: Role[] }[];
  organisation?: { enterpriseNumberClaim: string; nameClaim?: string; type: OrganisationType };
}

export interface MappedAccount {
  email: string;
  fullName: string;
  /** In the order of ALL_ROLES, so an unchanged mapping compares equal. */
  roles: Role[];
  organisation: { enterpriseNumber: string; name: string; type: OrganisationType } | null;
}

/** Why claims do not make an account: each is a page of its own on the web (`/aanmelden?fout=…`). */
export type MappingRefusal = 'unmapped' | 'email-missing' | 'organisation';

export type MappingResult = { ok: true; account: MappedAccount } | { ok: false; reason: MappingRefusal; detail: string };

/** The claim's values as text: a string, a number, or an array of them (groups, roles). */
function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = claims[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number').map((v) => String(v).trim());
}

/**
 * The account that a provider's claims stand for. Roles come only from the mapping's rules;
 * an applicant needs an organisation, which only a valid enterprise number (mod 97) gives.
 * Claims that map to no role are refused, also for an account that had roles before.
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping): MappingResult {
  const granted = new Set<Role>();
  for (const rule of mapping.roles) {
    const values = claimValues(claims, rule.claim);
    if (rule.value === undefined ? values.length > 0 : values.includes(rule.value)) for (const role of rule.roles) granted.add(role);
  }
  const roles = ALL_ROLES.filter((role) => granted.has(role));
  if (roles.length === 0) return { ok: false, reason: 'unmapped', detail: 'the claims map to no role' };

  const email = claimValues(claims, mapping.emailClaim)[0]?.toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, reason: 'email-missing', detail: `claim ${mapping.emailClaim} holds no e-mail address` };
  const fullName = claimValues(claims, mapping.nameClaim)[0] ?? email;

  let organisation: MappedAccount['organisation'] = null;
  if (roles.includes(Role.APPLICANT)) {
    const setting = mapping.organisation;
    const raw = setting ? claimValues(claims, setting.enterpriseNumberClaim)[0] : undefined;
    if (!setting || raw === undefined) return { ok: false, reason: 'organisation', detail: 'an applicant needs an enterprise number claim' };
    const check = normaliseEnterpriseNumber(raw);
    if (!check.ok) return { ok: false, reason: 'organisation', detail: `enterprise number ${check.reason}` };
    const name = (setting.nameClaim && claimValues(claims, setting.nameClaim)[0]) || check.value;
    organisation = { enterpriseNumber: check.value, name, type: setting.type };
  }
  return { ok: true, account: { email, fullName, roles, organisation } };
}
