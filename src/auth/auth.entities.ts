import { Organisation } from './entities/organisation.entity';
import { User } from './entities/user.entity';

/** The tables the auth feature owns. */
export const AUTH_ENTITIES = [Organisation, User];
