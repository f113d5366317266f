const { Client } = require('pg');
const { rankingQuery } = require('./dist/src/evaluations/decisions.service.js');
const { compileRules } = require('./dist/src/evaluations/domain/score-scale.js');
(async () => {
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/efro_bench_18309_scale' });
  await c.connect();
  const { rows: [call] } = await c.query("select id, rules from calls where code='SCALE-APPS'");
  const { sql, params } = rankingQuery(call.id, compileRules(call.rules.evaluation));
  const T = async (label, q, p) => { const t = Date.now(); const r = await c.query(q, p); console.log(label, Date.now() - t, r.rowCount); };
  await T('begin', 'BEGIN ISOLATION LEVEL REPEATABLE READ');
  await T('set', "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true)");
  await T('declare', 'DECLARE r NO SCROLL CURSOR FOR ' + sql, params);
  await T('move', 'MOVE FORWARD 999 IN r');
  await T('fetch1', 'FETCH 1 FROM r');
  await T('fetch1000', 'FETCH 1000 FROM r');
  await T('fetch1', 'FETCH 1 FROM r');
  await T('commit', 'COMMIT');
  await c.end();
})();
