import { Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../src/app.module';
import { AuthService } from '../../../src/auth/auth.service';
import { ManualClock } from '../../../src/core/clock/clock';
import { loadConfig } from '../../../src/core/config/app.config';
import { Actor, systemActor } from '../../../src/core/domain/actor';
import { OrganisationType } from '../../../src/core/domain/organisation-type';
import { Province } from '../../../src/core/domain/provinces';
import { Role } from '../../../src/core/domain/roles';
import { enterpriseNumber, PASSWORD } from '../../support/fixtures';
import { createTestDatabase } from '../../support/database';

/**
 * The service tier: the application's modules on their own database, started without an HTTP
 * server, so a spec calls the services the way one feature calls another (and the controllers
 * never run). Cross-feature paths are checked here at the seam, with real transactions.
 */
export interface ServiceWorld {
  get<T>(type: Type<T>): T;
  db: DataSource;
  clock: ManualClock;
  /** A new account with this role (applicants and evaluators get an organisation of their own). */
  actor(role: Role): Promise<Actor>;
  close(): Promise<void>;
}

let sequence = 0;

export async function createServiceWorld(now = '2020-06-27T10:00:00Z'): Promise<ServiceWorld> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'silent', SCHEDULER_ENABLED: 'false', DATABASE_POOL_SIZE: '5' });
  const clock = new ManualClock(new Date(now));
  const moduleRef: TestingModule = await Test.createTestingModule({ imports: [AppModule.forRoot(config, { clock })] }).compile();
  await moduleRef.init();
  const db = moduleRef.get(DataSource);
  return {
    get: (type) => moduleRef.get(type),
    db,
    clock,
    actor: async (role) => {
      const n = ++sequence;
      const organisation =
        role === Role.APPLICANT || role === Role.EVALUATOR
          ? { name: `Organisatie ${n}`, enterpriseNumber: enterpriseNumber(), type: role === Role.APPLICANT ? OrganisationType.KNOWLEDGE_INSTITUTION : OrganisationType.COMPANY, province: Province.VLAAMS_BRABANT }
          : undefined;
      const user = await moduleRef.get(AuthService).createUser(
        { email: `${role.toLowerCase()}-${n}-${process.pid}@service.test`, password: PASSWORD, fullName: `${role} ${n}`, roles: [role], organisation },
        systemActor('service-spec'),
      );
      return { userId: user.id, email: user.email, roles: [role], organisationId: user.organisation?.id ?? null, correlationId: `service-${n}` };
    },
    close: async () => {
      await moduleRef.close();
      await database.drop();
    },
  };
}
