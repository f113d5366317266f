import { RegisteredOrganisation } from './entities/registered-organisation.entity';

/** The tables the organisations feature owns. */
export const ORGANISATIONS_ENTITIES = [RegisteredOrganisation];
