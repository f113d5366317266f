const { Client } = require('pg');
const { rankingQuery } = require('./dist/src/evaluations/decisions.service.js');
const { compileRules } = require('./dist/src/evaluations/domain/score-scale.js');
const { rankingWalk } = require('./dist/src/evaluations/domain/ranking.rule.js');
(async () => {
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/efro_bench_18309_scale' });
  await c.connect();
  const { rows: [call] } = await c.query("select id, rules from calls where code='SCALE-APPS'");
  const compiled = compileRules(call.rules.evaluation);
  const codes = compiled.criteria.map(c => c.code);
  const { sql, params } = rankingQuery(call.id, compiled);
  let t0 = Date.now(), t = t0, cpu = process.cpuUsage();
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await c.query("SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true)");
  await c.query('DECLARE r NO SCROLL CURSOR FOR ' + sql, params);
  const walk = rankingWalk(call.rules.evaluation);
  let fetchMs = 0, jsMs = 0, n = 0, first = null, out = 0;
  for (;;) {
    t = Date.now();
    const { rows } = await c.query('FETCH 2000 FROM r');
    fetchMs += Date.now() - t; if (first === null) first = Date.now() - t;
    t = Date.now();
    const texts = [];
    for (const r of rows) { if (!r.complete) continue; const e = walk({ applicationId: r.id, province: r.province, submittedAt: r.submitted_at, requestedSubsidy: Number(r.requested_subsidy_cents), scores: Object.fromEntries(codes.map((code, i) => [code, r['h' + i] / 100])) }); texts.push(JSON.stringify(e)); }
    out += texts.join(',').length;
    jsMs += Date.now() - t; n += rows.length;
    if (rows.length < 2000) break;
  }
  await c.query('COMMIT');
  const u = process.cpuUsage(cpu);
  console.log({ total: Date.now() - t0, first, fetchMs, jsMs, n, outMB: out / 1e6, cpuUserMs: u.user / 1000 });
  await c.end();
})();
