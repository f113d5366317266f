import { APPLICATIONS_ENTITIES } from '../applications/applications.entities';
import { AUTH_ENTITIES } from '../auth/auth.entities';
import { CALLS_ENTITIES } from '../calls/calls.entities';
import { CORE_ENTITIES } from '../core/core.entities';
import { EVALUATIONS_ENTITIES } from '../evaluations/evaluations.entities';
import { GRANTS_ENTITIES } from '../grants/grants.entities';
import { ORGANISATIONS_ENTITIES } from '../organisations/organisations.entities';
import { REPORTING_ENTITIES } from '../reporting/reporting.entities';

/**
 * Every entity, for the Nest app, the CLI and the tests: each feature lists the tables it owns
 * beside its module, and the data source (a composition root, like app.module) puts them together.
 */
export const ENTITIES = [...CORE_ENTITIES, ...AUTH_ENTITIES, ...ORGANISATIONS_ENTITIES, ...CALLS_ENTITIES, ...APPLICATIONS_ENTITIES, ...EVALUATIONS_ENTITIES, ...GRANTS_ENTITIES, ...REPORTING_ENTITIES];
