import { Call } from './entities/call.entity';

/** The tables the calls feature owns. */
export const CALLS_ENTITIES = [Call];
