import { IssuedDocument } from './entities/issued-document.entity';

/** The tables the reporting feature owns. */
export const REPORTING_ENTITIES = [IssuedDocument];
