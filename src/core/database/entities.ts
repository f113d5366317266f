import { Organisation } from '../../auth/entities/organisation.entity';
import { User } from '../../auth/entities/user.entity';
import { Call } from '../../calls/entities/call.entity';
import { AuditEntry } from '../audit/audit-entry.entity';

/** Every entity, listed once for the Nest app, the CLI and the tests. */
export const ENTITIES = [AuditEntry, Organisation, User, Call];
