export enum OrganisationType {
  RESEARCH_ORGANISATION = 'RESEARCH_ORGANISATION',
  /** Hogeschool or university. */
  KNOWLEDGE_INSTITUTION = 'KNOWLEDGE_INSTITUTION',
  /** Sector federation, chamber of commerce: an organisation that reaches many companies. */
  BUSINESS_NETWORK = 'BUSINESS_NETWORK',
  COMPANY = 'COMPANY',
  PUBLIC_BODY = 'PUBLIC_BODY',
}

export const ORGANISATION_TYPES = Object.values(OrganisationType);
