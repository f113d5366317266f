import { DomainError } from '../errors/domain.error';
import { Role } from './roles';
import { applyBulkTransition, applyTransition, availableActions, defineMachine, isState, isTerminal, MachineDefinition, transition, transitionOrThrow, transitionWrites } from './state-machine';

type DoorState = 'OPEN' | 'CLOSED' | 'LOCKED' | 'BROKEN';
type DoorAction = 'close' | 'open' | 'lock' | 'unlock' | 'break';

const door = defineMachine<DoorState, DoorAction>('door', {
  OPEN: { close: { to: 'CLOSED', roles: [Role.APPLICANT, Role.FINANCE_OFFICER], label: 'Close' } },
  CLOSED: {
    open: { to: 'OPEN', roles: [Role.APPLICANT], label: 'Open' },
    lock: { to: 'LOCKED', roles: [Role.FINANCE_OFFICER], label: 'Lock' },
    break: { to: 'BROKEN', roles: 'SYSTEM', label: 'Break' },
  },
  LOCKED: { unlock: { to: 'CLOSED', roles: [Role.FINANCE_OFFICER], label: 'Unlock' } },
  BROKEN: {},
});

describe('state machine engine', () => {
  describe('transition', () => {
    it('allows a listed transition for a listed role', () => {
      expect(transition(door, 'CLOSED', 'lock', [Role.FINANCE_OFFICER])).toEqual({
        ok: true,
        from: 'CLOSED',
        action: 'lock',
        to: 'LOCKED',
        label: 'Lock',
      });
    });

    it('accepts any one of the actor roles', () => {
      const result = transition(door, 'OPEN', 'close', [Role.EVALUATOR, Role.APPLICANT]);
      expect(result.ok && result.to).toBe('CLOSED');
    });

    it('refuses an action that the state does not have', () => {
      const result = transition(door, 'OPEN', 'lock', [Role.FINANCE_OFFICER]);
      expect(result).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    });

    it('refuses a role that is not listed', () => {
      const result = transition(door, 'CLOSED', 'lock', [Role.APPLICANT]);
      expect(result).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
      if (!result.ok) expect(result.message).toContain('FINANCE_OFFICER');
    });

    it('refuses an actor without roles', () => {
      expect(transition(door, 'CLOSED', 'open', [])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    });

    it('does not let ADMIN bypass the table', () => {
      expect(transition(door, 'CLOSED', 'lock', [Role.ADMIN])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    });

    it('lets only the system take SYSTEM transitions', () => {
      expect(transition(door, 'CLOSED', 'break', [Role.ADMIN])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
      expect(transition(door, 'CLOSED', 'break', [], { system: true })).toMatchObject({ ok: true, to: 'BROKEN' });
    });

    it('does not let the system flag stand in for a role', () => {
      expect(transition(door, 'CLOSED', 'lock', [], { system: true })).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    });

    it('refuses everything from a terminal state', () => {
      expect(transition(door, 'BROKEN', 'open', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    });

    it('does not resolve actions or states from Object.prototype', () => {
      const action = 'constructor' as DoorAction;
      const state = 'toString' as DoorState;
      expect(transition(door, 'OPEN', action, [Role.APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
      expect(transition(door, state, 'open', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    });
  });

  describe('transitionOrThrow', () => {
    it('returns the target state', () => {
      expect(transitionOrThrow(door, 'LOCKED', 'unlock', [Role.FINANCE_OFFICER])).toBe('CLOSED');
    });

    it('throws a conflict for a wrong state and forbidden for a wrong role', () => {
      const wrongState = catchError(() => transitionOrThrow(door, 'OPEN', 'lock', [Role.FINANCE_OFFICER]));
      expect(wrongState).toMatchObject({ kind: 'conflict', code: 'TRANSITION_NOT_ALLOWED' });
      const wrongRole = catchError(() => transitionOrThrow(door, 'CLOSED', 'lock', [Role.APPLICANT]));
      expect(wrongRole).toMatchObject({ kind: 'forbidden', code: 'ROLE_NOT_ALLOWED' });
    });
  });

  describe('applyTransition', () => {
    it('applies the move, then writes its audit entry, with the target state', async () => {
      const calls: string[] = [];
      const to = await applyTransition(door, 'CLOSED', 'lock', [Role.FINANCE_OFFICER], {
        apply: (s) => void calls.push(`apply ${s}`),
        audit: (s) => void calls.push(`audit ${s}`),
      });
      expect(to).toBe('LOCKED');
      expect(calls).toEqual(['apply LOCKED', 'audit LOCKED']);
    });

    it('writes nothing when the table refuses the move', async () => {
      const calls: string[] = [];
      const effects = { apply: () => void calls.push('apply'), audit: () => void calls.push('audit') };
      await expect(applyTransition(door, 'OPEN', 'lock', [Role.FINANCE_OFFICER], effects)).rejects.toMatchObject({ kind: 'conflict' });
      await expect(applyTransition(door, 'CLOSED', 'lock', [Role.APPLICANT], effects)).rejects.toMatchObject({ kind: 'forbidden' });
      expect(calls).toEqual([]);
    });

    it('returns the writes unsent for a caller that sends them together', () => {
      expect(transitionWrites(door, 'OPEN', 'close', [Role.APPLICANT], { apply: (s) => `update ${s}`, audit: (s) => `audit ${s}` })).toEqual(['update CLOSED', 'audit CLOSED']);
      expect(() => transitionWrites(door, 'LOCKED', 'close', [Role.APPLICANT], { apply: () => 1, audit: () => 2 })).toThrow(DomainError);
    });

    it('moves many records from every state the action leaves, for the system only', async () => {
      const apply = jest.fn(async (from: readonly DoorState[], to: DoorState) => [{ from, to }]);
      const audit = jest.fn(async () => undefined);
      await expect(applyBulkTransition(door, 'break', [], { apply, audit }, { system: true })).resolves.toEqual([{ from: ['CLOSED'], to: 'BROKEN' }]);
      expect(audit).toHaveBeenCalledWith([{ from: ['CLOSED'], to: 'BROKEN' }], 'BROKEN');
      await expect(applyBulkTransition(door, 'break', [Role.ADMIN], { apply, audit })).rejects.toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
      expect(apply).toHaveBeenCalledTimes(1);
    });
  });

  describe('availableActions', () => {
    it('lists what the roles may do, in table order', () => {
      expect(availableActions(door, 'CLOSED', [Role.APPLICANT, Role.FINANCE_OFFICER])).toEqual([
        { action: 'open', label: 'Open', to: 'OPEN' },
        { action: 'lock', label: 'Lock', to: 'LOCKED' },
      ]);
      expect(availableActions(door, 'CLOSED', [Role.APPLICANT])).toEqual([{ action: 'open', label: 'Open', to: 'OPEN' }]);
    });

    it('lists SYSTEM actions only for the system', () => {
      expect(availableActions(door, 'CLOSED', [], { system: true })).toEqual([{ action: 'break', label: 'Break', to: 'BROKEN' }]);
    });

    it('is empty for terminal and unknown states', () => {
      expect(availableActions(door, 'BROKEN', [Role.APPLICANT])).toEqual([]);
      expect(availableActions(door, 'nope' as DoorState, [Role.APPLICANT])).toEqual([]);
    });

    it('agrees with transition for every state, action and role', () => {
      for (const state of door.states) {
        for (const role of Object.values(Role)) {
          const listed = availableActions(door, state, [role]).map((a) => a.action);
          const allowed = door.actions.filter((action) => transition(door, state, action, [role]).ok);
          expect(listed).toEqual(allowed);
        }
      }
    });
  });

  describe('defineMachine', () => {
    it('collects states and actions', () => {
      expect(door.states).toEqual(['OPEN', 'CLOSED', 'LOCKED', 'BROKEN']);
      expect([...door.actions].sort()).toEqual(['break', 'close', 'lock', 'open', 'unlock']);
      expect(isTerminal(door, 'BROKEN')).toBe(true);
      expect(isTerminal(door, 'OPEN')).toBe(false);
      expect(isState(door, 'LOCKED')).toBe(true);
      expect(isState(door, 'AJAR')).toBe(false);
    });

    it('refuses a transition to an unknown state', () => {
      const table = { A: { go: { to: 'B', roles: [Role.ADMIN], label: 'Go' } } } as unknown as MachineDefinition<'A', 'go'>;
      expect(() => defineMachine('broken', table)).toThrow(/unknown state/);
    });

    it('refuses a transition nobody may take', () => {
      expect(() => defineMachine<'A' | 'B', 'go'>('empty', { A: { go: { to: 'B', roles: [], label: 'Go' } }, B: {} })).toThrow(
        /nobody/,
      );
    });
  });
});

function catchError(fn: () => unknown): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}
