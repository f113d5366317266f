/**
 * The first path segments of the web application's pages. They are Dutch words and the API's
 * are English, so a deep link never collides with an API route (`web-app.spec.ts` checks both
 * lists against each other). The service serves index.html for these; the web router uses them.
 */
export const WEB_ROUTE_PREFIXES = [
  'aanmelden',
  'registreren',
  'mijn-taken',
  'oproepen',
  'aanvragen',
  'evaluaties',
  'beoordelingen',
  'subsidies',
  'financien',
  'beheer',
  'geen-toegang',
  'niet-gevonden',
] as const;

export type WebRoutePrefix = (typeof WEB_ROUTE_PREFIXES)[number];
