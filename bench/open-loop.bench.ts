import { measureHttpScripted } from './lib/autocannon';
import { OpenLoopResult, runOpenLoop } from './lib/open-loop';
import { percentile } from './lib/stats';
import { attempt, baselineRow, fmtMs, RowSpec, targetRow } from './lib/rows';
import type { BenchContext, BenchSection, Row } from './lib/types';
import { connect, DraftPool, NO_DRAFT, prepare, PROVINCES, Setup, submitScript, SubmitTracker, verify } from './submit.bench';

const SECTION = 'open-loop';
/** Shares of the measured capacity the submissions arrive at. */
const SHARES = [0.5, 1, 1.5] as const;
/** At half the capacity a deadline rush must still feel instant. */
const P99_AT_HALF_MS = 50;
/** The closed-loop submit measurement of the same run, when it ran before this section. */
const SUBMIT_ROW = 'submit.nest-submit';

const spec = (id: string, scenario: string, metric: string): RowSpec => ({ section: SECTION, id: `${SECTION}.${id}`, scenario, metric });

/**
 * Capacity: the closed-loop submit figure of this run (the submit section, same app), or, when
 * that section did not run, the same closed loop measured here on this section's applicants.
 */
async function capacity(ctx: BenchContext, setup: Setup, pool: DraftPool, tracker: SubmitTracker): Promise<Row> {
  const earlier = ctx.rows().find((row) => row.id === SUBMIT_ROW && row.value !== null);
  if (earlier) {
    ctx.log(`${SECTION}: capacity from ${SUBMIT_ROW} of this run: ${Math.round(earlier.value!)} req/s`);
    return earlier;
  }
  const rowSpec = spec('capacity', `closed loop POST /applications/:id/submit (${ctx.connections} applicants), for the capacity`, 'req/s');
  return attempt(rowSpec, ctx.log, async () => {
    const applicants = setup.applicants.length;
    const guess = 400;
    await pool.ensure(Math.ceil((guess * (ctx.warmupSec + ctx.durationSec) * 1.5) / applicants) + PROVINCES.length);
    const measurement = await measureHttpScripted(ctx, {
      label: rowSpec.scenario,
      url: setup.app.baseUrl,
      connection: (index, phase) => submitScript(setup.applicants[index % applicants], pool, tracker, index, phase),
      async afterWarmup(warmup) {
        const rate = warmup ? Math.max(warmup.reqPerSec * 4, 50) : guess;
        await pool.ensure(Math.ceil((rate * ctx.durationSec) / applicants) + PROVINCES.length);
      },
    });
    return baselineRow(rowSpec, measurement);
  });
}

/** What came back that the service must never answer here: anything but 200, or 503 with Retry-After. */
function wrongAnswers(result: OpenLoopResult): number {
  const answered = Object.entries(result.statusCounts).reduce((sum, [status, count]) => sum + (status === '200' ? 0 : count), 0);
  return answered - result.shedWithRetryAfter;
}

function byStatus(result: OpenLoopResult): string {
  return Object.entries(result.statusCounts)
    .map(([status, count]) => `${status} × ${count}${status === '503' ? ` (${result.shedWithRetryAfter} with Retry-After)` : ''}`)
    .join(', ');
}

/**
 * Submissions arriving at a fixed rate (open loop) at 50 %, 100 % and 150 % of the service's
 * closed-loop capacity: a deadline rush as applicants make it, each on a draft of their own.
 *  - Each rate for BENCH_DURATION after a warm-up at that rate (discarded).
 *  - p50 and p99 from each request's due time; at 50 %: p99 ≤ 50 ms.
 *  - Every request answered, correctly: 200, or 503 with Retry-After if the service sheds load;
 *    no other status, no timeout. Afterwards the database holds exactly the submissions
 *    answered 200 (the submit section's checks), after each rate.
 */
export const openLoopSection: BenchSection = {
  name: SECTION,
  description: 'submissions arriving at a fixed rate (50/100/150 % of the submit capacity): p50/p99, answers by status',
  async run(ctx: BenchContext): Promise<Row[]> {
    const setup = await prepare(ctx);
    const db = await connect(setup.app.databaseUrl);
    const rows: Row[] = [];
    try {
      const pool = new DraftPool(setup, db, ctx.log);
      // One tracker for the whole section: the checks compare the database with every answer so far.
      const tracker = new SubmitTracker();
      const capacityRow = await capacity(ctx, setup, pool, tracker);
      if (capacityRow.section === SECTION) rows.push(capacityRow);
      if (capacityRow.value === null || capacityRow.value <= 0) throw new Error('no capacity measured: open-loop rates cannot be set');
      const applicants = setup.applicants;
      const rates = SHARES.map((share) => Math.max(1, Math.round(capacityRow.value! * share)));
      // Every draft the three rates need (warm-ups included), cloned before the first one: a bulk
      // insert just before a measurement left its I/O in that measurement's p99.
      const perApplicant = rates.reduce((sum, rate) => sum + Math.ceil((rate * (ctx.warmupSec + ctx.durationSec)) / applicants.length) + 1, 0);
      await pool.ensure(perApplicant + PROVINCES.length);

      const fire = (rate: number, durationSec: number, label: string) => {
        const drafts: (string | null)[] = [];
        return runOpenLoop({
          url: setup.app.baseUrl,
          ratePerSec: rate,
          durationSec,
          request(sequence) {
            // Round robin over the applicants, each submitting its own next draft.
            const applicant = applicants[sequence % applicants.length];
            const draft = pool.take(applicant.index);
            tracker.issue(draft);
            drafts[sequence] = draft;
            return {
              method: 'POST',
              path: `/applications/${draft ?? NO_DRAFT}/submit`,
              headers: { authorization: `Bearer ${applicant.token}`, accept: 'application/json', 'idempotency-key': `open.${label}.${sequence}` },
            };
          },
          response(sequence, status, body) {
            tracker.record(label.startsWith('warm') ? 'warmup' : 'measure', drafts[sequence], status, body);
          },
        });
      };

      for (const [i, share] of SHARES.entries()) {
        const rate = rates[i];
        const percent = Math.round(share * 100);
        const rowSpec = spec(`rate-${percent}`, `open loop POST /applications/:id/submit at ${percent} % of capacity (${rate}/s)`, 'req/s');
        rows.push(
          await attempt(rowSpec, ctx.log, async () => {
            if (ctx.warmupSec > 0) {
              ctx.log(`${rowSpec.scenario}: warm-up ${ctx.warmupSec}s`);
              await fire(rate, ctx.warmupSec, `warmup-${percent}`);
            }
            ctx.log(`${rowSpec.scenario}: ${ctx.durationSec}s`);
            const result = await fire(rate, ctx.durationSec, `measure-${percent}`);
            const verification = await verify(db, setup, tracker);
            const p50 = percentile(result.latenciesMs, 50);
            const p99 = percentile(result.latenciesMs, 99);
            const ok = result.statusCounts['200'] ?? 0;
            const wrong = wrongAnswers(result);
            ctx.log(
              `${rowSpec.scenario}: ${result.sent} sent, ${byStatus(result)}; p50 ${p50?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms; ` +
                `${result.timeouts} timeout(s), ${result.transportErrors} transport error(s); ${result.connectionsOpened} connections, ` +
                `max ${result.maxInFlight} in flight; last answer ${result.elapsedSec.toFixed(1)}s after the first request was due`,
            );
            const unanswered = result.timeouts + result.transportErrors;
            const outcome = [
              ...(wrong > 0 ? [`${wrong} wrong answer(s)`] : []),
              ...(result.timeouts > 0 ? [`${result.timeouts} without an answer within 10 s`] : []),
              ...(result.transportErrors > 0 ? [`${result.transportErrors} connection error(s)`] : []),
            ];
            const notes = [
              `p50 ${p50 === null ? 'n/a' : fmtMs(p50)} ms; ${result.sent} sent; answers ${byStatus(result) || 'none'}; ` +
                (wrong + unanswered === 0 ? 'every request answered correctly' : outcome.join(', ')),
              `${result.connectionsOpened} connections opened, at most ${result.maxInFlight} requests in flight, client send lag p99 ${fmtMs(result.sendLagP99Ms)} ms`,
              ...verification.problems,
            ];
            const row = targetRow(
              rowSpec,
              {
                // Throughput achieved: submissions answered 200 per second until the last answer.
                value: ok / Math.max(result.elapsedSec, ctx.durationSec),
                p99Ms: p99,
                errors: result.transportErrors + result.timeouts,
                non2xx: wrong,
                notes,
                details: {
                  rate,
                  share,
                  sent: result.sent,
                  statusCounts: result.statusCounts,
                  shedWithRetryAfter: result.shedWithRetryAfter,
                  latencyP50Ms: p50,
                  latencyP90Ms: percentile(result.latenciesMs, 90),
                  latencyP99Ms: p99,
                  latencyMaxMs: result.latenciesMs[result.latenciesMs.length - 1] ?? null,
                  timeouts: result.timeouts,
                  transportErrors: result.transportErrors,
                  connectionsOpened: result.connectionsOpened,
                  maxInFlight: result.maxInFlight,
                  sendLagP99Ms: result.sendLagP99Ms,
                  sendLagMaxMs: result.sendLagMaxMs,
                  elapsedSec: result.elapsedSec,
                  verification: verification.details,
                },
              },
              share === 0.5 ? { maxP99Ms: P99_AT_HALF_MS } : {},
              capacityRow,
            );
            if (verification.problems.length > 0) row.verdict = 'fail';
            return row;
          }),
        );
      }
      return rows;
    } finally {
      await db.end();
    }
  },
};
