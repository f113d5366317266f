import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { loadApplication } from '../applications/application-access';
import { ApplicationStatus } from '../applications/domain/application-status';
import { ApplicationSubmission } from '../applications/entities/application-submission.entity';
import { Application } from '../applications/entities/application.entity';
import { Organisation } from '../auth/entities/organisation.entity';
import { CallCache } from '../calls/call-cache';
import { Call, Programme } from '../calls/entities/call.entity';
import { readerFor } from '../core/database/entity-reader';
import { Actor } from '../core/domain/actor';
import { notFound } from '../core/errors/domain.error';
import { formatPercent } from '../core/format/nl-be';
import { AwardProposalRecord, AwardProposalStatus } from '../evaluations/entities/award-proposal.entity';
import { toHundredths, weightedTotalHundredths } from '../evaluations/domain/score-scale';
import { ConsensusScore } from '../evaluations/entities/score.entity';
import { reasonOf } from '../evaluations/domain/award-proposal.rule';
import { decidedEntry, entriesWithOutcome, reservePosition } from '../evaluations/award-proposal-entries';
import { awardReasonDutch } from './render/award-reason';
import { approvedProposal } from '../grants/approved-snapshot';
import { readSubmissionSnapshot } from '../applications/submission-snapshot';
import { loadGrantFinance } from '../grants/grant-finance';
import { loadGrant } from '../grants/grant-access';
import { CostStatementLine } from '../grants/cost-statements/entities/cost-statement-line.entity';
import { CostStatement } from '../grants/cost-statements/entities/cost-statement.entity';
import { Grant, GrantStatus } from '../grants/entities/grant.entity';
import { Payment } from '../grants/payments/entities/payment.entity';
import { ReportingPeriod } from '../grants/reporting-periods/entities/reporting-period.entity';
import {
  CallOverviewData,
  CostStatementData,
  DecisionLetterData,
  DocumentCall,
  PaymentStatementData,
  ReceiptData,
} from './render/documents';
import { ReportingErrors } from './reporting.errors';

/** What a rendered document is about, for the register of issued documents. */
export interface DocumentSubject {
  entityType: string;
  entityId: string;
  callCode: string;
  title: string;
  fileName: string;
}

const PROGRAMME_NAMES: Record<Programme, string> = {
  [Programme.EFRO]: 'EFRO Vlaanderen — Europees Fonds voor Regionale Ontwikkeling',
  [Programme.EDIH]: 'Digital Europe — European Digital Innovation Hubs',
};

/**
 * Gathers the data of each PDF statement from the database, with the same access rules as the
 * data itself: who may not read the proposal or the grant may not fetch its documents either.
 * Every date in the data comes from the records, never from the clock, so the same records
 * always give the same document.
 */
@Injectable()
export class DocumentDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calls: CallCache,
  ) {}

  async receipt(applicationId: string, actor: Actor): Promise<{ data: ReceiptData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const application = await loadApplication(m, applicationId, actor, 'read');
      const submission = await m.findOneBy(ApplicationSubmission, { applicationId });
      if (!submission) throw ReportingErrors.notYet('The proposal was not submitted, so it has no receipt');
      const call = await m.findOneByOrFail(Call, { id: application.callId });
      const lead = await m.findOneByOrFail(Organisation, { id: application.leadOrganisationId });
      const snapshot = readSubmissionSnapshot(submission.snapshot);
      const summary = snapshot.budgetSummary;
      const efro = share(summary.fundingSources, 'EFRO');
      const eligibleByPartner = new Map(summary.partners.map((p) => [p.enterpriseNumber, p.eligibleCosts]));
      const data: ReceiptData = {
        call: documentCall(call),
        referenceNumber: `${call.code}/ONT/${submission.snapshotSha256.slice(0, 8).toUpperCase()}`,
        issuedAt: submission.submittedAt.toISOString(),
        applicant: { name: lead.name, enterpriseNumber: lead.enterpriseNumber },
        proposal: { title: snapshot.application.title, acronym: snapshot.application.acronym, province: snapshot.application.province },
        submittedAt: submission.submittedAt.toISOString(),
        snapshotSha256: submission.snapshotSha256,
        budget: {
          eligibleCost: summary.totals.eligibleCosts,
          subsidy: summary.subsidy,
          efro,
          flanders: summary.subsidy - efro,
          ownContribution: summary.ownContribution,
        },
        partners: snapshot.partners.map((p) => {
          const eligible = eligibleByPartner.get(p.enterpriseNumber) ?? 0;
          return {
            name: p.name,
            enterpriseNumber: p.enterpriseNumber,
            isLead: p.role === 'LEAD',
            organisationType: p.organisationType as ReceiptData['partners'][number]['organisationType'],
            eligibleCost: eligible,
            // Each partner's part of the subsidy in proportion to its eligible cost, rounded down.
            subsidy: summary.totals.eligibleCosts === 0 ? 0 : Number((BigInt(summary.subsidy) * BigInt(eligible)) / BigInt(summary.totals.eligibleCosts)),
          };
        }),
      };
      return { data, subject: subject('application', applicationId, call, 'Ontvangstbewijs', `ontvangstbewijs-${snapshot.application.acronym}.pdf`) };
    });
  }

  async decisionLetter(applicationId: string, actor: Actor): Promise<{ data: DecisionLetterData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const application = await loadApplication(m, applicationId, actor, 'read');
      if (![ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED].includes(application.status)) {
        throw ReportingErrors.notYet('There is no award decision on this proposal yet');
      }
      const call = await m.findOneByOrFail(Call, { id: application.callId });
      const lead = await m.findOneByOrFail(Organisation, { id: application.leadOrganisationId });
      const decided = await decidedEntry(m, applicationId, call.id);
      if (!decided?.decidedAt) throw ReportingErrors.notYet('There is no award decision on this proposal yet');
      const { entry } = decided;
      const decision = { decidedAt: decided.decidedAt };
      const consensus = await m.findBy(ConsensusScore, { applicationId });
      const criteria = call.rules.evaluation.criteria;
      const scores = criteria.map((c) => {
        const s = consensus.find((x) => x.criterion === c.code);
        return { code: c.code, title: c.title, score: hundredths(s?.score ?? 0), max: hundredths(c.scaleMax), threshold: hundredths(c.threshold), comment: s?.comment ?? '' };
      });
      let outcome: DecisionLetterData['decision'];
      if (application.status === ApplicationStatus.AWARDED) {
        const grant = await m.findOneByOrFail(Grant, { applicationId });
        const efro = share(grant.fundingSplit, 'EFRO');
        outcome = {
          outcome: 'AWARDED',
          amount: grant.amount,
          efro,
          flanders: grant.amount - efro,
          eligibleCost: approvedProposal(grant).eligibleCosts,
          projectStart: grant.startDate,
          projectEnd: grant.endDate,
          conditions: [
            `Een inhoudelijk en financieel voortgangsrapport per periode van ${call.rules.reportingPeriodMonths} maanden, uiterlijk ${call.rules.reportingDueDays} dagen na het einde van de periode.`,
            `Uitbetaling na verificatie van de kostenstaten; ${formatPercent(call.rules.retentionRate.numerator, call.rules.retentionRate.denominator)} van de subsidie wordt pas na goedkeuring van het eindrapport betaald.`,
            'Facturen, betalingsbewijzen en contracten worden bewaard tot 31 december van het vijfde jaar na de laatste betaling.',
          ],
        };
      } else if (application.status === ApplicationStatus.RESERVE) {
        outcome = { outcome: 'RESERVE', rank: entry.outcome === 'RESERVE' ? await reservePosition(m, decided.proposalId, entry.rank) : 0 };
      } else {
        const reason = reasonOf(entry);
        outcome = { outcome: 'REJECTED', reason: reason ? awardReasonDutch(reason, new Map(criteria.map((c) => [c.code, c.title]))) : (application.outcomeReason ?? entry.reason) };
      }
      const data: DecisionLetterData = {
        call: documentCall(call),
        referenceNumber: `${call.code}/BES/${application.acronym}`,
        issuedAt: decision.decidedAt.toISOString(),
        applicant: { name: lead.name, enterpriseNumber: lead.enterpriseNumber },
        proposal: { title: application.title, acronym: application.acronym, province: application.province },
        decidedOn: decision.decidedAt.toISOString(),
        decision: outcome,
        scores,
        total: {
          score: scores.reduce((s, c) => s + c.score, 0),
          max: scores.reduce((s, c) => s + c.max, 0),
          threshold: hundredths(call.rules.evaluation.totalThreshold),
        },
        signatory: { name: 'De managementautoriteit EFRO Vlaanderen', role: 'Agentschap Innoveren en Ondernemen' },
      };
      return { data, subject: subject('application', applicationId, call, 'Beslissingsbrief', `beslissingsbrief-${application.acronym}.pdf`) };
    });
  }

  async costStatement(grantId: string, periodNumber: number, actor: Actor): Promise<{ data: CostStatementData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const grant = await loadGrant(m, grantId, actor, 'read');
      // A grant's call is published, its rules frozen: the cached copy is the stored one.
      const call = await this.calls.get(grant.callId, m);
      if (!call) throw new Error(`call ${grant.callId} of grant ${grant.id} is missing`);
      // Prepared reads: statements of 200 lines are fetched many times over at period end.
      const period = (await readerFor(m, ReportingPeriod).allBy('grant_id', grantId, 'number', m)).find((p) => p.number === periodNumber);
      if (!period) throw notFound('The reporting period');
      const statement = (await readerFor(m, CostStatement).allBy('period_id', period.id, 'id', m)).find((st) => st.grantId === grantId);
      if (!statement || statement.status === 'DRAFT') throw ReportingErrors.notYet('No cost statement was submitted for this period');
      const lines = await readerFor(m, CostStatementLine).allBy('statement_id', statement.id, 'position', m);
      const labels = new Map(call.rules.costCategories.map((c) => [c.code, c.label]));
      const approved = statement.status === 'APPROVED';
      const declaredDirect = lines.reduce((s, l) => s + l.amount, 0);
      const acceptedDirect = lines.reduce((s, l) => s + (l.accepted ?? 0), 0);
      const declaredEligible = statement.declaredEligible ?? declaredDirect;
      const acceptedEligible = approved ? (statement.acceptedEligible ?? acceptedDirect) : acceptedDirect;
      const indirectRule = call.rules.indirectCosts;
      const due = approved ? (statement.subsidyGross ?? 0) : 0;
      const advanceCleared = approved ? (statement.advanceCleared ?? 0) : 0;
      const net = approved ? (statement.subsidyNet ?? 0) : 0;
      const finance = (await loadGrantFinance(m, [grant], new Map([[call.id, call.rules]]))).get(grant.id)!;
      const proposal = approvedProposal(grant);
      const data: CostStatementData = {
        call: documentCall(call),
        referenceNumber: `${grant.grantNumber}/KS/${periodNumber}`,
        issuedAt: (statement.approvedAt ?? statement.submittedAt ?? statement.updatedAt).toISOString(),
        beneficiary: await this.beneficiary(m, grant),
        grant: { reference: grant.grantNumber, acronym: proposal.acronym, projectTitle: proposal.title },
        period: { number: period.number, start: period.startDate, end: period.endDate },
        submittedAt: statement.submittedAt?.toISOString() ?? null,
        lines: lines.map((l) => ({
          partner: l.partnerName,
          category: labels.get(l.category) ?? l.category,
          description: l.person ? `${l.description} (${l.person}, ${l.hours ?? 0} u)` : l.description,
          reference: l.reference,
          declared: l.amount,
          accepted: l.decision === null ? null : (l.accepted ?? 0),
          decision: l.decision,
          reason: l.reviewReason,
        })),
        indirect: indirectRule
          ? {
              basis: `${formatPercent(indirectRule.rate.numerator, indirectRule.rate.denominator)} van de directe ${indirectRule.basis === 'DIRECT_STAFF' ? 'personeelskosten' : 'kosten'}`,
              declared: declaredEligible - declaredDirect,
              accepted: acceptedEligible - acceptedDirect,
            }
          : null,
        totals: { declaredEligible, acceptedEligible },
        subsidy: { due, rate: { numerator: grant.amount, denominator: proposal.eligibleCosts } },
        deductions: { advanceCleared, retention: due - advanceCleared - net, retentionCap: grant.amount - finance.ledger.paymentCeiling },
        netPayable: net,
      };
      return { data, subject: subject('cost-statement', statement.id, call, `Kostenstaat periode ${periodNumber}`, `kostenstaat-${grant.grantNumber}-${periodNumber}.pdf`) };
    });
  }

  async paymentStatement(grantId: string, actor: Actor): Promise<{ data: PaymentStatementData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const grant = await loadGrant(m, grantId, actor, 'read');
      const call = await m.findOneByOrFail(Call, { id: grant.callId });
      const finance = (await loadGrantFinance(m, [grant], new Map([[call.id, call.rules]]))).get(grant.id)!;
      const statements = new Map(finance.statements.map((s) => [s.id, s.periodId]));
      const periods = await m.findBy(ReportingPeriod, { grantId });
      const periodNumber = new Map(periods.map((p) => [p.id, p.number]));
      const proposal = approvedProposal(grant);
      const l = finance.ledger;
      const lastChange = [grant.decidedAt, ...finance.payments.map((p) => p.createdAt), ...finance.statements.map((s) => s.updatedAt)].reduce((a, b) => (b > a ? b : a));
      const data: PaymentStatementData = {
        call: documentCall(call),
        referenceNumber: `${grant.grantNumber}/BET/${finance.payments.length}`,
        issuedAt: lastChange.toISOString(),
        beneficiary: await this.beneficiary(m, grant),
        grant: { reference: grant.grantNumber, acronym: proposal.acronym, projectTitle: proposal.title },
        ledger: {
          commitment: l.commitment,
          advance: l.advance,
          claimed: l.claimed,
          accepted: l.accepted,
          earned: l.earned,
          paid: l.paid,
          planned: l.planned,
          retained: l.retained,
          open: l.open,
        },
        payments: finance.payments.map((p: Payment) => ({
          kind: p.kind,
          status: p.status,
          period: p.costStatementId ? (periodNumber.get(statements.get(p.costStatementId) ?? '') ?? null) : null,
          plannedOn: p.plannedOn,
          paidOn: p.paidOn,
          reference: p.reference ?? '',
          amount: p.amount,
        })),
      };
      return { data, subject: subject('grant', grantId, call, 'Betalingsoverzicht', `betalingsoverzicht-${grant.grantNumber}.pdf`) };
    });
  }

  async callOverview(callId: string): Promise<{ data: CallOverviewData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const call = await m.findOneBy(Call, { id: callId });
      if (!call) throw notFound('The call');
      const decision = await m.findOne(AwardProposalRecord, { where: { callId, status: AwardProposalStatus.DECIDED }, order: { decidedAt: 'DESC' } });
      if (!decision?.decidedAt) throw ReportingErrors.notYet('The call has no award decision yet');
      // The overview names one award per province and the reserves: only those are loaded whole,
      // so its cost does not follow the number of grants, payments or proposals of the call.
      const standing = [GrantStatus.ACTIVE, GrantStatus.CLOSED];
      const perProvince = (await m.query(
        `SELECT DISTINCT ON (g.snapshot -> 'application' ->> 'province') g.id FROM grants g
         WHERE g.call_id = $1 AND g.status = ANY($2::text[]) ORDER BY g.snapshot -> 'application' ->> 'province', g.grant_number`,
        [callId, standing],
      )) as { id: string }[];
      const grants = perProvince.length ? await m.findBy(Grant, { id: In(perProvince.map((g) => g.id)) }) : [];
      const finance = await loadGrantFinance(m, grants, new Map([[call.id, call.rules]]));
      const [latest] = (await m.query(
        `SELECT max(g.decided_at) AS decided, (SELECT max(p.created_at) FROM payments p JOIN grants pg ON pg.id = p.grant_id
                                               WHERE pg.call_id = $1 AND pg.status = ANY($2::text[])) AS paid
         FROM grants g WHERE g.call_id = $1 AND g.status = ANY($2::text[])`,
        [callId, standing],
      )) as { decided: Date | null; paid: Date | null }[];
      const reserves = await entriesWithOutcome(m, decision.id, 'RESERVE');
      const reserveIds = reserves.map((e) => e.applicationId);
      const named = [...grants.map((g) => g.applicationId), ...reserveIds];
      // = ANY($ids): a long reserve list must not run into PostgreSQL's limit on bind parameters.
      const apps = named.length
        ? await m.getRepository(Application).createQueryBuilder('a').where('a.id = ANY(:ids)', { ids: named }).andWhere('a.call_id = :callId', { callId })
            .andWhere('a.status = ANY(:statuses)', { statuses: [ApplicationStatus.AWARDED, ApplicationStatus.RESERVE] }).getMany()
        : [];
      const consensus = apps.length ? await m.getRepository(ConsensusScore).createQueryBuilder('c').where('c.application_id = ANY(:ids)', { ids: apps.map((a) => a.id) }).getMany() : [];
      const leads = apps.length ? await m.getRepository(Organisation).createQueryBuilder('o').where('o.id = ANY(:ids)', { ids: [...new Set(apps.map((a) => a.leadOrganisationId))] }).getMany() : [];
      const appsById = new Map(apps.map((a) => [a.id, a]));
      const maxScore = call.rules.evaluation.criteria.reduce((s, c) => s + hundredths(c.scaleMax) * c.weight, 0);
      const score = (applicationId: string) =>
        weightedTotalHundredths(
          consensus.filter((c) => c.applicationId === applicationId),
          call.rules.evaluation,
        );
      const provinces = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'].map((province) => {
        const grant = grants.find((g) => approvedProposal(g).province === province);
        if (!grant) return { province, award: null };
        const proposal = approvedProposal(grant);
        const lead = proposal.partners.find((p) => p.role === 'LEAD')!;
        const efro = share(grant.fundingSplit, 'EFRO');
        return {
          province,
          award: {
            acronym: proposal.acronym,
            title: proposal.title,
            lead: { name: lead.name, enterpriseNumber: lead.enterpriseNumber },
            partners: proposal.partners.filter((p) => p.role !== 'LEAD').map((p) => p.name),
            score: score(grant.applicationId),
            maxScore,
            grant: grant.amount,
            efro,
            flanders: grant.amount - efro,
            paidToDate: finance.get(grant.id)!.ledger.paid,
          },
        };
      });
      const reserveEntries = reserves.filter((e) => appsById.get(e.applicationId)?.status === ApplicationStatus.RESERVE);
      const lastChange = [decision.decidedAt, latest?.decided, latest?.paid].filter((d): d is Date => d instanceof Date).reduce((a, b) => (b > a ? b : a));
      const data: CallOverviewData = {
        call: documentCall(call),
        referenceNumber: `${call.code}/OVZ`,
        issuedAt: lastChange.toISOString(),
        envelope: call.envelope,
        provinces,
        reserve: reserveEntries.map((e, i) => {
          const app = appsById.get(e.applicationId)!;
          return {
            rank: i + 1,
            province: app.province,
            acronym: app.acronym,
            lead: leads.find((o) => o.id === app.leadOrganisationId)?.name ?? '',
            score: score(app.id),
            maxScore,
            requested: e.requestedSubsidy,
          };
        }),
      };
      return { data, subject: subject('call', callId, call, 'Oproepoverzicht', `oproepoverzicht-${call.code}.pdf`) };
    });
  }

  private async beneficiary(m: EntityManager, grant: Grant) {
    const org = await readerFor(m, Organisation).byId(grant.beneficiaryOrganisationId, m);
    if (!org) throw new Error(`organisation ${grant.beneficiaryOrganisationId} of grant ${grant.id} is missing`);
    return { name: org.name, enterpriseNumber: org.enterpriseNumber };
  }
}

function documentCall(call: Call): DocumentCall {
  return { code: call.code, title: call.title, programme: PROGRAMME_NAMES[call.programme] };
}

function subject(entityType: string, entityId: string, call: Call, title: string, fileName: string): DocumentSubject {
  return { entityType, entityId, callCode: call.code, title, fileName };
}

function share(split: readonly { code: string; amount: number }[], code: string): number {
  return split.find((s) => s.code === code)?.amount ?? 0;
}

/** Scores and scales travel as decimals with at most two places; documents take whole hundredths. */
function hundredths(value: number): number {
  return toHundredths(value) ?? 0;
}
