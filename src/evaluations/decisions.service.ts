import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
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
import { awardWalk, AwardEntry } from './domain/award-proposal.rule';
import { allEntries, countEntries, decidedEntry, ENTRY_BATCH, entriesPage, insertEntries } from './award-proposal-entries';
import { proposeConsensus } from './domain/consensus.rule';
import { RankedEntry, RankingInput, rankingWalk, RankingWalkOptions } from './domain/ranking.rule';
import { CompiledRules, compileRules, weightedTotalHundredths } from './domain/score-scale';
import { validateScores } from './domain/score.rule';
import {
  AdmissibilityDto,
  AwardEntriesPageDto,
  AwardEntriesQuery,
  AwardProposalDto,
  ConsensusViewDto,
  DecisionDto,
  DecisionResultDto,
  GrantSummaryDto,
  PreselectedCandidateDto,
  PreselectionDto,
  PutScoresDto,
  RankingDto,
  RankingEntryDto,
  RankingQuery,
  ResultDto,
  WithdrawGrantDto,
} from './dto/evaluation.dto';
import { Assignment, AssignmentStatus } from './entities/assignment.entity';
import { AwardProposalRecord, AwardProposalStatus, StoredAwardEntry } from './entities/award-proposal.entity';
import { Preselection } from './entities/preselection.entity';
import { ConsensusScore, IndividualScore } from './entities/score.entity';
import { preselectionList } from './domain/preselection.rule';
import { EvaluationErrors } from './evaluations.errors';

/** One proposal of the ranking query: `h0`…`hn` are its consensus scores in hundredths, in the call's order of criteria. */
interface RankRow {
  id: string;
  province: Province;
  submitted_at: Date;
  requested_subsidy_cents: string | null;
  acronym: string;
  title: string;
  status: ApplicationStatus;
  /** A score on every criterion; the rows without come last, in id order, and are not ranked. */
  complete: boolean;
  [score: `h${number}`]: number;
}

interface RankedRow {
  entry: RankedEntry;
  row: RankRow;
}

/** A page of the ranking's rows (entries, then pending proposals): `more` learns, after the last batch, whether rows follow. */
export interface RankingWindow {
  after: number;
  size: number;
  more?: (more: boolean) => void;
}

/** A batch of the streamed ranking: entries in rank order first, then the pending proposals' ids in id order. */
export type RankingBatch = { entries: RankingEntryDto[]; pending?: undefined } | { pending: string[]; entries?: undefined };

export interface RankingStream {
  call: Call;
  /** Reading to the end, failing or stopping gives the connection back. */
  batches: AsyncGenerator<RankingBatch>;
  /** Gives the connection back when the batches were never read (a response dropped before its first byte). */
  abandon(): void;
}

/** A computed award proposal without its entries, and the whole of it as JSON (AwardProposalDto), read from its rows. */
export type ComputedProposal = Omit<AwardProposalDto, 'entries' | 'entriesNextCursor'> & { json(pageSize: number): Readable };

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

  /**
   * The ranking of a call streamed from one REPEATABLE READ transaction of its own: the entries
   * in rank order batch by batch, then the pending proposals. Refusals (no call, over the
   * budget) come before anything is read. The caller reads `batches` to the end or drops it.
   */
  async rankingStream(callId: string, window?: RankingWindow): Promise<RankingStream> {
    const runner = this.db.createQueryRunner('slave');
    await runner.connect();
    let call: Call;
    try {
      await runner.startTransaction('REPEATABLE READ');
      call = await this.rankableCall(runner.manager, callId, 'RANKING_MAX_PROPOSALS');
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      throw error;
    }
    let started = false;
    let done = false;
    const finish = async (commit: boolean) => {
      if (done) return;
      done = true;
      if (commit) await runner.commitTransaction().catch(() => undefined);
      else await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    };
    const rows = (manager: EntityManager) => this.rankingRows(manager, call, window);
    async function* batches(): AsyncGenerator<RankingBatch> {
      started = true;
      let ok = false;
      try {
        for await (const batch of rows(runner.manager)) {
          if (batch.ranked.length > 0) yield { entries: batch.ranked.map(toRankingEntry) };
          if (batch.pending.length > 0) yield { pending: batch.pending };
        }
        ok = true;
      } finally {
        await finish(ok);
      }
    }
    return { call, batches: batches(), abandon: () => void (started || finish(false)) };
  }

  /**
   * One page of the ranking as JSON text written batch by batch, in the shape of RankingDto, so
   * that the answer's size never sits in memory as objects or as one string.
   */
  async rankingJson(callId: string, query: RankingQuery): Promise<Readable> {
    let more = false;
    const { call, batches, abandon } = await this.rankingStream(callId, { after: query.after, size: query.pageSize, more: (m) => (more = m) });
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from(`{"callId":${JSON.stringify(call.id)},"entries":[`);
      let first = true;
      let inPending = false;
      for await (const batch of batches) {
        const items = batch.entries ?? batch.pending;
        if (batch.pending && !inPending) {
          inPending = true;
          first = true;
          yield Buffer.from('],"pending":[');
        }
        if (items.length === 0) continue;
        yield Buffer.from((first ? '' : ',') + items.map((item) => JSON.stringify(item)).join(','));
        first = false;
      }
      const next = more ? query.after + query.pageSize : null;
      yield Buffer.from(
        `${inPending ? '' : '],"pending":['}],"tieBreakOrder":${JSON.stringify(call.rules.evaluation.tieBreak)},"tieBreakRule":${JSON.stringify(tieBreakRule(call))},"nextCursor":${JSON.stringify(next)}}`,
      );
    }
    const stream = Readable.from(chunks());
    stream.once('close', abandon);
    return stream;
  }

  /**
   * Walks the ranking and proposes awards within the remaining envelope and province quota.
   * Proposals already awarded (with an active grant) count against both; after a withdrawal
   * the freed amount goes to the best reserve that fits. The ranking comes from a cursor in
   * batches and each batch's entries are written as rows before the next is read, so only the
   * walk's state (envelope, awards per province) is kept whatever the number of proposals; the
   * answer is then read back from those rows, page by page.
   */
  async awardProposal(callId: string, actor: Actor): Promise<ComputedProposal> {
    const { record, alreadyCommitted, entryCount } = await this.db.transaction(async (manager) => {
      await this.callRecords.find(manager, callId, { lock: true });
      const call = await this.rankableCall(manager, callId, 'AWARD_MAX_PROPOSALS');
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
      // A reserve of another province may move up only when the call allows it.
      const provinceQuota = withdrawn > 0 && call.rules.reserveAcrossProvinces ? Number.MAX_SAFE_INTEGER : call.rules.provinceQuota;
      const walk = awardWalk({ envelope: call.envelope, alreadyCommitted, provinceQuota, awardedPerProvince });
      await manager.update(AwardProposalRecord, { callId, status: AwardProposalStatus.PROPOSED }, { status: AwardProposalStatus.SUPERSEDED });
      const record = await manager.save(
        manager.create(AwardProposalRecord, {
          callId,
          status: AwardProposalStatus.PROPOSED,
          ...walk.totals(),
          computedBy: actor.userId,
          computedAt: this.clock.now(),
          decidedBy: null,
          decidedAt: null,
        }),
      );
      // The audit entry names the entries by their digest (one line of JSON each, in rank order) and their counts.
      const digest = createHash('sha256');
      const counts: Record<AwardEntry['outcome'], number> = { AWARD: 0, RESERVE: 0, REJECT: 0 };
      // One batch's INSERT runs while the next batch is walked (the connection takes them in turn).
      let writing: Promise<void> = Promise.resolve();
      for await (const batch of this.rankingRows(manager, call, undefined, true)) {
        // Each entry as JSON once: the digest's line and the INSERT's array element (COPY's text
        // format, built beside it, cost the service more than the database saved).
        const lines: string[] = [];
        for (const { entry, row } of batch.ranked) {
          if (row.status !== ApplicationStatus.ADMISSIBLE && row.status !== ApplicationStatus.RESERVE) continue;
          const proposed = walk.next(entry);
          counts[proposed.outcome] += 1;
          lines.push(JSON.stringify(proposed));
        }
        if (lines.length > 0) digest.update(`${lines.join('\n')}\n`);
        await writing;
        writing = insertEntries(manager, record.id, lines);
        // Awaited at the next batch or after the last; a failure meanwhile must not count as unhandled.
        writing.catch(() => undefined);
      }
      await writing;
      const { totalAwarded, remainingEnvelope } = walk.totals();
      await manager.update(AwardProposalRecord, record.id, { totalAwarded, remainingEnvelope });
      record.totalAwarded = totalAwarded;
      record.remainingEnvelope = remainingEnvelope;
      await this.audit.record(manager, actor, {
        action: 'call.award_proposed',
        entityType: 'call',
        entityId: callId,
        after: { proposalId: record.id, totalAwarded, remainingEnvelope, awarded: counts.AWARD, reserve: counts.RESERVE, rejected: counts.REJECT, entriesSha256: digest.digest('hex') },
      });
      return { record, alreadyCommitted, entryCount: counts.AWARD + counts.RESERVE + counts.REJECT };
    });
    const { id, status, totalAwarded, remainingEnvelope, computedAt } = record;
    return {
      id,
      callId,
      status,
      entryCount,
      totalAwarded,
      alreadyCommitted,
      remainingEnvelope,
      computedAt: computedAt.toISOString(),
      json: (pageSize) => this.proposalJson(record, alreadyCommitted, entryCount, pageSize),
    };
  }

  /** A page of an award proposal's entries in rank order, after the rank `after`. */
  async awardEntries(proposalId: string, query: AwardEntriesQuery): Promise<AwardEntriesPageDto> {
    const proposal = await this.db.manager.findOneBy(AwardProposalRecord, { id: proposalId });
    if (!proposal) throw notFound('The award proposal');
    const page = await entriesPage(this.db.manager, proposalId, query.after, query.pageSize + 1);
    const items = page.slice(0, query.pageSize);
    return { items: items.map(toEntryDto), nextCursor: page.length > query.pageSize ? items[items.length - 1].rank : null };
  }

  /** An award proposal as JSON in the shape of AwardProposalDto, with its first `pageSize` entries in rank order. */
  private proposalJson(r: AwardProposalRecord, alreadyCommitted: number, entryCount: number, pageSize: number): Readable {
    const manager = this.db.manager;
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from(`{"id":${JSON.stringify(r.id)},"callId":${JSON.stringify(r.callId)},"status":${JSON.stringify(r.status)},"entries":[`);
      let after = 0;
      let left = pageSize;
      while (left > 0) {
        const page = await entriesPage(manager, r.id, after, Math.min(ENTRY_BATCH, left));
        if (page.length === 0) break;
        yield Buffer.from((after === 0 ? '' : ',') + page.map((e) => JSON.stringify(toEntryDto(e))).join(','));
        after = page[page.length - 1].rank;
        left -= page.length;
      }
      const next = entryCount > pageSize ? after : null;
      yield Buffer.from(
        `],"entryCount":${entryCount},"entriesNextCursor":${JSON.stringify(next)},"totalAwarded":${r.totalAwarded},"alreadyCommitted":${alreadyCommitted},"remainingEnvelope":${r.remainingEnvelope},"computedAt":${JSON.stringify(r.computedAt.toISOString())}}`,
      );
    }
    return Readable.from(chunks());
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
      // A decision loads its proposal's entries and proposals whole: refused above its budget, before anything changes.
      const size = await countEntries(manager, proposal.id);
      if (size > this.config.DECISION_MAX_ENTRIES) throw EvaluationErrors.rankingTooLarge(this.config.DECISION_MAX_ENTRIES, 'DECISION_MAX_ENTRIES');
      const entries = await allEntries(manager, proposal.id);
      const now = this.clock.now();
      const applications = await this.applicationRecords.findMany(manager, entries.map((e) => e.applicationId));
      const preselecting = call.outcome === 'PRESELECTION';
      // The list goes to the Commission once; a reserve cannot move up onto it afterwards.
      if (preselecting && (await manager.existsBy(Preselection, { callId }))) throw EvaluationErrors.preselectionDecided();
      const submissions = preselecting ? [] : await this.applicationRecords.submissionsOf(manager, entries.filter((e) => e.outcome === 'AWARD').map((e) => e.applicationId));
      const grants: Grant[] = [];
      const counts = { awarded: 0, reserve: 0, rejected: 0 };
      const applicationsById = new Map(applications.map((a) => [a.id, a]));
      const submissionsByApplication = new Map(submissions.map((x) => [x.applicationId, x]));
      for (const entry of entries) {
        const application = applicationsById.get(entry.applicationId)!;
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
        const submission = submissionsByApplication.get(application.id)!;
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
      const preselection = preselecting ? await this.recordPreselection(manager, call, proposal, entries, applications, actor, now) : [];
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
    entries: readonly StoredAwardEntry[],
    applications: Application[],
    actor: Actor,
    now: Date,
  ): Promise<PreselectedCandidateDto[]> {
    const list = preselectionList(entries, call.rules.matchingCofinancing);
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
    const entry = await this.decidedEntry(applicationId, application.callId, application.status);
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
  private async decidedEntry(applicationId: string, callId: string, status: ApplicationStatus) {
    if (![ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED].includes(status)) return undefined;
    return (await decidedEntry(this.db.manager, applicationId, callId))?.entry;
  }

  /**
   * The call, refused with 503 when it has more evaluated proposals than the request's budget
   * (one count on the call's index, before anything is read). Ranking and award proposal stream,
   * so their memory does not follow the number of proposals; the budget bounds the time and the
   * database work one request may take.
   */
  private async rankableCall(manager: EntityManager, callId: string, budget: 'RANKING_MAX_PROPOSALS' | 'AWARD_MAX_PROPOSALS'): Promise<Call> {
    const call = await this.callRecords.find(manager, callId);
    if (!call) throw notFound('The call');
    const limit = this.config[budget];
    const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM applications WHERE call_id = $1 AND status = ANY($2::text[])`, [callId, EVALUATED])) as { n: number }[];
    if (n > limit) throw EvaluationErrors.rankingTooLarge(limit, budget);
    return call;
  }

  /**
   * The call's evaluated proposals from one cursor in batches (inside the caller's transaction):
   * those with a complete consensus ranked, then the others' ids in id order. PostgreSQL
   * computes completeness, the weighted total and the tie-break scores as whole hundredths and
   * sorts by the ranking's own keys; the domain walks the rows in that order (rankingWalk
   * refuses any row out of order), so the cost is one sort in the database and one pass here,
   * and only one batch is held at a time.
   */
  private async *rankingRows(
    manager: EntityManager,
    call: Call,
    window?: RankingWindow,
    forAward = false,
  ): AsyncGenerator<{ ranked: RankedRow[]; pending: string[] }> {
    // The award walk reads ranks and thresholds only: the ties are not worded and the titles not
    // fetched (the ranking route does both); the order is checked all the same.
    const walkOptions: RankingWalkOptions = { tieBreaks: !forAward };
    const compiled = compileRules(call.rules.evaluation);
    const codes = compiled.criteria.map((c) => c.code);
    const input = (r: RankRow): RankingInput => ({
      applicationId: r.id,
      province: r.province,
      submittedAt: r.submitted_at,
      requestedSubsidy: r.requested_subsidy_cents === null ? 0 : Number(r.requested_subsidy_cents),
      scores: Object.fromEntries(codes.map((code, i) => [code, r[`h${i}`] / 100])),
    });
    const { sql, params } = rankingQuery(call.id, compiled, { texts: !forAward });
    await tuneForOneLargeQuery(manager);
    await manager.query(`DECLARE ranking_rows NO SCROLL CURSOR FOR ${sql}`, params);
    // The cursor's plan is made: the rest of the transaction (the entries' INSERT, the audit) plans as usual.
    await manager.query('SET LOCAL enable_nestloop TO DEFAULT');
    const after = window?.after ?? 0;
    let walk = rankingWalk(call.rules.evaluation, after, walkOptions);
    if (after > 0) {
      // A later page: the row before it is walked too (not returned), for the tie-break of the page's first entry.
      if (after > 1) await manager.query(`MOVE FORWARD ${after - 1} IN ranking_rows`);
      const [before] = (await manager.query('FETCH 1 FROM ranking_rows')) as RankRow[];
      if (before?.complete) {
        walk = rankingWalk(call.rules.evaluation, after - 1, walkOptions);
        walk(input(before));
      }
    }
    let left = window?.size ?? Number.POSITIVE_INFINITY;
    const fetch = (count: number): Promise<RankRow[]> => {
      const rows = manager.query(`FETCH ${count} FROM ranking_rows`) as Promise<RankRow[]>;
      // Awaited below; a failure meanwhile must not count as unhandled.
      rows.catch(() => undefined);
      return rows;
    };
    let wanted = Math.min(this.config.RANKING_BATCH_ROWS, left);
    let next: Promise<RankRow[]> | null = wanted > 0 ? fetch(wanted) : null;
    while (next) {
      const rows = await next;
      left -= rows.length;
      const asked = wanted;
      wanted = Math.min(this.config.RANKING_BATCH_ROWS, left);
      // The next batch is asked for before this one is walked: the database reads while the walk runs.
      next = rows.length === asked && wanted > 0 ? fetch(wanted) : null;
      const ranked: RankedRow[] = [];
      const pending: string[] = [];
      for (const r of rows) {
        if (r.complete) ranked.push({ row: r, entry: walk(input(r)) });
        else pending.push(r.id);
      }
      yield { ranked, pending };
    }
    if (window?.more) window.more(((await manager.query('FETCH 1 FROM ranking_rows')) as RankRow[]).length > 0);
    await manager.query('CLOSE ranking_rows');
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

function toEntryDto(e: StoredAwardEntry): AwardProposalDto['entries'][number] {
  return { ...e, reasonCode: e.reasonCode ?? null, reasonParams: e.reasonParams ?? {} };
}

/**
 * The ranking query for a call's rules: one column of whole hundredths per criterion (h0…).
 * Proposals with a score on every criterion come first, ordered by Σ weight × score, then the
 * tie-break criteria, then the submission time to the millisecond (what a Date holds), then the
 * id (uuid order is the code-unit order of its text); the others after them, by id alone.
 * The call's scores are aggregated per proposal in one pass (hash joins and a hash aggregate:
 * at 100.000 proposals half the time of a lateral lookup per proposal along the primary key).
 * Nested loops are off for the query's transaction (tuneForOneLargeQuery): a join planned on a
 * table just grown without ANALYZE became a nested loop over every score, 15 s for 3.000
 * proposals, and the plan must stay linear whatever the statistics say.
 * Column names come from positions, never from the rules' text. `texts: false` leaves acronym
 * and title empty, for a caller that does not show them (the award walk).
 */
export function rankingQuery(callId: string, compiled: CompiledRules, options: { texts?: boolean } = {}): { sql: string; params: unknown[] } {
  const codes = compiled.criteria.map((c) => c.code);
  const scores = codes.map((_, i) => `max(round(s.score * 100)::int) FILTER (WHERE s.criterion = ($3::text[])[${i + 1}]) AS h${i}`);
  const weighted = codes.map((_, i) => `r.h${i}::bigint * ($4::bigint[])[${i + 1}]`).join(' + ') || '0';
  const tieBreak = compiled.tieBreak
    .map((code) => codes.indexOf(code))
    .filter((i) => i >= 0)
    .map((i) => `CASE WHEN r.complete THEN r.h${i} END DESC`);
  const sql = `SELECT * FROM (
      SELECT a.id, a.province, a.submitted_at, a.requested_subsidy_cents, ${options.texts === false ? `''::text AS acronym, ''::text AS title` : 'a.acronym, a.title'}, a.status,
             coalesce(k.n, 0) = cardinality($3::text[]) AS complete${codes.map((_, i) => `, k.h${i}`).join('')}
      FROM applications a
      LEFT JOIN (SELECT s.application_id, count(*) FILTER (WHERE s.criterion = ANY($3::text[])) AS n${scores.map((c) => `, ${c}`).join('')}
                 FROM consensus_scores s JOIN applications b ON b.id = s.application_id AND b.call_id = $1 AND b.status = ANY($2::text[])
                 GROUP BY s.application_id) k ON k.application_id = a.id
      WHERE a.call_id = $1 AND a.status = ANY($2::text[])) r
    ORDER BY ${[
      'r.complete DESC',
      `CASE WHEN r.complete THEN ${weighted} END DESC`,
      ...tieBreak,
      `CASE WHEN r.complete THEN date_trunc('milliseconds', r.submitted_at) END`,
      'r.id',
    ].join(', ')}`;
  return { sql, params: [callId, EVALUATED, codes, compiled.criteria.map((c) => c.weight)] };
}

/**
 * Settings for the one large sort of a ranking, for this transaction only: its sort in memory
 * rather than on disk, no JIT compilation (hundreds of milliseconds before the first row for a
 * query that runs once), a cursor planned for all its rows rather than the first tenth, and no
 * nested loop (see rankingQuery).
 */
async function tuneForOneLargeQuery(manager: EntityManager): Promise<void> {
  await manager.query(
    `SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true), set_config('enable_nestloop', 'off', true)`,
  );
}
