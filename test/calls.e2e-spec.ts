import { CallsService } from '../src/calls/calls.service';
import { Role } from '../src/core/domain/roles';
import { digitalExperienceLabsCall, edihPreselectionCall } from '../src/demo/demo-calls';
import { applicant, labsCall, Session, staff } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('calls', () => {
  let t: TestApp;
  let pm: Session;
  beforeAll(async () => {
    t = await createTestApp({ now: '2020-06-20T08:00:00Z' });
    pm = await staff(t, Role.PROGRAMME_MANAGER);
  });
  afterAll(() => t.close());

  it('creates the labs call as a draft with every rule, amounts in cents', async () => {
    const res = await t.http.post('/calls').set(pm.auth).send({ ...digitalExperienceLabsCall(), code: 'DXL-A' }).expect(201);
    expect(res.body).toMatchObject({
      code: 'DXL-A',
      programme: 'EFRO',
      status: 'DRAFT',
      opensAt: '2020-07-01T08:00:00.000Z',
      closesAt: '2020-09-30T15:00:00.000Z',
      opensAtBrussels: '2020-07-01T10:00:00+02:00',
      envelope: 500_000_000,
      capPerProject: 99_900_000,
      referenceCost: 150_000_000,
      outcome: 'GRANTS',
      version: 1,
    });
    expect(res.body.rules.yearlyContribution).toBeUndefined();
    expect(res.body.rules.matchingCofinancing).toBeUndefined();
    expect(res.body.rules).toMatchObject({
      maxRate: { numerator: 999000, denominator: 1500000 },
      durationMonths: 24,
      reportingPeriodMonths: 4,
      provinceQuota: 1,
      indirectCosts: { rate: { numerator: 15, denominator: 100 }, basis: 'DIRECT_STAFF' },
    });
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ action: 'call.created' }]);
  });

  it('fills rules left out with their defaults', async () => {
    const { rules: _omitted, ...withoutRules } = digitalExperienceLabsCall();
    const res = await t.http.post('/calls').set(pm.auth).send({ ...withoutRules, code: 'DXL-DEFAULTS' }).expect(201);
    expect(res.body.rules.fundingSources[0]).toMatchObject({ code: 'EFRO', maxRate: { numerator: 2, denominator: 5 } });
    expect(res.body.rules.annualWorkingHours).toBe(1720);
  });

  it('refuses inconsistent rules, listing each problem', async () => {
    const call = digitalExperienceLabsCall();
    const res = await t.http
      .post('/calls')
      .set(pm.auth)
      .send({
        ...call,
        code: 'DXL-BAD',
        closesAt: '2020-06-01T00:00:00+02:00',
        capPerProject: 600_000_000,
        rules: {
          fundingSources: [{ code: 'EFRO', name: 'EFRO', maxRate: { numerator: 9, denominator: 10 } }, { code: 'VL', name: 'Vlaanderen', maxRate: null }],
          evaluation: { ...call.rules.evaluation, tieBreak: ['STRATEGIC', 'NOPE'], totalThreshold: 99 },
        },
      })
      .expect(422);
    expect(res.body.code).toBe('CALL_RULES_INCONSISTENT');
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'closesAt:CLOSES_BEFORE_OPENING',
        'capPerProject:CAP_ABOVE_ENVELOPE',
        'rules.fundingSources[0].maxRate:SOURCE_ABOVE_MAX_RATE',
        'rules.evaluation.tieBreak[1]:UNKNOWN_CRITERION',
        'rules.evaluation.totalThreshold:THRESHOLD_ABOVE_SCALE',
      ]),
    );
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM calls WHERE code = 'DXL-BAD'`);
    expect(count).toBe(0);
  });

  it('refuses malformed calls with 400: fractional or negative cents, local times, unknown fields', async () => {
    const base = { ...digitalExperienceLabsCall(), code: 'DXL-MAL' };
    const cases: [Record<string, unknown>, string][] = [
      [{ envelope: 1.5 }, 'envelope'],
      [{ capPerProject: -1 }, 'capPerProject'],
      [{ envelope: '500000000' }, 'envelope'],
      [{ opensAt: '2020-07-01T10:00:00' }, 'opensAt'],
      [{ programme: 'INTERREG' }, 'programme'],
      [{ bonus: 1 }, 'bonus'],
      [{ rules: { maxRate: { numerator: 1, denominator: 0 } } }, 'rules.maxRate.denominator'],
      [{ rules: { evaluation: { criteria: 'all', totalThreshold: 1, tieBreak: [] } } }, 'rules.evaluation.criteria'],
    ];
    for (const [patch, field] of cases) {
      const res = await t.http.post('/calls').set(pm.auth).send({ ...base, ...patch }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM calls WHERE code = 'DXL-MAL'`);
    expect(count).toBe(0);
  });

  it('stores the EDIH preselection: a yearly band, matching cofinancing and the PRESELECTION outcome, as data', async () => {
    const res = await t.http.post('/calls').set(pm.auth).send({ ...edihPreselectionCall(), code: 'EDIH-A' }).expect(201);
    expect(res.body).toMatchObject({ programme: 'EDIH', outcome: 'PRESELECTION', capPerProject: 300_000_000 });
    expect(res.body.rules).toMatchObject({
      yearlyContribution: { min: 50_000_000, max: 100_000_000 },
      matchingCofinancing: { code: 'VLAANDEREN', minRatio: { numerator: 1, denominator: 1 } },
    });
    const [row] = await t.db.query(`SELECT outcome, rules -> 'yearlyContribution' AS band FROM calls WHERE id = $1`, [res.body.id]);
    expect(row).toEqual({ outcome: 'PRESELECTION', band: { min: 50_000_000, max: 100_000_000 } });

    // A band upside down and matching that leaves no room are refused with the field named.
    const bad = await t.http
      .post('/calls')
      .set(pm.auth)
      .send({
        ...edihPreselectionCall(),
        code: 'EDIH-BAD',
        rules: { ...edihPreselectionCall().rules, yearlyContribution: { min: 100_000_001, max: 100_000_000 }, matchingCofinancing: { code: 'VLAANDEREN', name: 'Vlaanderen', minRatio: { numerator: 3, denominator: 2 } } },
      })
      .expect(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining(['rules.yearlyContribution.min:minAboveMax', 'rules.matchingCofinancing.minRatio:matchingContradictsMaxRate']),
    );
    for (const [patch, field] of [
      [{ outcome: 'LOTTERY' }, 'outcome'],
      [{ outcome: null }, 'outcome'],
      [{ rules: { yearlyContribution: { min: 0.5, max: 1 } } }, 'rules.yearlyContribution.min'],
      [{ rules: { matchingCofinancing: { code: 'vl', name: 'x', minRatio: { numerator: 1, denominator: 1 } } } }, 'rules.matchingCofinancing.code'],
    ] as [Record<string, unknown>, string][]) {
      const res400 = await t.http.post('/calls').set(pm.auth).send({ ...edihPreselectionCall(), code: 'EDIH-MAL', ...patch }).expect(400);
      expect(res400.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // The outcome of a draft can change, and back.
    const edited = await t.http.patch(`/calls/${res.body.id}`).set(pm.auth).send({ outcome: 'GRANTS' }).expect(200);
    expect(edited.body.outcome).toBe('GRANTS');
  });

  it('refuses a duplicate code with 409', async () => {
    const res = await t.http.post('/calls').set(pm.auth).send({ ...digitalExperienceLabsCall(), code: 'DXL-A' }).expect(409);
    expect(res.body.code).toBe('CALL_CODE_TAKEN');
  });

  it('edits a draft with If-Match, refuses a stale edit without losing anything, then freezes it on publishing', async () => {
    const { id } = await labsCall(t, pm, { publish: false, code: 'DXL-EDIT' });
    const first = await t.http.get(`/calls/${id}`).set(pm.auth).expect(200);
    expect(first.headers.etag).toBe('"1"');
    const edited = await t.http.patch(`/calls/${id}`).set(pm.auth).set('If-Match', '"1"').send({ title: 'Nieuwe titel' }).expect(200);
    expect(edited.body).toMatchObject({ title: 'Nieuwe titel', version: 2 });
    const stale = await t.http.patch(`/calls/${id}`).set(pm.auth).set('If-Match', '"1"').send({ title: 'Verloren' }).expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect((await t.http.get(`/calls/${id}`).set(pm.auth)).body.title).toBe('Nieuwe titel');

    await t.http.post(`/calls/${id}/publish`).set(pm.auth).expect(200);
    const frozen = await t.http.patch(`/calls/${id}`).set(pm.auth).send({ envelope: 1 }).expect(409);
    expect(frozen.body.code).toBe('CALL_NOT_DRAFT');
    await t.http.post(`/calls/${id}/publish`).set(pm.auth).expect(409);
    // The database holds the freeze too.
    await expect(t.db.query(`UPDATE calls SET envelope_cents = 1 WHERE id = $1`, [id])).rejects.toThrow(/frozen/);
    const actions = await t.db.query(`SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['call.created', 'call.updated', 'call.published']);
    expect(actions[1].before.title).toBe('Digital Experience Labs 2020');
    expect(actions[1].after.title).toBe('Nieuwe titel');
  });

  it('shows drafts to staff only; published calls to anyone', async () => {
    const draft = await labsCall(t, pm, { publish: false, code: 'DXL-HIDDEN' });
    const published = await labsCall(t, pm, { code: 'DXL-SHOWN' });
    const someone = await applicant(t);
    await t.http.get(`/calls/${draft.id}`).set(someone.auth).expect(404);
    await t.http.get(`/calls/${draft.id}`).expect(404);
    await t.http.get(`/calls/${published.id}`).expect(200);
    const anonymous = await t.http.get('/calls?pageSize=200').expect(200);
    const codes = anonymous.body.items.map((c: { code: string }) => c.code);
    expect(codes).toContain('DXL-SHOWN');
    expect(codes).not.toContain('DXL-HIDDEN');
    const asStaff = await t.http.get('/calls?pageSize=200').set(pm.auth).expect(200);
    expect(asStaff.body.items.map((c: { code: string }) => c.code)).toContain('DXL-HIDDEN');
    await t.http.get('/calls/not-a-uuid').expect(404);
  });

  it('opens and closes by the clock: status follows the instant before the job runs, the job is idempotent', async () => {
    const { id } = await labsCall(t, pm, { code: 'DXL-CLOCK' });
    const service = t.app.get(CallsService);
    t.clock.set('2020-07-01T07:59:59.999Z');
    expect((await t.http.get(`/calls/${id}`)).body.status).toBe('PUBLISHED');
    t.clock.set('2020-07-01T08:00:00.000Z');
    expect((await t.http.get(`/calls/${id}`)).body.status).toBe('OPEN');
    const open = await t.http.get('/calls?status=OPEN&pageSize=200').expect(200);
    expect(open.body.items.map((c: { id: string }) => c.id)).toContain(id);

    // Two instances running the job at once act once.
    const runs = await Promise.all([service.applySchedule(), service.applySchedule()]);
    expect(runs.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    const again = await service.applySchedule();
    expect(again).toMatchObject({ opened: 0, closed: 0 });
    const stored = await t.db.query(`SELECT status FROM calls WHERE id = $1`, [id]);
    expect(stored[0].status).toBe('OPEN');

    t.clock.set('2020-09-30T15:00:00.000Z');
    expect((await t.http.get(`/calls/${id}`)).body.status).toBe('CLOSED');
    await service.applySchedule();
    await service.applySchedule();
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND action IN ('call.opened','call.closed') ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['call.opened', 'call.closed']);
    t.clock.set('2020-06-20T08:00:00Z');
  });

  it('caches calls but sees a change made by another instance (LISTEN/NOTIFY)', async () => {
    const { id } = await labsCall(t, pm, { publish: false, code: 'DXL-CACHE' });
    expect((await t.http.get(`/calls/${id}`).set(pm.auth).expect(200)).body.title).toBe('Digital Experience Labs 2020');
    await t.db.query(`UPDATE calls SET title = 'Gewijzigd elders' WHERE id = $1`, [id]);
    // The announcement arrives asynchronously: poll until a generous deadline, not a count of
    // tries that a loaded machine can exhaust before the notification is processed.
    let title = '';
    for (const deadline = Date.now() + 15_000; title !== 'Gewijzigd elders' && Date.now() < deadline; ) {
      title = (await t.http.get(`/calls/${id}`).set(pm.auth).expect(200)).body.title;
      if (title !== 'Gewijzigd elders') await new Promise((r) => setTimeout(r, 20));
    }
    expect(title).toBe('Gewijzigd elders');
  });

  it('paginates and filters by programme', async () => {
    const res = await t.http.get('/calls?programme=EFRO&page=1&pageSize=2').set(pm.auth).expect(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.total).toBeGreaterThan(2);
    expect(res.body).toMatchObject({ page: 1, pageSize: 2 });
    await t.http.get('/calls?pageSize=0').expect(400);
    await t.http.get('/calls?status=SOMETIMES').expect(400);
  });

  it('refuses every write route to roles other than programme manager and admin', async () => {
    const { id } = await labsCall(t, pm, { publish: false, code: 'DXL-ROLES' });
    const sessions = [await applicant(t), await staff(t, Role.EVALUATOR), await staff(t, Role.FINANCE_OFFICER)];
    for (const s of sessions) {
      await t.http.post('/calls').set(s.auth).send({ ...digitalExperienceLabsCall(), code: 'DXL-NOPE' }).expect(403);
      await t.http.patch(`/calls/${id}`).set(s.auth).send({ title: 'x' }).expect((r) => expect([403, 404]).toContain(r.status));
      await t.http.post(`/calls/${id}/publish`).set(s.auth).expect(403);
    }
    await t.http.post('/calls').send(digitalExperienceLabsCall()).expect(401);
    await t.http.patch(`/calls/${id}`).send({ title: 'x' }).expect(401);
    await t.http.post(`/calls/${id}/publish`).expect(401);
    const admin = await staff(t, Role.ADMIN);
    await t.http.post(`/calls/${id}/publish`).set(admin.auth).expect(200);
  });
});
