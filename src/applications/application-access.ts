import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { readerFor } from '../core/database/entity-reader';
import { Actor, hasRole } from '../core/domain/actor';
import { Role, STAFF_ROLES } from '../core/domain/roles';
import { notFound } from '../core/errors/domain.error';
import { ApplicationErrors } from './applications.errors';
import { Application } from './entities/application.entity';

/**
 * Who sees which proposal, in one place: staff see all; applicants see those their
 * organisation leads or is a partner in; nobody else sees any. Used as a SQL condition, so
 * an invisible proposal is simply not found.
 */
export function restrictToVisible(qb: SelectQueryBuilder<Application>, actor: Actor, alias = 'a'): SelectQueryBuilder<Application> {
  if (hasRole(actor, ...STAFF_ROLES)) return qb;
  if (hasRole(actor, Role.APPLICANT) && actor.organisationId) {
    return qb.andWhere(`(${alias}.lead_organisation_id = :visOrg OR EXISTS (${partnerMemberSql(`${alias}.id`, ':visOrg')}))`, {
      visOrg: actor.organisationId,
    });
  }
  return qb.andWhere('false');
}

/** An organisation is a partner of a proposal when its enterprise number is on the consortium list. */
function partnerMemberSql(application: string, organisation: string): string {
  return `SELECT 1 FROM application_partners vp JOIN organisations vo ON vo.enterprise_number = vp.enterprise_number
          WHERE vp.application_id = ${application} AND vo.id = ${organisation}`;
}

export type AccessMode = 'read' | 'lead';

/**
 * Loads a proposal the actor may see; `lead` also requires the actor to be a member of the
 * lead organisation and takes a row lock for the change that follows. One prepared statement
 * by id (this is on the submission path); the partner check runs only for non-lead members.
 */
export async function loadApplication(manager: EntityManager, id: string, actor: Actor, mode: AccessMode): Promise<Application> {
  const application = await readerFor(manager, Application).byId(id, manager, { lock: mode === 'lead' });
  if (!application) throw notFound('The proposal');
  const isLead = actor.organisationId !== null && application.leadOrganisationId === actor.organisationId;
  if (!isLead) {
    const staff = hasRole(actor, ...STAFF_ROLES);
    if (!staff && !(hasRole(actor, Role.APPLICANT) && (await isPartnerMember(manager, id, actor)))) throw notFound('The proposal');
    if (mode === 'lead') throw ApplicationErrors.notLeadMember();
  }
  return application;
}

async function isPartnerMember(manager: EntityManager, applicationId: string, actor: Actor): Promise<boolean> {
  if (!actor.organisationId) return false;
  const rows = (await manager.query(`${partnerMemberSql('$1', '$2')} LIMIT 1`, [applicationId, actor.organisationId])) as unknown[];
  return rows.length > 0;
}
