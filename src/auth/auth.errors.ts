import { DomainError } from '../core/errors/domain.error';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  TOKEN_INVALID = 'TOKEN_INVALID',
  ROLE_NOT_ALLOWED = 'ROLE_NOT_ALLOWED',
  ORGANISATION_REQUIRED = 'ORGANISATION_REQUIRED',
  ORGANISATION_REGISTERED = 'ORGANISATION_REGISTERED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  SESSION_INVALID = 'SESSION_INVALID',
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
  CANNOT_DEACTIVATE_SELF = 'CANNOT_DEACTIVATE_SELF',
  CANNOT_REMOVE_OWN_ADMIN_ROLE = 'CANNOT_REMOVE_OWN_ADMIN_ROLE',
  LOCAL_SIGN_IN_DISABLED = 'LOCAL_SIGN_IN_DISABLED',
}

export const AuthErrors = {
  invalidCredentials: () =>
    new DomainError('unauthenticated', AuthErrorCode.INVALID_CREDENTIALS, 'The e-mail address or password is wrong'),
  locked: (retryAfterSeconds: number) =>
    new DomainError(
      'too_many',
      AuthErrorCode.ACCOUNT_LOCKED,
      `Too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
      [],
      { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    ),
  emailTaken: () =>
    new DomainError('conflict', AuthErrorCode.EMAIL_TAKEN, 'An account with this e-mail address already exists', [
      { field: 'email', code: 'UNIQUE', message: 'email is already registered' },
    ]),
  tokenInvalid: () =>
    new DomainError('unauthenticated', AuthErrorCode.TOKEN_INVALID, 'A valid bearer token is required', [], {
      'www-authenticate': 'Bearer',
    }),
  tokenRevoked: () =>
    new DomainError(
      'unauthenticated',
      AuthErrorCode.TOKEN_REVOKED,
      'The account was changed or deactivated since this token was issued; sign in again',
      [],
      { 'www-authenticate': 'Bearer' },
    ),
  sessionInvalid: () =>
    new DomainError('unauthenticated', AuthErrorCode.SESSION_INVALID, 'The session has ended or is not valid; sign in again'),
  csrfTokenInvalid: () =>
    new DomainError(
      'forbidden',
      AuthErrorCode.CSRF_TOKEN_INVALID,
      'A change made with the session cookie needs the session\'s X-CSRF-Token header and must come from this site',
    ),
  cannotChangeOwnAccess: (code: AuthErrorCode.CANNOT_DEACTIVATE_SELF | AuthErrorCode.CANNOT_REMOVE_OWN_ADMIN_ROLE) =>
    new DomainError(
      'rule',
      code,
      code === AuthErrorCode.CANNOT_DEACTIVATE_SELF
        ? 'An administrator cannot deactivate their own account'
        : 'An administrator cannot remove their own ADMIN role',
    ),
  localSignInDisabled: () =>
    new DomainError(
      'forbidden',
      AuthErrorCode.LOCAL_SIGN_IN_DISABLED,
      'Signing in with a password is switched off for this account\'s roles; sign in through your organisation\'s identity provider',
    ),
  roleNotAllowed: (roles: string[]) =>
    new DomainError('forbidden', AuthErrorCode.ROLE_NOT_ALLOWED, `This action is reserved for: ${roles.join(', ')}`),
  organisationRequired: () =>
    new DomainError('validation', AuthErrorCode.ORGANISATION_REQUIRED, 'Applicants belong to an organisation', [
      { field: 'organisation', code: 'REQUIRED', message: 'organisation is required for the APPLICANT role' },
    ]),
  organisationRegistered: () =>
    new DomainError(
      'conflict',
      AuthErrorCode.ORGANISATION_REGISTERED,
      'This organisation already has an account; an administrator adds its further members',
      [{ field: 'organisation.enterpriseNumber', code: 'REGISTERED', message: 'an organisation with this enterprise number is already registered' }],
    ),
};
