/** The service's password rule (RegisterDto: 10 to 200 characters), shown before submitting. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export type PasswordProblem = 'tooShort' | 'tooLong';

export function passwordProblems(password: string): PasswordProblem[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return ['tooShort'];
  if (length > PASSWORD_MAX) return ['tooLong'];
  return [];
}
