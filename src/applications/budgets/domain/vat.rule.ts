import { Cents, sum } from '../../../core/money/money';

/**
 * VAT on a cost (CPR 2021/1060 art. 64(1)(c)): eligible only where it is not recoverable under
 * national VAT law, and only for an operation whose total cost including VAT is below the
 * call's threshold (€ 5.000.000). Otherwise it is shown and left out of eligible costs: a
 * declaration is never refused for it. Budgets and claimed cost lines both use this rule.
 */

export type VatExclusion = 'RECOVERABLE' | 'OPERATION_ABOVE_THRESHOLD';

export interface VatSplit {
  /** VAT as declared (part of the line's amount). */
  declared: Cents;
  eligible: Cents;
  excluded: Cents;
  /** Why `excluded` is not 0; null when all declared VAT is eligible (or there is none). */
  reason: VatExclusion | null;
}

/** Below the threshold, not at it ("below € 5.000.000"). */
export function operationAllowsVat(totalCostIncludingVat: Cents, threshold: Cents): boolean {
  return totalCostIncludingVat < threshold;
}

export function splitVat(vat: Cents, recoverable: boolean, operationAllows: boolean): VatSplit {
  if (!Number.isSafeInteger(vat) || vat < 0) throw new RangeError(`VAT must be a non-negative whole number of cents, got ${vat}`);
  if (vat === 0) return { declared: 0, eligible: 0, excluded: 0, reason: null };
  // Recoverable VAT is no cost to the beneficiary whatever the operation's size: named first.
  if (recoverable) return { declared: vat, eligible: 0, excluded: vat, reason: 'RECOVERABLE' };
  if (!operationAllows) return { declared: vat, eligible: 0, excluded: vat, reason: 'OPERATION_ABOVE_THRESHOLD' };
  return { declared: vat, eligible: vat, excluded: 0, reason: null };
}

export interface VatTotals {
  declared: Cents;
  eligible: Cents;
  excluded: Cents;
}

export function addVat(splits: readonly Pick<VatSplit, 'declared' | 'eligible' | 'excluded'>[]): VatTotals {
  return { declared: sum(splits.map((s) => s.declared)), eligible: sum(splits.map((s) => s.eligible)), excluded: sum(splits.map((s) => s.excluded)) };
}
