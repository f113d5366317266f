import { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { CallRules } from '../calls/domain/call-rules';
import { Call } from '../calls/entities/call.entity';
import { Actor, hasRole } from '../core/domain/actor';
import { Role, STAFF_ROLES } from '../core/domain/roles';
import { notFound } from '../core/errors/domain.error';
import { ApprovedProposal, approvedProposal } from './approved-snapshot';
import { Grant, GrantStatus } from './entities/grant.entity';
import { GrantErrors } from './grants.errors';

/**
 * Who sees which grant, in one place: staff (programme managers, finance, admins) see all;
 * applicants see the grants of their organisation as beneficiary, and of the consortium they
 * are a partner in as approved; nobody else sees any. Used as a SQL condition, so a grant the
 * caller may not see is simply not found.
 */
export function restrictToVisibleGrants<T extends object>(qb: SelectQueryBuilder<T>, actor: Actor, alias = 'g'): SelectQueryBuilder<T> {
  if (hasRole(actor, ...STAFF_ROLES)) return qb;
  if (hasRole(actor, Role.APPLICANT) && actor.organisationId) {
    return qb.andWhere(
      `(${alias}.beneficiary_organisation_id = :visOrg OR EXISTS (
          SELECT 1 FROM organisations vo WHERE vo.id = :visOrg
            AND ${alias}.snapshot -> 'partners' @> jsonb_build_array(jsonb_build_object('enterpriseNumber', vo.enterprise_number))))`,
      { visOrg: actor.organisationId },
    );
  }
  return qb.andWhere('false');
}

export type GrantAccessMode =
  /** Anyone who may see the grant. */
  | 'read'
  /** Members of the beneficiary organisation, on an active grant; the grant row is locked. */
  | 'beneficiary'
  /** Staff acting on the grant's money (finance); the grant row is locked. */
  | 'staff';

/**
 * Loads a grant the actor may see. Writing modes lock the grant row first, so that every change
 * to a grant's claims and payments is serialised on it (the payments trigger locks the same row).
 * `asked` names the record the caller asked for (a report, a statement) when it was reached
 * through its grant: an invisible grant must answer exactly as that record missing would, or
 * the answer tells a stranger that the record exists.
 */
export async function loadGrant(manager: EntityManager, id: string, actor: Actor, mode: GrantAccessMode, asked = 'The grant'): Promise<Grant> {
  const qb = restrictToVisibleGrants(manager.getRepository(Grant).createQueryBuilder('g').where('g.id = :id', { id }), actor);
  if (mode !== 'read') qb.setLock('pessimistic_write', undefined, ['g']);
  const grant = await qb.getOne();
  if (!grant) throw notFound(asked);
  if (mode === 'beneficiary' && grant.beneficiaryOrganisationId !== actor.organisationId) throw GrantErrors.notBeneficiary();
  if (mode !== 'read' && grant.status !== GrantStatus.ACTIVE) throw GrantErrors.grantNotActive(grant.status);
  return grant;
}

/** A grant with what every grant operation reads beside it: its call's rules and the approved proposal. */
export interface GrantContext {
  grant: Grant;
  call: Call;
  rules: CallRules;
  proposal: ApprovedProposal;
}

export async function grantContext(manager: EntityManager, grant: Grant): Promise<GrantContext> {
  const call = await manager.findOneByOrFail(Call, { id: grant.callId });
  return { grant, call, rules: call.rules, proposal: approvedProposal(grant) };
}

/** Active members of the beneficiary organisation: who hears about their grant. */
export async function beneficiaryUserIds(manager: EntityManager, grant: Pick<Grant, 'beneficiaryOrganisationId'>): Promise<string[]> {
  const rows = (await manager.query(`SELECT id FROM users WHERE organisation_id = $1 AND active`, [grant.beneficiaryOrganisationId])) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The machine's actions for the caller's roles, less the applicant's when they are only a partner. */
export function actionsFor(grant: Pick<Grant, 'beneficiaryOrganisationId' | 'status'>, actor: Actor, actions: readonly { action: string; label: string }[]): { action: string; label: string }[] {
  if (grant.status !== GrantStatus.ACTIVE) return [];
  const beneficiary = actor.organisationId !== null && actor.organisationId === grant.beneficiaryOrganisationId;
  const staff = hasRole(actor, ...STAFF_ROLES);
  return actions
    .filter(() => beneficiary || staff)
    .map((a) => ({ action: a.action, label: a.label }));
}
