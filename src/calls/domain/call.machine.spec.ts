import { Role } from '../../core/domain/roles';
import { transition } from '../../core/domain/state-machine';
import { callMachine } from './call.machine';
import { CallStatus as S } from './call-status';

const { ADMIN, PROGRAMME_MANAGER, APPLICANT } = Role;

describe('call machine', () => {
  it('is published by staff from a draft only', () => {
    expect(transition(callMachine, S.DRAFT, 'publish', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.PUBLISHED });
    expect(transition(callMachine, S.DRAFT, 'publish', [ADMIN])).toMatchObject({ ok: true, to: S.PUBLISHED });
    expect(transition(callMachine, S.DRAFT, 'publish', [APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(callMachine, S.PUBLISHED, 'publish', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('is opened and closed by the clock alone', () => {
    expect(transition(callMachine, S.PUBLISHED, 'open', [], { system: true })).toMatchObject({ ok: true, to: S.OPEN });
    expect(transition(callMachine, S.PUBLISHED, 'close', [], { system: true })).toMatchObject({ ok: true, to: S.CLOSED });
    expect(transition(callMachine, S.OPEN, 'close', [], { system: true })).toMatchObject({ ok: true, to: S.CLOSED });
    expect(transition(callMachine, S.OPEN, 'close', [ADMIN])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(callMachine, S.CLOSED, 'open', [], { system: true })).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('has its closing instant extended by the programme manager before it closes, without a change of status', () => {
    expect(transition(callMachine, S.PUBLISHED, 'extend_closing', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.PUBLISHED });
    expect(transition(callMachine, S.OPEN, 'extend_closing', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.OPEN });
    expect(transition(callMachine, S.OPEN, 'extend_closing', [APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    for (const from of [S.DRAFT, S.CLOSED, S.EVALUATION, S.DECIDED]) {
      expect(transition(callMachine, from, 'extend_closing', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    }
  });

  it('goes into evaluation with the first screening, whether or not the clock job caught up, and is decided', () => {
    for (const from of [S.PUBLISHED, S.OPEN, S.CLOSED]) {
      expect(transition(callMachine, from, 'start_evaluation', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.EVALUATION });
    }
    expect(transition(callMachine, S.EVALUATION, 'decide', [PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.DECIDED });
    expect(transition(callMachine, S.DECIDED, 'decide', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(callMachine, S.DRAFT, 'start_evaluation', [PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
  });
});
