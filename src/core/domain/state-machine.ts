import { DomainError } from '../errors/domain.error';
import { Role } from './roles';

/**
 * A table-driven state machine (in the style of Hypha's workflows): every allowed move is a
 * row in a table, so what a role may do in a state is data that can be listed, tested and
 * shown in the UI, never an `if` buried in a service.
 */

/** Who may take a transition: listed roles, or only the service itself (scheduled jobs). */
export type TransitionActors = readonly Role[] | 'SYSTEM';

export interface TransitionRule<S extends string> {
  to: S;
  roles: TransitionActors;
  /** Shown on the button and in the audit trail. */
  label: string;
}

/** state → action → rule. States without outgoing actions are terminal. */
export type MachineDefinition<S extends string, A extends string> = Record<S, Partial<Record<A, TransitionRule<S>>>>;

export interface Machine<S extends string, A extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly actions: readonly A[];
  readonly table: Readonly<MachineDefinition<S, A>>;
}

export type TransitionErrorCode = 'TRANSITION_NOT_ALLOWED' | 'ROLE_NOT_ALLOWED';

export type TransitionResult<S extends string, A extends string> =
  | { ok: true; from: S; action: A; to: S; label: string }
  | { ok: false; code: TransitionErrorCode; message: string };

export interface TransitionOptions {
  /** The service acts on its own; only `'SYSTEM'` rows accept it, and it never stands in for a role. */
  system?: boolean;
}

export interface AvailableAction<S extends string, A extends string> {
  action: A;
  label: string;
  to: S;
}

/**
 * Checks the table once, when the module loads, so that a typo in a target state fails at
 * start-up rather than when a user first presses the button.
 */
export function defineMachine<S extends string, A extends string>(
  name: string,
  table: MachineDefinition<S, A>,
): Machine<S, A> {
  const states = Object.keys(table) as S[];
  const actions = new Set<A>();
  for (const state of states) {
    for (const [action, rule] of ruleEntries<S, A>(table[state])) {
      if (!Object.hasOwn(table, rule.to)) {
        throw new Error(`${name}: ${state} --${action}--> ${rule.to} targets an unknown state`);
      }
      if (rule.roles !== 'SYSTEM' && rule.roles.length === 0) {
        throw new Error(`${name}: ${state} --${action}--> nobody may take this transition`);
      }
      actions.add(action);
    }
  }
  return Object.freeze({ name, states: Object.freeze(states), actions: Object.freeze([...actions]), table });
}

/** May these roles take `action` from `from`? Pure: the caller persists and audits the move. */
export function transition<S extends string, A extends string>(
  machine: Machine<S, A>,
  from: S,
  action: A,
  actorRoles: readonly Role[],
  options: TransitionOptions = {},
): TransitionResult<S, A> {
  const rule = ruleFor(machine, from, action);
  if (!rule) {
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      message: `${machine.name}: '${action}' is not possible in state ${from}`,
    };
  }
  if (!mayTake(rule, actorRoles, options)) {
    return {
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
      message:
        rule.roles === 'SYSTEM'
          ? `${machine.name}: '${action}' is done by the system only`
          : `${machine.name}: '${action}' needs one of the roles ${rule.roles.join(', ')}`,
    };
  }
  return { ok: true, from, action, to: rule.to, label: rule.label };
}

/**
 * `transition` for services: the target state, or a DomainError the problem filter maps to
 * 409 (wrong state) or 403 (wrong role).
 */
export function transitionOrThrow<S extends string, A extends string>(
  machine: Machine<S, A>,
  from: S,
  action: A,
  actorRoles: readonly Role[],
  options: TransitionOptions = {},
): S {
  const result = transition(machine, from, action, actorRoles, options);
  if (result.ok) return result.to;
  throw new DomainError(result.code === 'ROLE_NOT_ALLOWED' ? 'forbidden' : 'conflict', result.code, result.message);
}

/** What one move writes, inside the caller's transaction: the record in its new state, then its audit entry. */
export interface TransitionEffects<S extends string> {
  /** Persists the record in state `to` (with the fields that change with it). */
  apply: (to: S) => Promise<unknown> | unknown;
  /** Writes the move's audit entry; called only after `apply` succeeded. */
  audit: (to: S) => Promise<unknown> | unknown;
}

/**
 * The one way a status changes: checks the move against the table (409 wrong state, 403 wrong
 * role), applies it and writes its audit entry. Each feature's machine file wraps this for its
 * records, so no service assigns a status by hand.
 */
export async function applyTransition<S extends string, A extends string>(
  machine: Machine<S, A>,
  from: S,
  action: A,
  actorRoles: readonly Role[],
  effects: TransitionEffects<S>,
  options: TransitionOptions = {},
): Promise<S> {
  const to = transitionOrThrow(machine, from, action, actorRoles, options);
  await effects.apply(to);
  await effects.audit(to);
  return to;
}

/**
 * `applyTransition` for a caller that sends its writes together in one statement: checks the
 * move and returns the record's write and the audit entry's write, in that order, unsent.
 */
export function transitionWrites<S extends string, A extends string, W>(
  machine: Machine<S, A>,
  from: S,
  action: A,
  actorRoles: readonly Role[],
  effects: { apply: (to: S) => W; audit: (to: S) => W },
  options: TransitionOptions = {},
): [W, W] {
  const to = transitionOrThrow(machine, from, action, actorRoles, options);
  return [effects.apply(to), effects.audit(to)];
}

/**
 * A move taken on many records at once by a set-based update (scheduled jobs): the states the
 * action leaves from and the one it leads to, checked for the actor like a single move.
 */
export async function applyBulkTransition<S extends string, A extends string, R>(
  machine: Machine<S, A>,
  action: A,
  actorRoles: readonly Role[],
  effects: { apply: (from: readonly S[], to: S) => Promise<R[]>; audit: (moved: R[], to: S) => Promise<unknown> },
  options: TransitionOptions = {},
): Promise<R[]> {
  const rows = machine.states.flatMap((state) => {
    const row = machine.table[state];
    return Object.hasOwn(row, action) && row[action] ? [{ from: state, rule: row[action] }] : [];
  });
  const to = rows[0]?.rule.to;
  if (to === undefined || rows.some((r) => r.rule.to !== to)) throw new Error(`${machine.name}: '${action}' has no single target state`);
  for (const { from } of rows) transitionOrThrow(machine, from, action, actorRoles, options);
  const moved = await effects.apply(rows.map((r) => r.from), to);
  await effects.audit(moved, to);
  return moved;
}

/** The actions these roles may take now, in table order (for buttons and API links). */
export function availableActions<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  roles: readonly Role[],
  options: TransitionOptions = {},
): AvailableAction<S, A>[] {
  if (!Object.hasOwn(machine.table, state)) return [];
  return ruleEntries<S, A>(machine.table[state])
    .filter(([, rule]) => mayTake(rule, roles, options))
    .map(([action, rule]) => ({ action, label: rule.label, to: rule.to }));
}

/** A state with no way out (APPROVED, PAID, ...). */
export function isTerminal<S extends string, A extends string>(machine: Machine<S, A>, state: S): boolean {
  return !Object.hasOwn(machine.table, state) || ruleEntries<S, A>(machine.table[state]).length === 0;
}

export function isState<S extends string, A extends string>(machine: Machine<S, A>, value: string): value is S {
  return Object.hasOwn(machine.table, value);
}

function mayTake<S extends string>(rule: TransitionRule<S>, roles: readonly Role[], options: TransitionOptions): boolean {
  if (rule.roles === 'SYSTEM') return options.system === true;
  const allowed = rule.roles;
  return roles.some((role) => allowed.includes(role));
}

function ruleFor<S extends string, A extends string>(machine: Machine<S, A>, from: S, action: A): TransitionRule<S> | undefined {
  // Own properties only: `from` and `action` may come from a request, and 'constructor' or
  // 'toString' must not resolve to something on Object.prototype.
  if (!Object.hasOwn(machine.table, from)) return undefined;
  const row = machine.table[from];
  if (!Object.hasOwn(row, action)) return undefined;
  return row[action];
}

function ruleEntries<S extends string, A extends string>(row: Partial<Record<A, TransitionRule<S>>>): [A, TransitionRule<S>][] {
  return (Object.entries(row) as [A, TransitionRule<S> | undefined][]).filter(
    (entry): entry is [A, TransitionRule<S>] => entry[1] !== undefined,
  );
}
