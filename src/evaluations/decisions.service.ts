import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { loadApplication } from '../applications/application-access';
import { ApplicationStatus } from '../applications/domain/application-status';
import { ApplicationsReader } from '../applications/applications-reader';
import type { Application } from '../applications/entities/application.entity';
import { splitSubsidy } from '../applications/budgets/domain/subsidy.rule';
import { CallStatus, statusAt } from '../calls/domain/call-status';
import { CallsReader } from '../calls/calls-reader';
import type { Call } from '../calls/entities/call.entity';
import { AuditService } from '../core/audit/audit.service';
import { AppConfig } from '../core/config/app.config';
import { Clock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { Province } from '../core/domain/provinces';
import { notFound } from '../core/errors/domain.error';
import { NotificationsService } from '../core/notifications/notifications.service';
import { brusselsDate } from '../core/time/brussels';
import { type Grant, GrantStatus } from '../grants/entities/grant.entity';
import { GrantsReader } from '../grants/grants-reader';
import { GrantsService } from '../grants/grants.service';
import { PaymentsService } from '../grants/payments/payments.service';
import { AuthService } from '../auth/auth.service';
import { ApplicationsService } from '../applications/applications.service';
import { OUTCOME_ACTION } from '../applications/domain/application.machine';
import { readSubmissionSnapshot } from '../applications/submission-snapshot';
import { CallsService } from '../calls/calls.service';
import { proposeAwards } from './domain/award-proposal.rule';
import { proposeConsensus } from './domain/consensus.rule';
import { rankInOrder, RankedEntry, RankingInput } from './domain/ranking.rule';
import { compileRules, weightedTotalHundredths } from './domain/score-scale';
import { validateScores } from './domain/score.rule';
import {
  AdmissibilityDto,
  AwardProposalDto,
  ConsensusViewDto,
  DecisionDto,
  DecisionResultDto,
  GrantSummaryDto,
  PreselectedCandidateDto,
  PreselectionDto,
  PutScoresDto,
  RankingDto,
  ResultDto,
  WithdrawGrantDto,
} from './dto/evaluation.dto';
import { Assignment, AssignmentStatus } from './entities/assignment.entity';
import { AwardProposalRecord, AwardProposalStatus } from './entities/award-proposal.entity';
import { Preselection } from './entities/preselection.entity';
import { ConsensusScore, IndividualScore } from './entities/score.entity';
import { preselectionList } from './domain/preselection.rule';
import { EvaluationErrors } from './evaluations.errors';

/** One proposal of the ranking query. */
interface RankRow {
  id: string;
  province: Province;
  submitted_at: Date | null;
  requested_subsidy_cents: string | null;
  acronym: string;
  title: string;
  status: ApplicationStatus;
  criteria: string[];
  scores: number[];
  complete: boolean;
}

interface RankedRow {
  entry: RankedEntry;
  row: RankRow;
}

const EVALUATED = [ApplicationStatus.ADMISSIBLE, ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED];

@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly applications: ApplicationsService,
    private readonly calls: CallsService,
    private readonly grants: GrantsService,
    private readonly payments: PaymentsService,
    private readonly accounts: AuthService,
    private readonly config: AppConfig,
    private readonly callRecords: CallsReader,
    private readonly applicationRecords: ApplicationsReader,
    private readonly grantRecords: GrantsReader,
  ) {}

  /** Screening after the call closed; the first decision moves the call into evaluation. */
  async admissibility(applicationId: string, dto: AdmissibilityDto, actor: Actor): Promise<{ id: string; status: ApplicationStatus; reason: string }> {
    return this.db.transaction(async (manager) => {
      const application = await this.applicationRecords.find(manager, applicationId, { lock: true });
      if (!application) throw notFound('The proposal');
      const call = await this.callRecords.find(manager, application.callId, { lock: true });
      const now = this.clock.now();
      const callStatus = statusAt(call!, now);
      if (callStatus !== CallStatus.CLOSED && callStatus !== CallStatus.EVALUATION) throw EvaluationErrors.callNotClosed();
      if (![ApplicationStatus.SUBMITTED, ApplicationStatus.ADMISSIBLE, ApplicationStatus.INADMISSIBLE].includes(application.status)) {
        throw EvaluationErrors.notSubmitted(application.status);
      }
      const before = { status: application.status, reason: application.admissibilityReason };
      if (call!.status !== CallStatus.EVALUATION) await this.calls.transition(manager, call!, 'start_evaluation', actor, { action: 'call.evaluation_started' });
      const reason = dto.reason.trim();
      await this.applications.transition(manager, application, dto.admissible ? 'mark_admissible' : 'mark_inadmissible', actor, {
        fields: { admissibilityReason: reason, admissibilityDecidedAt: now, admissibilityDecidedBy: actor.userId },
        audit: { action: dto.admissible ? 'application.admissible' : 'application.inadmissible', before, after: { reason } },
      });
      return { id: applicationId, status: application.status, reason };
    });
  }

  async consensusView(applicationId: string): Promise<ConsensusViewDto> {
    const { application, call } = await this.loadForStaff(this.db.manager, applicationId);
    const sheets = await this.submittedSheets(this.db.manager, application.id);
    const proposed = proposeConsensus(
      sheets.map((s) => s.scores),
      call.rules.evaluation,
    ).map((c) => ({ criterion: c.criterion, score: c.score, evaluatorCount: c.evaluatorCount, lowest: c.lowest, highest: c.highest }));
    const consensus = await this.db.manager.find(ConsensusScore, { where: { applicationId }, order: { criterion: 'ASC' } });
    return {
      applicationId,
      consensus: consensus.map((c) => ({ criterion: c.criterion, score: c.score, comment: c.comment })),
      proposed,
      individual: sheets.map((s) => ({ assignmentId: s.assignmentId, status: AssignmentStatus.SUBMITTED, scores: s.scores })),
    };
  }

  /** The agreed score per criterion; individual scores stay apart and unchanged. */
  async putConsensus(applicationId: string, dto: PutScoresDto, actor: Actor): Promise<ConsensusViewDto> {
    await this.db.transaction(async (manager) => {
      const { application, call } = await this.loadForStaff(manager, applicationId, true);
      if (application.status !== ApplicationStatus.ADMISSIBLE) throw EvaluationErrors.notAdmissible();
      const errors = validateScores(dto.scores, call.rules.evaluation, { complete: true });
      if (errors.length > 0) throw EvaluationErrors.scoresInvalid(errors);
      const submitted = await manager.countBy(Assignment, { applicationId, status: AssignmentStatus.SUBMITTED });
      if (submitted === 0) throw EvaluationErrors.consensusNotReady('No evaluator has submitted scores for this proposal yet');
      const before = await manager.findBy(ConsensusScore, { applicationId });
      await manager.delete(ConsensusScore, { applicationId });
      const now = this.clock.now();
      await manager.insert(
        ConsensusScore,
        dto.scores.map((s) => ({ applicationId, criterion: s.criterion, score: s.score, comment: s.comment, setBy: actor.userId, setAt: now })),
      );
      await this.audit.record(manager, actor, {
        action: 'application.consensus_set',
        entityType: 'application',
        entityId: applicationId,
        before: before.map((c) => ({ criterion: c.criterion, score: c.score, comment: c.comment })),
        after: dto.scores,
      });
    });
    return this.consensusView(applicationId);
  }

  async ranking(callId: string): Promise<RankingDto> {
    const { call, ranked, pending } = await this.rank(this.db.manager, callId);
    return { callId: call.id, entries: [...ranked()].map(toRankingEntry), pending, tieBreakOrder: call.rules.evaluation.tieBreak, tieBreakRule: tieBreakRule(call) };
  }

  /**
   * The same ranking as JSON text written entry by entry, so that the answer's size never sits
   * in memory as objects or as one string. Refusals (no call, over the budget) come before the
   * first byte.
   */
  async rankingJson(callId: string): Promise<Readable> {
    const { call, ranked, pending } = await this.rank(this.db.manager, callId);
    function* chunks(): Generator<Buffer> {
      let text = `{"callId":${JSON.stringify(call.id)},"entries":[`;
      let first = true;
      for (const r of ranked()) {
        text += (first ? '' : ',') + JSON.stringify(toRankingEntry(r));
        first = false;
        if (text.length >= 64 * 1024) {
          yield Buffer.from(text);
          text = '';
        }
      }
      yield Buffer.from(`${text}],"pending":${JSON.stringify(pending)},"tieBreakOrder":${JSON.stringify(call.rules.evaluation.tieBreak)},"tieBreakRule":${JSON.stringify(tieBreakRule(call))}}`);
    }
    return Readable.from(chunks());
  }

  /**
   * Walks the ranking and proposes awards within the remaining envelope and province quota.
   * Proposals already awarded (with an active grant) count against both; after a withdrawal
   * the freed amount goes to the best reserve that fits.
   */
  async awardProposal(callId: string, actor: Actor): Promise<AwardProposalDto> {
    return this.db.transaction(async (manager) => {
      await this.callRecords.find(manager, callId, { lock: true });
      const { call, ranked } = await this.rank(manager, callId, 'AWARD_MAX_PROPOSALS');
      // What earlier decisions hold, summed by PostgreSQL: committed amounts, awards per province, withdrawals.
      const held = (await manager.query(
        `SELECT g.status, a.province, a.status = ANY($2::text[]) AS evaluated, count(*)::int AS n, sum(g.amount_cents)::text AS amount
         FROM grants g LEFT JOIN applications a ON a.id = g.application_id
         WHERE g.call_id = $1 GROUP BY 1, 2, 3`,
        [callId, EVALUATED],
      )) as { status: GrantStatus; province: Province | null; evaluated: boolean | null; n: number; amount: string }[];
      const standing = held.filter((h) => h.status === GrantStatus.ACTIVE || h.status === GrantStatus.CLOSED);
      const alreadyCommitted = standing.reduce((s, h) => s + Number(h.amount), 0);
      const awardedPerProvince: Partial<Record<Province, number>> = {};
      for (const h of standing) {
        if (h.province && h.evaluated) awardedPerProvince[h.province] = (awardedPerProvince[h.province] ?? 0) + h.n;
      }
      const withdrawn = held.filter((h) => h.status === GrantStatus.WITHDRAWN).reduce((s, h) => s + h.n, 0);
      // Only what the award walk reads is kept of each entry (not its criteria), to bound the memory.
      const candidates: RankedEntry[] = [];
      for (const { entry, row } of ranked()) {
        if (row.status !== ApplicationStatus.ADMISSIBLE && row.status !== ApplicationStatus.RESERVE) continue;
        candidates.push({ ...entry, criteria: [] });
      }
      // A reserve of another province may move up only when the call allows it.
      const provinceQuota = withdrawn > 0 && call.rules.reserveAcrossProvinces ? Number.MAX_SAFE_INTEGER : call.rules.provinceQuota;
      const proposal = proposeAwards(candidates, { envelope: call.envelope, alreadyCommitted, provinceQuota, awardedPerProvince });
      await manager.update(AwardProposalRecord, { callId, status: AwardProposalStatus.PROPOSED }, { status: AwardProposalStatus.SUPERSEDED });
      const record = await manager.save(
        manager.create(AwardProposalRecord, {
          callId,
          status: AwardProposalStatus.PROPOSED,
          entries: proposal.entries,
          totalAwarded: proposal.totalAwarded,
          remainingEnvelope: proposal.remainingEnvelope,
          computedBy: actor.userId,
          computedAt: this.clock.now(),
          decidedBy: null,
          decidedAt: null,
        }),
      );
      await this.audit.record(manager, actor, { action: 'call.award_proposed', entityType: 'call', entityId: callId, after: { proposalId: record.id, totalAwarded: record.totalAwarded, entries: record.entries } });
      return toProposalDto(record, alreadyCommitted);
    });
  }

  /**
   * Confirms an award proposal in one transaction on the locked call: statuses, grants with
   * their amount, split and frozen snapshot. A second decision on the same proposal is refused.
   */
  async decide(callId: string, dto: DecisionDto, actor: Actor): Promise<DecisionResultDto> {
    return this.db.transaction(async (manager) => {
      const call = await this.callRecords.find(manager, callId, { lock: true });
      if (!call) throw notFound('The call');
      if (call.status !== CallStatus.EVALUATION && call.status !== CallStatus.DECIDED) throw EvaluationErrors.decisionClosed(statusAt(call, this.clock.now()));
      const proposal = await manager.findOneBy(AwardProposalRecord, { id: dto.proposalId, callId });
      if (!proposal) throw notFound('The award proposal');
      if (proposal.status !== AwardProposalStatus.PROPOSED) throw EvaluationErrors.proposalStale();
      const now = this.clock.now();
      const applications = await this.applicationRecords.findMany(manager, proposal.entries.map((e) => e.applicationId));
      const preselecting = call.outcome === 'PRESELECTION';
      // The list goes to the Commission once; a reserve cannot move up onto it afterwards.
      if (preselecting && (await manager.existsBy(Preselection, { callId }))) throw EvaluationErrors.preselectionDecided();
      const submissions = preselecting ? [] : await this.applicationRecords.submissionsOf(manager, proposal.entries.filter((e) => e.outcome === 'AWARD').map((e) => e.applicationId));
      const grants: Grant[] = [];
      const counts = { awarded: 0, reserve: 0, rejected: 0 };
      for (const entry of proposal.entries) {
        const application = applications.find((a) => a.id === entry.applicationId)!;
        const target = entry.outcome === 'AWARD' ? ApplicationStatus.AWARDED : entry.outcome === 'RESERVE' ? ApplicationStatus.RESERVE : ApplicationStatus.REJECTED;
        if (target === ApplicationStatus.AWARDED) counts.awarded++;
        else if (target === ApplicationStatus.RESERVE) counts.reserve++;
        else counts.rejected++;
        if (application.status === target && application.outcomeReason === entry.reason) continue;
        await this.applications.transition(manager, application, OUTCOME_ACTION[entry.outcome], actor, {
          fields: { outcomeReason: entry.reason },
          audit: { action: `application.${target.toLowerCase()}`, before: { status: application.status }, after: { reason: entry.reason } },
        });
        if (target !== ApplicationStatus.AWARDED || preselecting) continue;
        const submission = submissions.find((s) => s.applicationId === application.id)!;
        const snapshot = readSubmissionSnapshot(submission.snapshot);
        const split = splitSubsidy(entry.amount, snapshot.budgetSummary.totals.eligibleCosts, call.rules.fundingSources);
        const startDate = dto.startDate ?? application.startDate ?? brusselsDate(now);
        const grant = await this.grants.createFromAward(
          manager,
          {
            call,
            applicationId: application.id,
            beneficiaryOrganisationId: application.leadOrganisationId,
            awardProposalId: proposal.id,
            amount: entry.amount,
            fundingSplit: split.shares,
            startDate,
            snapshot: submission.snapshot,
            snapshotSha256: submission.snapshotSha256,
            decidedAt: now,
          },
          actor,
        );
        grants.push(grant);
        const members = await this.accounts.organisationMemberIds(manager, application.leadOrganisationId);
        await this.notifications.notify(manager, members, {
          kind: 'GRANT_AWARDED',
          title: `Subsidie toegekend aan ${application.acronym}`,
          body: `Subsidie ${grant.grantNumber} vanaf ${grant.startDate}.`,
          entityType: 'grant',
          entityId: grant.id,
        });
      }
      const preselection = preselecting ? await this.recordPreselection(manager, call, proposal, applications, actor, now) : [];
      await manager.update(AwardProposalRecord, proposal.id, { status: AwardProposalStatus.DECIDED, decidedBy: actor.userId, decidedAt: now });
      const decided = { proposalId: proposal.id, ...counts, ...(preselecting ? { preselected: preselection.map((p) => ({ rank: p.rank, applicationId: p.applicationId })) } : {}) };
      // A later decision (a reserve moving up) finds the call decided already and only records itself.
      if (call.status !== CallStatus.DECIDED) await this.calls.transition(manager, call, 'decide', actor, { action: 'call.decided', after: decided });
      else await this.audit.record(manager, actor, { action: 'call.decided', entityType: 'call', entityId: callId, before: { status: call.status }, after: { status: CallStatus.DECIDED, ...decided } });
      return { callId, proposalId: proposal.id, outcome: call.outcome, grants: grants.map(toGrantSummary), preselection, ...counts };
    });
  }

  /**
   * A PRESELECTION call's decision: the candidates put forward, ranked, with the contribution
   * and matching they asked; each lead organisation is told. No grant is created.
   */
  private async recordPreselection(
    manager: EntityManager,
    call: Call,
    proposal: AwardProposalRecord,
    applications: Application[],
    actor: Actor,
    now: Date,
  ): Promise<PreselectedCandidateDto[]> {
    const list = preselectionList(proposal.entries, call.rules.matchingCofinancing);
    if (list.length === 0) return [];
    await manager.insert(
      Preselection,
      list.map((c) => ({ callId: call.id, awardProposalId: proposal.id, applicationId: c.applicationId, rank: c.rank, contribution: c.contribution, matching: c.matching, decidedBy: actor.userId, decidedAt: now })),
    );
    for (const c of list) {
      const application = applications.find((a) => a.id === c.applicationId)!;
      const members = await this.accounts.organisationMemberIds(manager, application.leadOrganisationId);
      await this.notifications.notify(manager, members, {
        kind: 'PRESELECTED',
        title: `${application.acronym} voorgeselecteerd`,
        body: `${application.acronym} staat als nummer ${c.rank} op de lijst van kandidaten voor de beperkte oproep van de Europese Commissie.`,
        entityType: 'application',
        entityId: application.id,
      });
    }
    return (await this.preselection(manager, call.id)).candidates;
  }

  /**
   * The candidates a PRESELECTION call put forward, in rank order (empty before its decision):
   * the evaluations feature's reader for the list, its letters and its export.
   */
  async preselection(manager: EntityManager, callId: string): Promise<PreselectionDto> {
    const rows = (await manager.query(
      `SELECT p.rank, p.application_id, a.acronym, a.title, a.province, o.name AS lead_name, o.enterprise_number AS lead_number,
              p.contribution_cents::text AS contribution, p.matching_cents::text AS matching, p.decided_at
       FROM preselections p JOIN applications a ON a.id = p.application_id JOIN organisations o ON o.id = a.lead_organisation_id
       WHERE p.call_id = $1 ORDER BY p.rank`,
      [callId],
    )) as { rank: number; application_id: string; acronym: string; title: string; province: Province; lead_name: string; lead_number: string; contribution: string; matching: string; decided_at: Date }[];
    const candidates = rows.map((r) => ({
      rank: r.rank,
      applicationId: r.application_id,
      acronym: r.acronym,
      title: r.title,
      province: r.province,
      leadName: r.lead_name,
      leadEnterpriseNumber: r.lead_number,
      contribution: Number(r.contribution),
      matching: Number(r.matching),
      decidedAt: r.decided_at.toISOString(),
    }));
    return {
      callId,
      candidates,
      totalContribution: candidates.reduce((s, c) => s + c.contribution, 0),
      totalMatching: candidates.reduce((s, c) => s + c.matching, 0),
    };
  }

  /** The list over HTTP: the call must exist (staff only, see the controller). */
  async preselectionOfCall(callId: string): Promise<PreselectionDto> {
    if (!(await this.callRecords.exists(this.db.manager, callId))) throw notFound('The call');
    return this.preselection(this.db.manager, callId);
  }

  /** One candidate's place on the list, or null when it was not put forward. */
  async preselectedCandidate(manager: EntityManager, applicationId: string): Promise<PreselectedCandidateDto | null> {
    const row = await manager.findOneBy(Preselection, { applicationId });
    if (!row) return null;
    return (await this.preselection(manager, row.callId)).candidates.find((c) => c.applicationId === applicationId) ?? null;
  }

  /** Withdraws an award before any payment; its amount is free for the next award proposal. */
  async withdrawGrant(grantId: string, dto: WithdrawGrantDto, actor: Actor): Promise<GrantSummaryDto> {
    return this.db.transaction(async (manager) => {
      const grant = await this.grantRecords.find(manager, grantId, { lock: true });
      if (!grant) throw notFound('The grant');
      if (grant.status !== GrantStatus.ACTIVE) throw EvaluationErrors.decisionClosed(`grant ${grant.status.toLowerCase()}`);
      if (await this.payments.hasStandingPayment(manager, grantId)) throw EvaluationErrors.grantHasPayments();
      const now = this.clock.now();
      const withdrawn = await this.grants.withdraw(manager, grant, dto.reason, actor);
      const application = await this.applicationRecords.get(manager, grant.applicationId);
      // The award goes with the grant.
      await this.applications.transition(manager, application, 'withdraw_award', actor, {
        fields: { outcomeReason: `award withdrawn: ${dto.reason.trim()}`, withdrawnAt: now },
        audit: { action: 'application.award_withdrawn', before: { status: application.status }, after: { reason: dto.reason.trim() } },
      });
      return toGrantSummary(withdrawn);
    });
  }

  /** What an applicant sees after the decision: outcome and consensus, never individual scores. */
  async result(applicationId: string, actor: Actor): Promise<ResultDto> {
    const application = await loadApplication(this.db.manager, applicationId, actor, 'read');
    const decided = [ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED, ApplicationStatus.INADMISSIBLE].includes(application.status);
    const call = await this.callRecords.get(this.db.manager, application.callId);
    if (!decided && !(application.status === ApplicationStatus.WITHDRAWN && call.status === CallStatus.DECIDED)) throw EvaluationErrors.noResultYet();
    const consensus = await this.db.manager.find(ConsensusScore, { where: { applicationId }, order: { criterion: 'ASC' } });
    const grant = await this.grantRecords.findOfApplication(this.db.manager, applicationId);
    const weightedHundredths = weightedTotalHundredths(consensus, call.rules.evaluation);
    const entry = await this.decidedEntry(applicationId, application.status);
    return {
      applicationId,
      outcome: application.status,
      reason: application.status === ApplicationStatus.INADMISSIBLE ? application.admissibilityReason : application.outcomeReason,
      reasonCode: entry?.reasonCode ?? null,
      reasonParams: entry?.reasonParams ?? {},
      consensus: consensus.map((c) => ({ criterion: c.criterion, score: c.score, comment: c.comment })),
      weightedTotal: consensus.length ? weightedHundredths / 100 : null,
      grant: grant ? toGrantSummary(grant) : null,
      preselectionRank: (await this.db.manager.findOneBy(Preselection, { applicationId }))?.rank ?? null,
    };
  }

  /** The entry of the latest decision on this proposal, for its reason as a code; none before a decision. */
  private async decidedEntry(applicationId: string, status: ApplicationStatus) {
    if (![ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED].includes(status)) return undefined;
    const decision = await this.db.manager
      .getRepository(AwardProposalRecord)
      .createQueryBuilder('p')
      .where('p.status = :status', { status: AwardProposalStatus.DECIDED })
      .andWhere(`p.entries @> :entry::jsonb`, { entry: JSON.stringify([{ applicationId }]) })
      .orderBy('p.decided_at', 'DESC')
      .getOne();
    return decision?.entries.find((e) => e.applicationId === applicationId);
  }

  /**
   * The call's evaluated proposals, ranked, in one query: completeness, the weighted total and
   * the tie-break scores are computed by PostgreSQL, which sorts by the ranking's own keys; the
   * domain then walks the rows in that order (rankInOrder refuses any row out of order), so the
   * cost is one sort in the database and one pass here, whatever the number of proposals.
   */
  private async rank(manager: EntityManager, callId: string, budget: 'RANKING_MAX_PROPOSALS' | 'AWARD_MAX_PROPOSALS' = 'RANKING_MAX_PROPOSALS'): Promise<{ call: Call; ranked: () => Generator<RankedRow>; pending: string[] }> {
    const call = await this.callRecords.find(manager, callId);
    if (!call) throw notFound('The call');
    const limit = this.config[budget];
    const compiled = compileRules(call.rules.evaluation);
    const codes = compiled.criteria.map((c) => c.code);
    const weights = compiled.criteria.map((c) => c.weight);
    const tieBreak = compiled.tieBreak.map((_, i) => `max(s.score) FILTER (WHERE s.criterion = ($4::text[])[${i + 1}]) DESC`);
    const rows = (await manager.query(
      `SELECT a.id, a.province, a.submitted_at, a.requested_subsidy_cents, a.acronym, a.title, a.status,
              COALESCE(array_agg(s.criterion) FILTER (WHERE s.criterion IS NOT NULL), '{}') AS criteria,
              COALESCE(array_agg(s.score::float8) FILTER (WHERE s.criterion IS NOT NULL), '{}') AS scores,
              count(*) FILTER (WHERE s.criterion = ANY($3::text[])) = cardinality($3::text[]) AS complete
       FROM applications a
       LEFT JOIN consensus_scores s ON s.application_id = a.id
       WHERE a.call_id = $1 AND a.status = ANY($2::text[])
       GROUP BY a.id
       ORDER BY complete DESC, COALESCE(sum(round(s.score * 100) * ($5::bigint[])[array_position($3::text[], s.criterion)]), 0) DESC,
                ${[...tieBreak, ''].join(', ')} date_trunc('milliseconds', a.submitted_at), a.id
       LIMIT $6`,
      [callId, EVALUATED, codes, compiled.tieBreak, weights, limit + 1],
    )) as RankRow[];
    // The memory budget of one request: refused before anything is built from the rows.
    if (rows.length > limit) throw EvaluationErrors.rankingTooLarge(limit, budget);
    const firstPending = rows.findIndex((r) => !r.complete);
    const complete = firstPending < 0 ? rows : rows.slice(0, firstPending);
    // Code-unit order, as the proposals were listed before (by id).
    const pending = (firstPending < 0 ? [] : rows.slice(firstPending)).map((r) => r.id).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    function* inputs(): Generator<RankingInput> {
      for (const r of complete) {
        yield {
          applicationId: r.id,
          province: r.province,
          submittedAt: r.submitted_at as Date,
          requestedSubsidy: r.requested_subsidy_cents === null ? 0 : Number(r.requested_subsidy_cents),
          scores: Object.fromEntries(r.criteria.map((code, i) => [code, r.scores[i]])),
        };
      }
    }
    // Ranked lazily: the caller keeps only what it needs of each entry.
    const evaluation = call.rules.evaluation;
    function* ranked(): Generator<RankedRow> {
      let i = 0;
      for (const entry of rankInOrder(inputs(), evaluation)) yield { entry, row: complete[i++] };
    }
    return { call, ranked, pending };
  }

  private async loadForStaff(manager: EntityManager, applicationId: string, lock = false): Promise<{ application: Application; call: Call }> {
    const application = await this.applicationRecords.find(manager, applicationId, { lock });
    if (!application) throw notFound('The proposal');
    const call = await this.callRecords.get(manager, application.callId);
    return { application, call };
  }

  private async submittedSheets(manager: EntityManager, applicationId: string) {
    const assignments = await manager.find(Assignment, { where: { applicationId, status: AssignmentStatus.SUBMITTED }, order: { submittedAt: 'ASC' } });
    const scores = assignments.length ? await manager.findBy(IndividualScore, { assignmentId: In(assignments.map((a) => a.id)) }) : [];
    return assignments.map((a) => ({
      assignmentId: a.id,
      scores: scores.filter((s) => s.assignmentId === a.id).map((s) => ({ criterion: s.criterion, score: s.score, comment: s.comment })),
    }));
  }
}

function toRankingEntry({ entry: r, row }: RankedRow): RankingDto['entries'][number] {
  return {
    applicationId: r.applicationId,
    acronym: row.acronym,
    title: row.title,
    province: r.province,
    rank: r.rank,
    weightedTotal: r.weightedTotal,
    unweightedTotal: r.unweightedTotal,
    passed: r.passed,
    criteria: r.criteria.map((c) => ({ criterion: c.criterion, score: c.score, threshold: c.threshold, passed: c.passed })),
    requestedSubsidy: r.requestedSubsidy,
    submittedAt: r.submittedAt.toISOString(),
    tieBreak: r.tieBreak,
    tieBreakNote: r.tieBreakNote,
  };
}

function tieBreakRule(call: Call): string {
  return `Weighted total, then the tie-break criteria ${call.rules.evaluation.tieBreak.join(', ')}, then the earlier submission time`;
}

export function toGrantSummary(g: Grant): GrantSummaryDto {
  return {
    id: g.id,
    grantNumber: g.grantNumber,
    applicationId: g.applicationId,
    amount: g.amount,
    fundingSplit: g.fundingSplit,
    startDate: g.startDate,
    endDate: g.endDate,
    status: g.status,
  };
}

function toProposalDto(r: AwardProposalRecord, alreadyCommitted: number): AwardProposalDto {
  return {
    id: r.id,
    callId: r.callId,
    status: r.status,
    entries: r.entries.map((e) => ({ ...e, reasonCode: e.reasonCode ?? null, reasonParams: e.reasonParams ?? {} })),
    totalAwarded: r.totalAwarded,
    alreadyCommitted,
    remainingEnvelope: r.remainingEnvelope,
    computedAt: r.computedAt.toISOString(),
  };
}
