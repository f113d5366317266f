import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { CallsService } from '../calls/calls.service';
import { Call } from '../calls/entities/call.entity';
import { Actor, systemActor } from '../core/domain/actor';
import { OrganisationType } from '../core/domain/organisation-type';
import { Province } from '../core/domain/provinces';
import { Role } from '../core/domain/roles';
import { User } from '../auth/entities/user.entity';
import { digitalExperienceLabsCall, edihPreselectionCall } from './demo-calls';

export const DEMO_PASSWORD = 'demo-wachtwoord-2020';

export interface DemoAccount {
  email: string;
  role: Role;
  fullName: string;
  organisation?: { name: string; enterpriseNumber: string; type: OrganisationType; province?: Province };
}

export const DEMO_STAFF: DemoAccount[] = [
  { email: 'admin@demo.test', role: Role.ADMIN, fullName: 'Demo Beheerder' },
  { email: 'programmabeheerder@demo.test', role: Role.PROGRAMME_MANAGER, fullName: 'Pieter Programma' },
  { email: 'financien@demo.test', role: Role.FINANCE_OFFICER, fullName: 'Fien Financiën' },
  {
    email: 'evaluator1@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Eva Evaluator',
    organisation: { name: 'Evaluatiebureau Noord', enterpriseNumber: '0403199702', type: OrganisationType.COMPANY },
  },
  {
    email: 'evaluator2@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Erik Expert',
    organisation: { name: 'Expertisecentrum Zuid', enterpriseNumber: '0417497106', type: OrganisationType.COMPANY },
  },
  {
    email: 'evaluator3@demo.test',
    role: Role.EVALUATOR,
    fullName: 'Els Beoordelaar',
    organisation: { name: 'Adviesbureau Oost', enterpriseNumber: '0426403684', type: OrganisationType.COMPANY },
  },
];

export const DEMO_APPLICANT: DemoAccount = {
  email: 'aanvrager@demo.test',
  role: Role.APPLICANT,
  fullName: 'An Aanvrager',
  organisation: {
    name: 'Vlaams Instituut voor de Logistiek',
    enterpriseNumber: '0566988259',
    type: OrganisationType.BUSINESS_NETWORK,
    province: Province.VLAAMS_BRABANT,
  },
};

/**
 * Loads the demo data set through the services, so it obeys every rule the API does.
 * Idempotent: what exists already is left as it is.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly calls: CallsService,
  ) {}

  async run(): Promise<{ accounts: DemoAccount[] }> {
    const accounts = [...DEMO_STAFF, DEMO_APPLICANT];
    for (const account of accounts) await this.ensureUser(account);
    const pm = await this.actorFor('programmabeheerder@demo.test');
    for (const definition of [digitalExperienceLabsCall(), edihPreselectionCall()]) {
      const existing = await this.db.getRepository(Call).findOneBy({ code: definition.code });
      if (existing) continue;
      const created = await this.calls.create(definition, pm);
      await this.calls.publish(created.id, undefined, pm);
      this.logger.log(`call ${definition.code} created and published`);
    }
    return { accounts };
  }

  async actorFor(email: string): Promise<Actor> {
    const user = await this.db.getRepository(User).findOneByOrFail({ email });
    return { userId: user.id, email: user.email, roles: user.roles, organisationId: user.organisationId, correlationId: 'seed' };
  }

  private async ensureUser(account: DemoAccount): Promise<void> {
    if (await this.db.getRepository(User).existsBy({ email: account.email })) return;
    await this.auth.createUser(
      { email: account.email, password: DEMO_PASSWORD, fullName: account.fullName, roles: [account.role], organisation: account.organisation },
      systemActor('seed'),
    );
  }
}
