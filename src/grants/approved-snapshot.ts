import { OrganisationType } from '../core/domain/organisation-type';
import { Grant } from './entities/grant.entity';

/** What the grants module reads from the frozen proposal (applications.service.ts doSubmit). */
export interface ApprovedPartner {
  enterpriseNumber: string;
  name: string;
  organisationType: OrganisationType;
  role: 'LEAD' | 'PARTNER';
}

export interface ApprovedProposal {
  title: string;
  acronym: string;
  province: string;
  partners: ApprovedPartner[];
  /** Eligible cost of the approved budget: the grant's rate is amount ÷ this. */
  eligibleCosts: number;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`grant snapshot: ${what} is missing`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`grant snapshot: ${what} is not text`);
  return value;
}

/** Reads the snapshot defensively: it is JSON frozen by another module, so its shape is checked once here. */
export function approvedProposal(grant: Pick<Grant, 'snapshot'>): ApprovedProposal {
  const snapshot = record(grant.snapshot, 'the snapshot');
  const application = record(snapshot.application, 'application');
  const totals = record(record(snapshot.budgetSummary, 'budgetSummary').totals, 'budgetSummary.totals');
  if (!Array.isArray(snapshot.partners)) throw new Error('grant snapshot: partners is missing');
  const eligibleCosts = totals.eligibleCosts;
  if (typeof eligibleCosts !== 'number' || !Number.isSafeInteger(eligibleCosts)) throw new Error('grant snapshot: eligible costs are missing');
  return {
    title: text(application.title, 'application.title'),
    acronym: text(application.acronym, 'application.acronym'),
    province: text(application.province, 'application.province'),
    partners: (snapshot.partners as unknown[]).map((p, i) => {
      const partner = record(p, `partners[${i}]`);
      return {
        enterpriseNumber: text(partner.enterpriseNumber, `partners[${i}].enterpriseNumber`),
        name: text(partner.name, `partners[${i}].name`),
        organisationType: text(partner.organisationType, `partners[${i}].organisationType`) as OrganisationType,
        role: partner.role === 'LEAD' ? 'LEAD' : 'PARTNER',
      };
    }),
    eligibleCosts,
  };
}
