import { join } from 'node:path';
import { digitalExperienceLabsCall } from '../src/demo/demo-calls';
import { measureHttp } from './lib/autocannon';
import { measurePgbenchSelect } from './lib/pgbench';
import { attempt, baselineRow, RowSpec, targetRow } from './lib/rows';
import { spawnServer } from './lib/servers';
import type { BenchContext, BenchSection, Row } from './lib/types';

const SECTION = 'http';

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

/**
 * Framework overhead and the cost of one authenticated read, each against a bare baseline
 * measured in the same run on the same machine:
 *  1. plain node:http answering {"status":"ok"}              (baseline)
 *     NestJS with one controller, nothing else                (reference, ratio to 1)
 *  2. NestJS GET /health/live                                 ≥ 65 % of 1
 *  3. pgbench -S on a scratch database, same server           (baseline)
 *  4. NestJS GET /calls/:id with a bearer token               ≥ 15 % of 3, p99 ≤ 50 ms
 * Servers run in child processes; autocannon runs in the bench process.
 */
export const httpSection: BenchSection = {
  name: SECTION,
  description: 'plain node:http vs NestJS /health/live; pgbench -S vs authenticated GET /calls/:id',
  async run(ctx: BenchContext): Promise<Row[]> {
    const log = (m: string) => ctx.log(m);

    // 1. Baseline HTTP server, alone on the server side.
    const plainSpec = spec('plain-live', 'node:http GET /health/live', 'req/s');
    const plainRow = await attempt(plainSpec, log, async () => {
      const plain = await spawnServer({
        name: 'plain node:http',
        script: join(__dirname, 'servers/plain-http.js'),
        readyPath: '/health/live',
        readyTimeoutMs: 10_000,
      });
      ctx.defer('stop plain node:http', () => plain.stop());
      try {
        return baselineRow(plainSpec, await measureHttp(ctx, { label: plainSpec.scenario, url: `${plain.baseUrl}/health/live` }));
      } finally {
        await plain.stop();
      }
    });

    // 1b. Reference: NestJS with one controller and nothing else, to tell the framework's share
    // of the gap from what the app adds (security headers, correlation id, access guard).
    const bareSpec = spec('bare-nest-live', 'NestJS alone (one controller) GET /health/live', 'req/s');
    const bareRow = await attempt(bareSpec, log, async () => {
      const bare = await spawnServer({
        name: 'bare NestJS',
        script: join(__dirname, 'servers/bare-nest.js'),
        readyPath: '/health/live',
        readyTimeoutMs: 20_000,
        nodeOptions: [...ctx.appNodeFlags],
      });
      ctx.defer('stop bare NestJS', () => bare.stop());
      try {
        return targetRow(bareSpec, await measureHttp(ctx, { label: bareSpec.scenario, url: `${bare.baseUrl}/health/live` }), {}, plainRow);
      } finally {
        await bare.stop();
      }
    });

    // 2. The app's bare route: Fastify + Nest routing, guards, helmet, serialisation; no database.
    const liveSpec = spec('nest-live', 'NestJS GET /health/live', 'req/s');
    const liveRow = await attempt(liveSpec, log, async () => {
      const app = await ctx.app();
      const m = await measureHttp(ctx, { label: liveSpec.scenario, url: `${app.baseUrl}/health/live` });
      return targetRow(liveSpec, m, { minRatio: 0.65 }, plainRow);
    });

    // 3. Baseline database round trip: pgbench select-only on its own scratch database.
    const pgSpec = spec('pgbench-select', `pgbench -S -c ${ctx.connections} -j 2 (scale 1)`, 'tps');
    const pgRow = await attempt(pgSpec, log, async () => {
      const url = await ctx.scratchDatabase('pgbench');
      return baselineRow(pgSpec, await measurePgbenchSelect(ctx, { url, label: 'pgbench -S', scale: 1, threads: 2 }));
    });

    // 4. One authenticated read through the whole stack (JWT, TypeORM, DTO mapping, ETag).
    const callSpec = spec('nest-get-call', 'NestJS GET /calls/:id (Bearer)', 'req/s');
    const callRow = await attempt(callSpec, log, async () => {
      const app = await ctx.app();
      const manager = await app.createStaff(['PROGRAMME_MANAGER'], 'Bench Programme Manager');
      const created = await app.api.post<{ id: string }>('/calls', digitalExperienceLabsCall(), { token: manager.token });
      await app.api.post(`/calls/${created.id}/publish`, undefined, { token: manager.token });
      const path = `/calls/${created.id}`;
      const check = await app.api.get<{ id: string; status: string }>(path, { token: manager.token });
      if (check.id !== created.id) throw new Error(`GET ${path} answered another call: ${check.id}`);
      ctx.log(`call ${created.id} created and published (status now ${check.status})`);
      const m = await measureHttp(ctx, {
        label: callSpec.scenario,
        url: `${app.baseUrl}${path}`,
        headers: { authorization: `Bearer ${manager.token}`, accept: 'application/json' },
      });
      return targetRow(callSpec, m, { minRatio: 0.15, maxP99Ms: 50 }, pgRow);
    });

    return [plainRow, bareRow, liveRow, pgRow, callRow];
  },
};
