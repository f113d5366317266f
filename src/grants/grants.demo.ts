import { Clock, ManualClock } from '../core/clock/clock';
import { Actor } from '../core/domain/actor';
import { applyRate } from '../core/money/money';
import { brusselsDate } from '../core/time/brussels';
import { CostStatementsService } from './cost-statements/cost-statements.service';
import { addDays } from '../core/time/calendar-date';
import { CostLineInput } from './cost-statements/dto/cost-statement.dto';
import { GrantsService } from './grants.service';
import { PaymentsService } from './payments/payments.service';
import { BankAccountsService } from './bank-accounts/bank-accounts.service';
import { ProgressReportsService } from './progress-reports/progress-reports.service';

/** The services the demo goes through, so the demo data obeys every rule the API does. */
export interface GrantDemoServices {
  grants: GrantsService;
  progressReports: ProgressReportsService;
  costStatements: CostStatementsService;
  payments: PaymentsService;
  bankAccounts: BankAccountsService;
  /** Moved by hand when it is a ManualClock (the seed replays 2021); left alone otherwise. */
  clock: Clock;
}

export interface GrantDemoInput {
  grantId: string;
  /** A member of the beneficiary organisation (APPLICANT). */
  lead: Actor;
  /** A FINANCE_OFFICER. */
  finance: Actor;
  /** Whether a later audit corrects the approved claim (a recovery order). */
  audited?: boolean;
}

export interface GrantDemoResult {
  grantId: string;
  /** True when period 1 was already reported, reviewed and paid: nothing was done. */
  skipped: boolean;
  costStatementId: string;
  paymentId: string | null;
}

/**
 * Period 1 of a grant, reported, reviewed and paid: the lead files the progress report and the
 * cost statement (staff of the lead and of a partner, operating costs, external services) and
 * submits both; finance accepts every line but one, which is reduced by a tenth; approval plans
 * the interim payment, which is then marked paid; when `audited`, a later audit lowers the
 * accepted costs by € 2.000 and books the unduly paid subsidy as a recovery order. Idempotent: every step already taken is
 * skipped, so a second run (or a run after a partial one) finishes the work without doubling it.
 * Uses the default cost categories (STAFF, OPERATING, EXTERNAL_SERVICES) of the demo calls.
 */
export async function seedGrantReportingDemo(services: GrantDemoServices, input: GrantDemoInput): Promise<GrantDemoResult> {
  const { grants, progressReports, costStatements, payments } = services;
  const { grantId, lead, finance } = input;
  const periods = await grants.periods(grantId, finance);
  const period = periods.find((p) => p.number === 1 && p.kind === 'PERIOD');
  if (!period) throw new Error(`grant ${grantId} has no first reporting period`);
  const at = (days: number) => {
    if (services.clock instanceof ManualClock) services.clock.set(`${addDays(period.endDate, days)}T09:00:00Z`);
  };

  // Everything done already: the statement approved and its payment (if any) paid.
  if (period.costStatement?.status === 'APPROVED') {
    const interim = (await payments.list(grantId, finance)).items.find((p) => p.costStatementId === period.costStatement!.id && p.status !== 'CANCELLED');
    if (!interim || interim.status === 'PAID') return { grantId, skipped: true, costStatementId: period.costStatement.id, paymentId: interim?.id ?? null };
  }

  at(5);
  const report = period.progressReport
    ? await progressReports.get(period.progressReport.id, lead)
    : await progressReports.put(
        grantId,
        1,
        {
          narrative:
            'Het lab opende in maart. Kmo’s testten sensoren voor voorraad- en productiebeheer in de demonstratieopstelling; ' +
            'drie bedrijven vonden via het lab een technologiepartner.',
          indicators: { COMPANIES_SERVED: 14, TESTS_CARRIED_OUT: 37 },
        },
        undefined,
        lead,
      );
  if (report.status === 'DRAFT' || report.status === 'RETURNED') await progressReports.submit(report.id, lead);

  let statement = period.costStatement ? await costStatements.get(period.costStatement.id, lead) : null;
  if (statement === null || statement.status === 'DRAFT') {
    const grant = await grants.get(grantId, finance);
    const leadNumber = grant.beneficiary.enterpriseNumber;
    const partnerNumber = grant.consortium.find((p) => p.enterpriseNumber !== leadNumber)?.enterpriseNumber ?? leadNumber;
    const paid = (days: number) => addDays(period.startDate, days);
    const lines: CostLineInput[] = [
      { partner: leadNumber, kind: 'STAFF', category: 'STAFF', description: 'Coördinatie van het lab', reference: 'LOON-2021-Q2-01', paymentDate: paid(90), person: 'Labcoördinator', hours: 560, annualGrossCost: 7_200_000 },
      { partner: partnerNumber, kind: 'STAFF', category: 'STAFF', description: 'Begeleiding van kmo’s', reference: 'LOON-2021-Q2-02', paymentDate: paid(90), person: 'Bedrijfsadviseur', hours: 480, annualGrossCost: 6_450_000 },
      { partner: leadNumber, kind: 'REAL', category: 'OPERATING', description: 'Sensorkits en verbruiksmateriaal', reference: 'F2021-0142', paymentDate: paid(45), amount: 1_234_500, vatAmount: 214_252 },
      { partner: partnerNumber, kind: 'REAL', category: 'EXTERNAL_SERVICES', description: 'Workshop digitale voorraadopvolging', reference: 'F2021-0377', paymentDate: paid(70), amount: 860_000 },
    ];
    statement = await costStatements.put(grantId, 1, { lines }, undefined, lead);
  }
  if (statement.status === 'DRAFT' || statement.status === 'RETURNED') statement = (await costStatements.submit(statement.id, lead)).body;

  if (statement.status === 'SUBMITTED' || statement.status === 'IN_REVIEW') {
    at(20);
    for (const [i, line] of statement.lines.entries()) {
      if (line.review) continue;
      // One line reduced, to show a reduction with its reason; the rest accepted.
      statement =
        i === 1
          ? await costStatements.reviewLine(
              statement.id,
              line.id,
              { decision: 'REDUCED', acceptedAmount: line.amount - applyRate(line.amount, { numerator: 1, denominator: 10 }), reason: 'Tijdsregistratie dekt 90 % van de gedeclareerde uren' },
              finance,
            )
          : await costStatements.reviewLine(statement.id, line.id, { decision: 'ACCEPTED' }, finance);
    }
    at(25);
    statement = (await costStatements.approve(statement.id, finance)).body;
  }

  const interim = (await payments.list(grantId, finance)).items.find((p) => p.costStatementId === statement.id && p.status !== 'CANCELLED') ?? null;
  if (interim && interim.status === 'PLANNED') {
    at(30);
    await verifiedDemoAccount(services, grantId, lead, finance);
    at(40);
    await payments.markPaid(interim.id, { paidOn: brusselsDate(services.clock.now()), reference: `OV-${period.endDate.slice(0, 4)}-${interim.id.slice(0, 6).toUpperCase()}` }, finance);
  }
  // A later audit finds part of an invoice outside the period: the unduly paid subsidy is ordered back.
  const ledger = await payments.list(grantId, finance);
  if (input.audited && statement.status === 'APPROVED' && ledger.corrections.length === 0 && interim?.status !== 'CANCELLED') {
    at(60);
    const accepted = statement.totals.acceptedEligible;
    await payments.correctStatement(statement.id, { acceptedEligible: accepted - 200_000, source: 'AUDIT', reason: 'Audit: factuur F2021-0142 valt voor € 2.000,00 buiten de rapporteringsperiode' }, finance);
  }
  return { grantId, skipped: false, costStatementId: statement.id, paymentId: interim?.id ?? null };
}

/** A small PDF standing in for the bank's certificate. */
const DEMO_CERTIFICATE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * A Belgian IBAN for a demo organisation, made from its enterprise number so each lab has its
 * own: account number 735 + the number's last seven digits, with both check digits computed.
 */
export function demoIban(enterpriseNumber: string): string {
  const ten = `735${enterpriseNumber.replace(/\D/g, '').slice(-7)}`;
  const bban = `${ten}${String(Number(BigInt(ten) % 97n) || 97).padStart(2, '0')}`;
  const check = String(98n - (BigInt(`${bban}111400`) % 97n)).padStart(2, '0');
  return `BE${check}${bban}`;
}

/** The lead registers the lab's account with its certificate and finance verifies it (each step once). */
async function verifiedDemoAccount(services: GrantDemoServices, grantId: string, lead: Actor, finance: Actor): Promise<void> {
  let { account } = await services.bankAccounts.forGrant(grantId, finance);
  if (account?.status === 'VERIFIED') return;
  if (!account || account.status === 'REJECTED') {
    const grant = await services.grants.get(grantId, finance);
    account = await services.bankAccounts.register(
      grantId,
      {
        fileName: 'bankattest.pdf',
        contentType: 'application/pdf',
        content: (async function* () {
          yield DEMO_CERTIFICATE;
        })(),
        description: 'Bankattest',
        fields: { iban: demoIban(grant.beneficiary.enterpriseNumber), holderName: grant.beneficiary.name },
      },
      lead,
    );
  }
  await services.bankAccounts.verify(account.id, finance);
}
