import { ORGANISATION_TYPES } from '../../core/domain/organisation-type';
import { FieldError } from '../../core/errors/domain.error';
import { compareRates, FULL_RATE, Rate, subtractRates } from '../../core/money/money';
import { CallAmounts, CallRules } from './call-rules';

export interface CallDefinition extends CallAmounts {
  opensAt: Date;
  closesAt: Date;
  rules: CallRules;
}

function err(field: string, code: string, message: string): FieldError {
  return { field, code, message };
}

function rateAtMostOne(rate: Rate, field: string, out: FieldError[]): void {
  if (rate.denominator <= 0) out.push(err(field, 'INVALID_RATE', `${field} must have a positive denominator`));
  else if (compareRates(rate, FULL_RATE) > 0) out.push(err(field, 'RATE_ABOVE_ONE', `${field} may not exceed 100 %`));
}

/** Hundredths make step and threshold checks exact for decimals such as 0.5. */
function hundredths(value: number): number | null {
  const h = Math.round(value * 100);
  return Math.abs(h - value * 100) < 1e-9 ? h : null;
}

/**
 * Checks that a call's rules make sense together. Shape (types, signs) is checked by the
 * DTOs; this is about meaning, and lists every problem at once.
 */
export function validateCallDefinition(call: CallDefinition): FieldError[] {
  const out: FieldError[] = [];
  const { rules } = call;

  if (call.closesAt.getTime() <= call.opensAt.getTime()) {
    out.push(err('closesAt', 'CLOSES_BEFORE_OPENING', 'closesAt must be after opensAt'));
  }
  if (call.envelope <= 0) out.push(err('envelope', 'NOT_POSITIVE', 'envelope must be above zero'));
  if (call.capPerProject <= 0) out.push(err('capPerProject', 'NOT_POSITIVE', 'capPerProject must be above zero'));
  if (call.capPerProject > call.envelope) {
    out.push(err('capPerProject', 'CAP_ABOVE_ENVELOPE', 'capPerProject may not exceed the envelope'));
  }
  if (call.referenceCost < call.capPerProject) {
    out.push(err('referenceCost', 'BELOW_CAP', 'referenceCost may not be below capPerProject'));
  }

  rateAtMostOne(rules.maxRate, 'rules.maxRate', out);
  rateAtMostOne(rules.minOwnContribution, 'rules.minOwnContribution', out);
  rateAtMostOne(rules.advanceRate, 'rules.advanceRate', out);
  rateAtMostOne(rules.retentionRate, 'rules.retentionRate', out);
  const advancePlusRetention =
    BigInt(rules.advanceRate.numerator) * BigInt(rules.retentionRate.denominator) +
    BigInt(rules.retentionRate.numerator) * BigInt(rules.advanceRate.denominator);
  if (advancePlusRetention > BigInt(rules.advanceRate.denominator) * BigInt(rules.retentionRate.denominator)) {
    out.push(err('rules.retentionRate', 'ADVANCE_PLUS_RETENTION_ABOVE_ONE', 'advanceRate and retentionRate together may not exceed 100 %'));
  }

  if (compareRates(rules.maxRate, subtractRates(FULL_RATE, compareRates(rules.minOwnContribution, FULL_RATE) > 0 ? FULL_RATE : rules.minOwnContribution)) > 0) {
    out.push(err('rules.minOwnContribution', 'CONTRADICTS_MAX_RATE', 'maxRate and minOwnContribution together may not exceed 100 %'));
  }

  // Funding sources: ordered, unique, capped by the maximum rate; one may take the rest.
  if (rules.fundingSources.length === 0) {
    out.push(err('rules.fundingSources', 'REQUIRED', 'at least one funding source is required'));
  }
  const sourceCodes = new Set<string>();
  rules.fundingSources.forEach((source, i) => {
    const field = `rules.fundingSources[${i}]`;
    if (sourceCodes.has(source.code)) out.push(err(`${field}.code`, 'DUPLICATE', `funding source ${source.code} appears twice`));
    sourceCodes.add(source.code);
    if (source.maxRate === null) {
      if (i !== rules.fundingSources.length - 1) {
        out.push(err(`${field}.maxRate`, 'REST_NOT_LAST', 'only the last funding source may take the rest (maxRate null)'));
      }
    } else if (compareRates(source.maxRate, rules.maxRate) > 0) {
      out.push(err(`${field}.maxRate`, 'SOURCE_ABOVE_MAX_RATE', `funding source ${source.code} may not exceed the call's maximum rate`));
    }
  });
  const last = rules.fundingSources[rules.fundingSources.length - 1];
  if (last && rules.fundingSources.every((s) => s.maxRate !== null)) {
    // Without a source for the rest, the sources must together reach the maximum rate.
    let numerator = 0n;
    let denominator = 1n;
    for (const s of rules.fundingSources) {
      const r = s.maxRate!;
      numerator = numerator * BigInt(r.denominator) + BigInt(r.numerator) * denominator;
      denominator *= BigInt(r.denominator);
    }
    if (numerator * BigInt(rules.maxRate.denominator) < BigInt(rules.maxRate.numerator) * denominator) {
      out.push(err('rules.fundingSources', 'SOURCES_BELOW_MAX_RATE', 'the funding sources cannot cover the maximum rate; let the last take the rest (maxRate null)'));
    }
  }

  if (rules.reportingPeriodMonths > rules.durationMonths) {
    out.push(err('rules.reportingPeriodMonths', 'PERIOD_LONGER_THAN_PROJECT', 'reportingPeriodMonths may not exceed durationMonths'));
  }

  const { consortium } = rules;
  if (consortium.minPartners > consortium.maxPartners) {
    out.push(err('rules.consortium.minPartners', 'MIN_ABOVE_MAX', 'minPartners may not exceed maxPartners'));
  }
  consortium.requiredTypeGroups.forEach((group, i) => {
    if (group.length === 0) out.push(err(`rules.consortium.requiredTypeGroups[${i}]`, 'EMPTY', 'a required type group needs at least one type'));
    for (const t of group) {
      if (!ORGANISATION_TYPES.includes(t)) out.push(err(`rules.consortium.requiredTypeGroups[${i}]`, 'UNKNOWN_TYPE', `unknown organisation type ${t}`));
    }
  });

  const categoryCodes = new Set<string>();
  if (rules.costCategories.length === 0) out.push(err('rules.costCategories', 'REQUIRED', 'at least one cost category is required'));
  rules.costCategories.forEach((c, i) => {
    if (categoryCodes.has(c.code)) out.push(err(`rules.costCategories[${i}].code`, 'DUPLICATE', `cost category ${c.code} appears twice`));
    categoryCodes.add(c.code);
  });
  if (rules.indirectCosts) {
    rateAtMostOne(rules.indirectCosts.rate, 'rules.indirectCosts.rate', out);
    if (rules.indirectCosts.basis === 'DIRECT_STAFF' && !rules.costCategories.some((c) => c.kind === 'STAFF')) {
      out.push(err('rules.indirectCosts.basis', 'NO_STAFF_CATEGORY', 'indirect costs on staff costs need a STAFF cost category'));
    }
  }

  const { evaluation } = rules;
  const criterionCodes = new Set<string>();
  let maxTotal = 0;
  if (evaluation.criteria.length === 0) out.push(err('rules.evaluation.criteria', 'REQUIRED', 'at least one evaluation criterion is required'));
  evaluation.criteria.forEach((c, i) => {
    const field = `rules.evaluation.criteria[${i}]`;
    if (criterionCodes.has(c.code)) out.push(err(`${field}.code`, 'DUPLICATE', `criterion ${c.code} appears twice`));
    criterionCodes.add(c.code);
    const step = hundredths(c.step);
    const max = hundredths(c.scaleMax);
    const threshold = hundredths(c.threshold);
    if (step === null || step <= 0) out.push(err(`${field}.step`, 'INVALID_STEP', 'step must be a positive multiple of 0,01'));
    if (max === null || max <= 0) out.push(err(`${field}.scaleMax`, 'INVALID_SCALE', 'scaleMax must be a positive multiple of 0,01'));
    if (step && max && max % step !== 0) out.push(err(`${field}.step`, 'STEP_NOT_DIVIDING_SCALE', 'scaleMax must be a whole number of steps'));
    if (threshold === null || threshold < 0) out.push(err(`${field}.threshold`, 'INVALID_THRESHOLD', 'threshold must be a non-negative multiple of 0,01'));
    else if (max !== null && threshold > max) out.push(err(`${field}.threshold`, 'THRESHOLD_ABOVE_SCALE', `threshold ${c.threshold} is above the scale maximum ${c.scaleMax}`));
    maxTotal += c.scaleMax;
  });
  if (evaluation.totalThreshold > maxTotal + 1e-9) {
    out.push(err('rules.evaluation.totalThreshold', 'THRESHOLD_ABOVE_SCALE', `totalThreshold ${evaluation.totalThreshold} is above the highest possible total ${maxTotal}`));
  }
  const seen = new Set<string>();
  evaluation.tieBreak.forEach((code, i) => {
    if (!criterionCodes.has(code)) out.push(err(`rules.evaluation.tieBreak[${i}]`, 'UNKNOWN_CRITERION', `tie-break criterion ${code} is not a criterion of the call`));
    if (seen.has(code)) out.push(err(`rules.evaluation.tieBreak[${i}]`, 'DUPLICATE', `tie-break criterion ${code} appears twice`));
    seen.add(code);
  });

  const band = rules.yearlyContribution;
  if (band) {
    if (!Number.isSafeInteger(band.min) || band.min < 0) out.push(err('rules.yearlyContribution.min', 'notCents', 'the yearly minimum must be a non-negative whole number of cents'));
    if (!Number.isSafeInteger(band.max) || band.max <= 0) out.push(err('rules.yearlyContribution.max', 'notPositive', 'the yearly maximum must be above zero'));
    else if (band.min > band.max) out.push(err('rules.yearlyContribution.min', 'minAboveMax', 'the yearly minimum may not exceed the yearly maximum'));
    else if (band.max > call.capPerProject) out.push(err('rules.yearlyContribution.max', 'aboveCap', 'the yearly maximum may not exceed capPerProject'));
  }
  const matching = rules.matchingCofinancing;
  if (matching) {
    if (sourceCodes.has(matching.code)) out.push(err('rules.matchingCofinancing.code', 'duplicate', `${matching.code} is also a funding source of the subsidy`));
    if (matching.minRatio.denominator <= 0) out.push(err('rules.matchingCofinancing.minRatio', 'invalidRate', 'minRatio must have a positive denominator'));
    else {
      // The contribution at its maximum rate, its matching and the minimum own contribution must fit in 100 %.
      const m = rules.maxRate;
      const r = matching.minRatio;
      const o = rules.minOwnContribution;
      const lhs = BigInt(m.numerator) * BigInt(r.denominator + r.numerator) * BigInt(o.denominator) + BigInt(o.numerator) * BigInt(m.denominator) * BigInt(r.denominator);
      if (lhs > BigInt(m.denominator) * BigInt(r.denominator) * BigInt(o.denominator)) {
        out.push(err('rules.matchingCofinancing.minRatio', 'matchingContradictsMaxRate', 'maxRate, its matching and minOwnContribution together may not exceed 100 %'));
      }
    }
  }

  const indicatorCodes = new Set<string>();
  (rules.indicators ?? []).forEach((indicator, i) => {
    if (indicatorCodes.has(indicator.code)) out.push(err(`rules.indicators[${i}].code`, 'DUPLICATE', `indicator ${indicator.code} appears twice`));
    indicatorCodes.add(indicator.code);
  });
  return out;
}
