import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { readerFor } from '../core/database/entity-reader';
import { Organisation } from './entities/organisation.entity';

/**
 * How other features read organisations and users: the auth feature owns both tables, so the
 * queries stay here and the features that need them import `AuthModule`. Each method runs in the
 * caller's transaction.
 */
@Injectable()
export class AuthReader {
  /** One prepared statement by id: documents of a grant read their beneficiary many times over. */
  organisation(manager: EntityManager, id: string): Promise<Organisation | null> {
    return readerFor(manager, Organisation).byId(id, manager);
  }

  /** The organisation a record refers to (its foreign key guarantees the row). */
  getOrganisation(manager: EntityManager, id: string): Promise<Organisation> {
    return manager.findOneByOrFail(Organisation, { id });
  }

  /** = ANY($ids): a long list must not run into PostgreSQL's limit on bind parameters. */
  organisations(manager: EntityManager, ids: readonly string[]): Promise<Organisation[]> {
    return manager.getRepository(Organisation).createQueryBuilder('o').where('o.id = ANY(:ids)', { ids }).getMany();
  }

  /** Active users holding a role, to address notifications to "the programme managers". */
  async activeUserIdsWithRole(manager: EntityManager, role: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM users WHERE $1 = ANY(roles) AND active`, [role])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Active members holding a role in any of the organisations, each once. */
  async activeMemberIdsWithRole(manager: EntityManager, organisationIds: readonly string[], role: string): Promise<string[]> {
    if (organisationIds.length === 0) return [];
    const rows = (await manager.query(`SELECT id FROM users WHERE organisation_id = ANY($1::uuid[]) AND active AND $2 = ANY(roles) ORDER BY id`, [organisationIds, role])) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
