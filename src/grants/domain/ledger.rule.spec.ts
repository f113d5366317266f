import fc from 'fast-check';
import { COST_STATEMENT_STATUSES } from '../cost-statements/domain/cost-statement.machine';
import { GrantLedger, grantLedger, LedgerClaim, LedgerPayment, ledgerAddsUp } from './ledger.rule';
import { PAYMENT_STATUSES, PaymentKind } from '../payments/domain/payment.machine';
import { RECOVERY_STATUSES } from '../payments/domain/recovery.machine';

const FIFTH = { numerator: 1, denominator: 5 };
const LAB_GRANT = 99_900_000;

describe('grant ledger', () => {
  const claims: LedgerClaim[] = [
    { declared: 40_000_000, accepted: 38_000_000, gross: 25_308_000, status: 'APPROVED' },
    { declared: 30_000_000, accepted: 0, gross: 0, status: 'IN_REVIEW' },
    { declared: 99_000_000, accepted: 0, gross: 0, status: 'DRAFT' },
  ];
  const payments: LedgerPayment[] = [
    { kind: 'ADVANCE', amount: 29_970_000, status: 'PAID' },
    { kind: 'INTERIM', amount: 5_000_000, status: 'PLANNED' },
    { kind: 'INTERIM', amount: 7_000_000, status: 'CANCELLED' },
  ];

  it('summarises claims and payments', () => {
    const ledger = grantLedger({ grantAmount: LAB_GRANT, claims, payments, retentionRate: FIFTH });
    expect(ledger).toEqual({
      commitment: 99_900_000,
      advance: 29_970_000,
      claimed: 70_000_000,
      accepted: 38_000_000,
      earned: 25_308_000,
      paid: 29_970_000,
      planned: 5_000_000,
      retained: 19_980_000,
      recovered: 0,
      recoveryOpen: 0,
      open: 64_930_000,
    });
    expect(ledgerAddsUp(ledger)).toBe(true);
  });

  it('frees the room a settled recovery gives back, not the one still owed', () => {
    // Paid 29.970.000 + 20.000.000, planned 5.000.000; 1.800.000 withheld from the planned payment,
    // 700.000 paid back, 400.000 still owed: net 54.970.000 − 2.500.000 = 52.470.000; open 99.900.000 − 52.470.000.
    const ledger = grantLedger({
      grantAmount: LAB_GRANT,
      claims: [],
      payments: [
        { kind: 'ADVANCE', amount: 29_970_000, status: 'PAID' },
        { kind: 'INTERIM', amount: 20_000_000, status: 'PAID' },
        { kind: 'INTERIM', amount: 5_000_000, status: 'PLANNED' },
      ],
      recoveries: [
        { amount: 1_800_000, status: 'OFFSET' },
        { amount: 700_000, status: 'RECOVERED' },
        { amount: 400_000, status: 'OPEN' },
      ],
      retentionRate: FIFTH,
    });
    expect(ledger).toMatchObject({ paid: 49_970_000, planned: 5_000_000, recovered: 2_500_000, recoveryOpen: 400_000, open: 47_430_000, retained: 19_980_000 });
    expect(ledgerAddsUp(ledger)).toBe(true);
    expect(ledgerAddsUp({ ...ledger, recovered: ledger.paid + ledger.planned + 1, open: ledger.open + ledger.paid + ledger.planned + 1 - ledger.recovered })).toBe(false);
    expect(() => grantLedger({ grantAmount: LAB_GRANT, claims: [], payments: [], recoveries: [{ amount: -1, status: 'OPEN' }], retentionRate: FIFTH })).toThrow(RangeError);
  });

  it('releases the retention once a balance payment exists', () => {
    const ledger = grantLedger({
      grantAmount: LAB_GRANT,
      claims,
      payments: [
        { kind: 'ADVANCE', amount: 29_970_000, status: 'PAID' },
        { kind: 'INTERIM', amount: 49_950_000, status: 'PAID' },
        { kind: 'BALANCE', amount: 19_980_000, status: 'PLANNED' },
      ],
      retentionRate: FIFTH,
    });
    expect(ledger).toMatchObject({ paid: 79_920_000, planned: 19_980_000, retained: 0, open: 0 });
    expect(ledgerAddsUp(ledger)).toBe(true);
  });

  it('retains no more than is open', () => {
    const ledger = grantLedger({
      grantAmount: LAB_GRANT,
      claims: [],
      payments: [{ kind: 'INTERIM', amount: 90_000_000, status: 'PAID' }],
      retentionRate: FIFTH,
    });
    expect(ledger).toMatchObject({ open: 9_900_000, retained: 9_900_000 });
  });

  it('starts with everything open', () => {
    const ledger = grantLedger({ grantAmount: LAB_GRANT, claims: [], payments: [], retentionRate: FIFTH });
    expect(ledger).toMatchObject({ paid: 0, planned: 0, advance: 0, open: LAB_GRANT, retained: 19_980_000 });
    expect(ledgerAddsUp(ledger)).toBe(true);
  });

  it('refuses negative or fractional amounts', () => {
    expect(() => grantLedger({ grantAmount: LAB_GRANT, claims: [], payments: [{ kind: 'INTERIM', amount: -1, status: 'PAID' }], retentionRate: FIFTH })).toThrow(
      RangeError,
    );
    expect(() => grantLedger({ grantAmount: 1.5, claims: [], payments: [], retentionRate: FIFTH })).toThrow(RangeError);
  });

  it('detects a ledger that does not add up', () => {
    const good = grantLedger({ grantAmount: LAB_GRANT, claims, payments, retentionRate: FIFTH });
    const broken: GrantLedger[] = [
      { ...good, open: good.open + 1 },
      { ...good, paid: good.paid - 1 },
      { ...good, retained: good.open + 1 },
      { ...good, advance: good.paid + good.planned + 1 },
      { ...good, planned: 0.5 },
      { ...good, recovered: 1 },
      { ...good, recoveryOpen: -1 },
    ];
    for (const ledger of broken) expect(ledgerAddsUp(ledger)).toBe(false);
  });

  it('always adds up (property)', () => {
    const payment = fc.record({
      kind: fc.constantFrom<PaymentKind>('ADVANCE', 'INTERIM', 'BALANCE'),
      amount: fc.integer({ min: 0, max: 50_000_000 }),
      status: fc.constantFrom(...PAYMENT_STATUSES),
    });
    const claim = fc.record({
      declared: fc.integer({ min: 0, max: 100_000_000 }),
      accepted: fc.integer({ min: 0, max: 100_000_000 }),
      gross: fc.integer({ min: 0, max: 100_000_000 }),
      status: fc.constantFrom(...COST_STATEMENT_STATUSES),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000_000 }),
        fc.array(claim, { maxLength: 10 }),
        fc.array(payment, { maxLength: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.record({ share: fc.integer({ min: 0, max: 100 }), status: fc.constantFrom(...RECOVERY_STATUSES) }), { maxLength: 4 }),
        (grantAmount, cs, ps, retentionPercent, rs) => {
          const live = ps.filter((p) => p.status !== 'CANCELLED');
          // Recoveries come out of live payments: each takes a share of what is not yet recovered.
          let left = live.reduce((s, p) => s + p.amount, 0);
          const recoveries = rs.map((r) => {
            const amount = Math.floor((left * r.share) / 100);
            left -= amount;
            return { amount, status: r.status };
          });
          const ledger = grantLedger({ grantAmount, claims: cs, payments: ps, recoveries, retentionRate: { numerator: retentionPercent, denominator: 100 } });
          return (
            ledgerAddsUp(ledger) &&
            ledger.paid + ledger.planned === live.reduce((s, p) => s + p.amount, 0) &&
            ledger.claimed === cs.filter((c) => c.status !== 'DRAFT').reduce((s, c) => s + c.declared, 0)
          );
        },
      ),
    );
  });
});
