import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationsReader } from '../applications/applications-reader';
import { ApplicationStatus } from '../applications/domain/application-status';
import { AuthReader } from '../auth/auth-reader';
import { CallCache } from '../calls/call-cache';
import { CallsReader } from '../calls/calls-reader';
import type { Call, Programme } from '../calls/entities/call.entity';
import { Actor } from '../core/domain/actor';
import { notFound } from '../core/errors/domain.error';
import { formatPercent } from '../core/format/nl-be';
import { EvaluationsReader } from '../evaluations/evaluations-reader';
import { toHundredths, weightedTotalHundredths } from '../evaluations/domain/score-scale';
import { reasonOf } from '../evaluations/domain/award-proposal.rule';
import { DecisionsService } from '../evaluations/decisions.service';
import { awardReasonDutch } from './render/award-reason';
import { approvedProposal } from '../grants/approved-snapshot';
import { addVat, operationAllowsVat } from '../applications/budgets/domain/vat.rule';
import { claimedLineEligibility } from '../grants/cost-statements/domain/claim.rule';
import { readSubmissionSnapshot } from '../applications/submission-snapshot';
import type { Grant } from '../grants/entities/grant.entity';
import { GrantsReader } from '../grants/grants-reader';
import {
  CallOverviewData,
  CostStatementData,
  DecisionLetterData,
  DocumentCall,
  PaymentStatementData,
  ReceiptData,
  RecoveryLetterData,
} from './render/documents';
import { PaymentsService } from '../grants/payments/payments.service';
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
  EFRO: 'EFRO Vlaanderen — Europees Fonds voor Regionale Ontwikkeling',
  EDIH: 'Digital Europe — European Digital Innovation Hubs',
};

/**
 * Gathers the data of each PDF statement through the readers of the features that own it, with
 * the same access rules as the data itself: who may not read the proposal or the grant may not
 * fetch its documents either.
 * Every date in the data comes from the records, never from the clock, so the same records
 * always give the same document.
 */
@Injectable()
export class DocumentDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calls: CallCache,
    private readonly callRecords: CallsReader,
    private readonly applications: ApplicationsReader,
    private readonly evaluations: EvaluationsReader,
    private readonly grants: GrantsReader,
    private readonly auth: AuthReader,
    private readonly decisions: DecisionsService,
    private readonly payments: PaymentsService,
  ) {}

  async receipt(applicationId: string, actor: Actor): Promise<{ data: ReceiptData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const application = await this.applications.readable(m, applicationId, actor);
      const submission = await this.applications.submission(m, applicationId);
      if (!submission) throw ReportingErrors.notYet('The proposal was not submitted, so it has no receipt');
      const call = await this.callRecords.get(m, application.callId);
      const lead = await this.auth.getOrganisation(m, application.leadOrganisationId);
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
          ...(summary.matchingCofinancing
            ? { matching: { name: summary.matchingCofinancing.name, amount: summary.matchingCofinancing.amount }, sources: summary.fundingSources.map((x) => ({ name: x.name, amount: x.amount })) }
            : {}),
          ownContribution: summary.ownContribution,
          ...(typeof summary.totals.declaredVat === 'number'
            ? { vat: { declared: summary.totals.declaredVat, eligible: summary.totals.eligibleVat, excluded: summary.totals.vatExcluded } }
            : {}),
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
      const application = await this.applications.readable(m, applicationId, actor);
      if (![ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED].includes(application.status)) {
        throw ReportingErrors.notYet('There is no award decision on this proposal yet');
      }
      const call = await this.callRecords.get(m, application.callId);
      const lead = await this.auth.getOrganisation(m, application.leadOrganisationId);
      const decided = await this.evaluations.decidedEntry(m, applicationId, call.id);
      if (!decided?.decidedAt) throw ReportingErrors.notYet('There is no award decision on this proposal yet');
      const { entry } = decided;
      const decision = { decidedAt: decided.decidedAt };
      const consensus = await this.evaluations.consensusOf(m, applicationId);
      const criteria = call.rules.evaluation.criteria;
      const scores = criteria.map((c) => {
        const s = consensus.find((x) => x.criterion === c.code);
        return { code: c.code, title: c.title, score: hundredths(s?.score ?? 0), max: hundredths(c.scaleMax), threshold: hundredths(c.threshold), comment: s?.comment ?? '' };
      });
      let outcome: DecisionLetterData['decision'];
      const preselection = call.outcome === 'PRESELECTION' && application.status === ApplicationStatus.AWARDED ? await this.decisions.preselection(m, call.id) : null;
      if (preselection) {
        // A preselection grants nothing: its letter puts the candidate forward (EDIH).
        const candidate = preselection.candidates.find((c) => c.applicationId === applicationId);
        if (!candidate) throw ReportingErrors.notYet('This proposal is not on the preselection list');
        const matching = call.rules.matchingCofinancing;
        outcome = {
          outcome: 'PRESELECTED',
          rank: candidate.rank,
          of: preselection.candidates.length,
          contribution: candidate.contribution,
          matching: matching ? { name: matching.name, amount: candidate.matching } : null,
          programme: 'het Digital Europe Programme van de Europese Commissie (European Digital Innovation Hubs)',
        };
      } else if (application.status === ApplicationStatus.AWARDED) {
        const grant = await this.grants.ofApplication(m, applicationId);
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
        outcome = { outcome: 'RESERVE', rank: entry.outcome === 'RESERVE' ? await this.evaluations.reservePosition(m, decided.proposalId, entry.rank) : 0, ...preselectionOutcome(call) };
      } else {
        const reason = reasonOf(entry);
        outcome = { outcome: 'REJECTED', reason: reason ? awardReasonDutch(reason, new Map(criteria.map((c) => [c.code, c.title]))) : (application.outcomeReason ?? entry.reason), ...preselectionOutcome(call) };
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
        signatory: preselection
          ? { name: 'Departement Economie, Wetenschap en Innovatie', role: 'Vlaamse overheid' }
          : { name: 'De managementautoriteit EFRO Vlaanderen', role: 'Agentschap Innoveren en Ondernemen' },
      };
      return {
        data,
        subject: preselection
          ? subject('application', applicationId, call, 'Voorselectiebrief', `voorselectiebrief-${application.acronym}.pdf`)
          : subject('application', applicationId, call, 'Beslissingsbrief', `beslissingsbrief-${application.acronym}.pdf`),
      };
    });
  }

  async costStatement(grantId: string, periodNumber: number, actor: Actor): Promise<{ data: CostStatementData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const grant = await this.grants.readable(m, grantId, actor);
      // A grant's call is published, its rules frozen: the cached copy is the stored one.
      const call = await this.calls.get(grant.callId, m);
      if (!call) throw new Error(`call ${grant.callId} of grant ${grant.id} is missing`);
      const period = (await this.grants.periods(m, grantId)).find((p) => p.number === periodNumber);
      if (!period) throw notFound('The reporting period');
      const statement = (await this.grants.statementsOfPeriod(m, period.id)).find((st) => st.grantId === grantId);
      if (!statement || statement.status === 'DRAFT') throw ReportingErrors.notYet('No cost statement was submitted for this period');
      const lines = await this.grants.statementLines(m, statement.id);
      const labels = new Map(call.rules.costCategories.map((c) => [c.code, c.label]));
      const approved = statement.status === 'APPROVED';
      const proposal = approvedProposal(grant);
      // Eligible amounts, VAT left out by the claims' own rule (CPR art. 64(1)(c)).
      const allowsVat = operationAllowsVat(proposal.totalCostIncludingVat, call.rules.vatEligibilityThreshold);
      const eligibility = lines.map((l) => claimedLineEligibility({ amount: l.amount, vat: l.vatAmount, vatRecoverable: l.vatRecoverable, accepted: l.accepted ?? 0 }, allowsVat));
      const declaredDirect = eligibility.reduce((s, e) => s + e.declaredEligible, 0);
      const acceptedDirect = eligibility.reduce((s, e, i) => s + (lines[i].decision === null ? 0 : e.acceptedEligible), 0);
      const declaredEligible = statement.declaredEligible ?? declaredDirect;
      const acceptedEligible = approved ? (statement.acceptedEligible ?? acceptedDirect) : acceptedDirect;
      const indirectRule = call.rules.indirectCosts;
      const due = approved ? (statement.subsidyGross ?? 0) : 0;
      const advanceCleared = approved ? (statement.advanceCleared ?? 0) : 0;
      const net = approved ? (statement.subsidyNet ?? 0) : 0;
      const finance = (await this.grants.finance(m, [grant], new Map([[call.id, call.rules]]))).get(grant.id)!;
      const data: CostStatementData = {
        call: documentCall(call),
        referenceNumber: `${grant.grantNumber}/KS/${periodNumber}`,
        issuedAt: (statement.approvedAt ?? statement.submittedAt ?? statement.updatedAt).toISOString(),
        beneficiary: await this.beneficiary(m, grant),
        grant: { reference: grant.grantNumber, acronym: proposal.acronym, projectTitle: proposal.title },
        period: { number: period.number, start: period.startDate, end: period.endDate },
        submittedAt: statement.submittedAt?.toISOString() ?? null,
        lines: lines.map((l, i) => ({
          partner: l.partnerName,
          category: labels.get(l.category) ?? l.category,
          description: l.person ? `${l.description} (${l.person}, ${l.hours ?? 0} u)` : l.description,
          reference: l.reference,
          declared: eligibility[i].declaredEligible,
          accepted: l.decision === null ? null : eligibility[i].acceptedEligible,
          decision: l.decision,
          reason: l.reviewReason,
          vat: { ...eligibility[i].vat, invoiced: l.amount },
        })),
        indirect: indirectRule
          ? {
              basis: `${formatPercent(indirectRule.rate.numerator, indirectRule.rate.denominator)} van de directe ${indirectRule.basis === 'DIRECT_STAFF' ? 'personeelskosten' : 'kosten'}`,
              declared: declaredEligible - declaredDirect,
              accepted: acceptedEligible - acceptedDirect,
            }
          : null,
        totals: { declaredEligible, acceptedEligible, vat: addVat(eligibility.map((e) => e.vat)) },
        subsidy: { due, rate: { numerator: grant.amount, denominator: proposal.eligibleCosts } },
        deductions: { advanceCleared, retention: due - advanceCleared - net, retentionCap: grant.amount - finance.ledger.paymentCeiling },
        netPayable: net,
      };
      return { data, subject: subject('cost-statement', statement.id, call, `Kostenstaat periode ${periodNumber}`, `kostenstaat-${grant.grantNumber}-${periodNumber}.pdf`) };
    });
  }

  async paymentStatement(grantId: string, actor: Actor): Promise<{ data: PaymentStatementData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const grant = await this.grants.readable(m, grantId, actor);
      const call = await this.callRecords.get(m, grant.callId);
      const finance = (await this.grants.finance(m, [grant], new Map([[call.id, call.rules]]))).get(grant.id)!;
      const statements = new Map(finance.statements.map((s) => [s.id, s.periodId]));
      const periods = await this.grants.periods(m, grantId);
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
          recovered: l.recovered,
          open: l.open,
        },
        payments: finance.payments.map((p) => ({
          kind: p.kind,
          status: p.status,
          period: p.costStatementId ? (periodNumber.get(statements.get(p.costStatementId) ?? '') ?? null) : null,
          plannedOn: p.plannedOn,
          paidOn: p.paidOn,
          reference: p.reference ?? '',
          amount: p.amount,
          paidTo: this.grants.paidTo(p),
        })),
      };
      return { data, subject: subject('grant', grantId, call, 'Betalingsoverzicht', `betalingsoverzicht-${grant.grantNumber}.pdf`) };
    });
  }

  async recoveryLetter(recoveryId: string, actor: Actor): Promise<{ data: RecoveryLetterData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const { grant, recovery, correction, offsetPayment } = await this.payments.recoveryLetter(m, recoveryId, actor);
      const call = await this.callRecords.get(m, grant.callId);
      const proposal = approvedProposal(grant);
      const data: RecoveryLetterData = {
        call: documentCall(call),
        referenceNumber: `${grant.grantNumber}/TV/${recovery.id.slice(0, 8).toUpperCase()}`,
        issuedAt: recovery.receivedOn ?? recovery.bookedOn,
        beneficiary: await this.beneficiary(m, grant),
        grant: { reference: grant.grantNumber, acronym: proposal.acronym, projectTitle: proposal.title },
        correction: { ...correction, period: correction.periodNumber },
        recovery: {
          status: recovery.status,
          amount: recovery.amount,
          dueDate: recovery.dueDate,
          receivedOn: recovery.receivedOn,
          offset: offsetPayment ? { paymentAmount: offsetPayment.amount, transfer: offsetPayment.transfer } : null,
        },
      };
      return { data, subject: subject('recovery', recoveryId, call, 'Terugvordering', `terugvordering-${grant.grantNumber}-${recovery.id.slice(0, 8)}.pdf`) };
    });
  }

  async callOverview(callId: string): Promise<{ data: CallOverviewData; subject: DocumentSubject }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const call = await this.callRecords.find(m, callId);
      if (!call) throw notFound('The call');
      const decision = await this.evaluations.latestDecision(m, callId);
      if (!decision?.decidedAt) throw ReportingErrors.notYet('The call has no award decision yet');
      // The overview names one award per province and the reserves: only those are loaded whole,
      // so its cost does not follow the number of grants, payments or proposals of the call.
      const grants = await this.grants.standingOnePerProvince(m, callId);
      const finance = await this.grants.finance(m, grants, new Map([[call.id, call.rules]]));
      const latest = await this.grants.standingLastChanges(m, callId);
      const reserves = await this.evaluations.entriesWithOutcome(m, decision.id, 'RESERVE');
      const reserveIds = reserves.map((e) => e.applicationId);
      const named = [...grants.map((g) => g.applicationId), ...reserveIds];
      const apps = named.length ? await this.applications.ofCallWithStatus(m, callId, named, [ApplicationStatus.AWARDED, ApplicationStatus.RESERVE]) : [];
      const consensus = apps.length ? await this.evaluations.consensusOfMany(m, apps.map((a) => a.id)) : [];
      const leads = apps.length ? await this.auth.organisations(m, [...new Set(apps.map((a) => a.leadOrganisationId))]) : [];
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
    const org = await this.auth.organisation(m, grant.beneficiaryOrganisationId);
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

/** A preselection's letters put a candidate forward or not: no grant is at stake (EDIH). Absent for grant calls, so their letters' data stay as they were. */
function preselectionOutcome(call: Call): { preselection?: true } {
  return call.outcome === 'PRESELECTION' ? { preselection: true } : {};
}
