import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { readerFor } from '../core/database/entity-reader';
import { Call } from './entities/call.entity';

/**
 * How other features read calls: the calls feature owns the table, so its queries stay here and
 * the features that need a call import `CallsModule` (the graph is in the code). Each method runs
 * in the caller's transaction. Published calls on hot paths come from `CallCache` instead.
 */
@Injectable()
export class CallsReader {
  /**
   * The call, or null, by one prepared statement (budgets read it on every save); `lock` takes
   * the row lock that serialises a decision on the call.
   */
  find(manager: EntityManager, id: string, options: { lock?: boolean } = {}): Promise<Call | null> {
    return readerFor(manager, Call).byId(id, manager, options);
  }

  /** The call of a record that refers to it (its foreign key guarantees the row). */
  get(manager: EntityManager, id: string): Promise<Call> {
    return manager.findOneByOrFail(Call, { id });
  }

  findMany(manager: EntityManager, ids: readonly string[]): Promise<Call[]> {
    return manager.findBy(Call, { id: In([...ids]) });
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.exists(Call, { where: { id } });
  }
}
