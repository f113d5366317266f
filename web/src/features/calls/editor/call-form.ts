import { defaultCallRules } from '@server/calls/domain/call-rules';
import { applyRate, minCents } from '@shared/money/money';
import { toBrussels } from '@shared/time/brussels';
import { centsToInput, parseEuro } from '../../../lib/format';
import type { Schemas } from '../../../lib/api/client';

export type CallRules = Schemas['CallRulesDto'];
export type CallBody = Schemas['CreateCallDto'];

/**
 * What the call editor holds while the programme manager types: amounts and instants as the
 * text of their fields (so nothing typed is lost or reformatted under the cursor), the rules as
 * the service's own shape. `toBody` turns it into the API's body, or names the fields it cannot read.
 */
export interface CallForm {
  code: string;
  title: string;
  description: string;
  programme: 'EFRO' | 'EDIH';
  opensAt: string;
  closesAt: string;
  envelope: string;
  capPerProject: string;
  referenceCost: string;
  /** GRANTS, or PRESELECTION: the decision puts candidates forward (EDIH) and grants nothing. */
  outcome: 'GRANTS' | 'PRESELECTION';
  /** A band for the contribution per project year, its bounds as typed (euro). */
  yearlyBand: boolean;
  yearlyMin: string;
  yearlyMax: string;
  rules: CallRules;
}

/** A new call starts from the service's defaults (domain brief: 40 % EFRO, 24 months, reports every 4, 15 % indirect). */
export function newCallForm(): CallForm {
  return {
    code: '',
    title: '',
    description: '',
    programme: 'EFRO',
    opensAt: '',
    closesAt: '',
    envelope: '',
    capPerProject: '',
    referenceCost: '',
    outcome: 'GRANTS',
    yearlyBand: false,
    yearlyMin: '',
    yearlyMax: '',
    rules: defaultCallRules() as unknown as CallRules,
  };
}

export function formOf(call: Schemas['CallDto']): CallForm {
  return {
    code: call.code,
    title: call.title,
    description: call.description,
    programme: call.programme,
    opensAt: brusselsLocal(call.opensAt),
    closesAt: brusselsLocal(call.closesAt),
    envelope: centsToInput(call.envelope),
    capPerProject: centsToInput(call.capPerProject),
    referenceCost: centsToInput(call.referenceCost),
    outcome: call.outcome,
    yearlyBand: !!call.rules.yearlyContribution,
    yearlyMin: call.rules.yearlyContribution ? centsToInput(call.rules.yearlyContribution.min) : '',
    yearlyMax: call.rules.yearlyContribution ? centsToInput(call.rules.yearlyContribution.max) : '',
    rules: call.rules,
  };
}

/** '2020-09-30T15:00:00Z' → '2020-09-30T17:00', the value of a datetime-local field in Brussels time. */
export function brusselsLocal(iso: string): string {
  return toBrussels(new Date(iso)).slice(0, 16);
}

/**
 * '2020-09-30T17:00' read as Brussels time → '2020-09-30T17:00:00+02:00'. Brussels is UTC+1 or
 * UTC+2; the offset is the one under which the instant reads back as typed. A time that does not
 * exist (the hour skipped in March) gives null.
 */
export function fromBrusselsLocal(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${local}:00${offset}`;
    const instant = new Date(iso);
    if (!Number.isNaN(instant.getTime()) && toBrussels(instant).slice(0, 16) === local) return iso;
  }
  return null;
}

export interface FormProblem {
  field: string;
  code: string;
}

export function toBody(form: CallForm): { body: CallBody; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const euro = (field: 'envelope' | 'capPerProject' | 'referenceCost' | 'yearlyMin' | 'yearlyMax') => {
    const cents = parseEuro(form[field]);
    if (cents === null || cents < 0) problems.push({ field, code: 'euroAmount' });
    return cents ?? 0;
  };
  const instant = (field: 'opensAt' | 'closesAt') => {
    const iso = fromBrusselsLocal(form[field]);
    if (!iso) problems.push({ field, code: 'brusselsInstant' });
    return iso ?? '';
  };
  const body: CallBody = {
    code: form.code.trim(),
    title: form.title.trim(),
    description: form.description,
    programme: form.programme,
    opensAt: instant('opensAt'),
    closesAt: instant('closesAt'),
    envelope: euro('envelope'),
    capPerProject: euro('capPerProject'),
    referenceCost: euro('referenceCost'),
    outcome: form.outcome,
    // null takes a band away; left out it would stay.
    rules: { ...form.rules, yearlyContribution: form.yearlyBand ? { min: euro('yearlyMin'), max: euro('yearlyMax') } : null },
  };
  return { body, problems: problems.map((p) => (p.field === 'yearlyMin' || p.field === 'yearlyMax' ? { ...p, field: `rules.yearlyContribution.${p.field === 'yearlyMin' ? 'min' : 'max'}` } : p)) };
}

/** The worked example next to the rate: the subsidy the reference cost would get (rounded down, capped). */
export function workedExample(form: CallForm): { cost: number; subsidy: number } | null {
  const cost = parseEuro(form.referenceCost);
  const cap = parseEuro(form.capPerProject);
  const { numerator, denominator } = form.rules.maxRate;
  if (cost === null || cap === null || !(denominator > 0) || numerator < 0) return null;
  try {
    return { cost, subsidy: minCents(applyRate(cost, { numerator, denominator }), cap) };
  } catch {
    return null;
  }
}
