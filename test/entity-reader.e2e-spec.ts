import { Application } from '../src/applications/entities/application.entity';
import { Call } from '../src/calls/entities/call.entity';
import { EntityReader } from '../src/core/database/entity-reader';
import { Role } from '../src/core/domain/roles';
import { applicant, labsCall, labsProposal, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('EntityReader', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2020-08-01T08:00:00Z' });
  });
  afterAll(() => t.close());

  it('reads exactly what TypeORM reads: transformers, jsonb, dates, versions', async () => {
    const pm = await staff(t, Role.PROGRAMME_MANAGER);
    const { id: callId } = await labsCall(t, pm);
    const lead = await applicant(t);
    const { id } = await labsProposal(t, lead, callId);
    await t.db.query(`UPDATE applications SET requested_subsidy_cents = 12345 WHERE id = $1`, [id]);

    const call = await new EntityReader(t.db, Call).byId(callId);
    expect(call).toBeInstanceOf(Call);
    expect(call).toEqual(await t.db.getRepository(Call).findOneBy({ id: callId }));
    expect(call!.envelope).toBe(500_000_000);

    const application = await new EntityReader(t.db, Application).byId(id);
    expect(application).toEqual(await t.db.getRepository(Application).findOneBy({ id }));
    expect(application!.startDate).toBe('2021-03-01');
    expect(application!.requestedSubsidy).toBe(12345);

    expect(await new EntityReader(t.db, Call).byId('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
