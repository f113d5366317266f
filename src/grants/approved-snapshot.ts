import { readSubmissionSnapshot } from '../applications/submission-snapshot';
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
  /** The operation's total cost with all declared VAT: whether claimed VAT can be eligible (CPR art. 64(1)(c)). */
  totalCostIncludingVat: number;
}

/** The approved proposal of a grant, through the applications feature's snapshot reader. */
export function approvedProposal(grant: Pick<Grant, 'snapshot'>): ApprovedProposal {
  const snapshot = readSubmissionSnapshot(grant.snapshot);
  return {
    title: snapshot.application.title,
    acronym: snapshot.application.acronym,
    province: snapshot.application.province,
    partners: snapshot.partners.map((partner) => ({
      enterpriseNumber: partner.enterpriseNumber,
      name: partner.name,
      organisationType: partner.organisationType,
      role: partner.role === 'LEAD' ? 'LEAD' : 'PARTNER',
    })),
    eligibleCosts: snapshot.budgetSummary.totals.eligibleCosts,
    totalCostIncludingVat: snapshot.budgetSummary.totalCostIncludingVat,
  };
}
