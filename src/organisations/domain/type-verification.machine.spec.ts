import { transition } from '../../core/domain/state-machine';
import { Role } from '../../core/domain/roles';
import { TypeVerificationStatus as S, typeVerificationMachine as machine } from './type-verification.machine';

describe('organisation type verification', () => {
  it('only the programme secretariat verifies or rejects a pending type', () => {
    expect(transition(machine, S.PENDING, 'verify', [Role.PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.VERIFIED });
    expect(transition(machine, S.PENDING, 'reject', [Role.PROGRAMME_MANAGER])).toMatchObject({ ok: true, to: S.REJECTED });
    expect(transition(machine, S.PENDING, 'verify', [Role.APPLICANT])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
    expect(transition(machine, S.PENDING, 'verify', [Role.ADMIN])).toMatchObject({ ok: false, code: 'ROLE_NOT_ALLOWED' });
  });

  it('a decided type is not decided again; a new claim makes it pending', () => {
    expect(transition(machine, S.VERIFIED, 'verify', [Role.PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(machine, S.REJECTED, 'verify', [Role.PROGRAMME_MANAGER])).toMatchObject({ ok: false, code: 'TRANSITION_NOT_ALLOWED' });
    expect(transition(machine, S.VERIFIED, 'claim', [Role.APPLICANT])).toMatchObject({ ok: true, to: S.PENDING });
    expect(transition(machine, S.REJECTED, 'claim', [Role.APPLICANT])).toMatchObject({ ok: true, to: S.PENDING });
  });
});
