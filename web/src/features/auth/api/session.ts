import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, unwrap, type Schemas } from '../../../lib/api/client';
import { ApiProblem } from '../../../lib/api/problem';

export type User = Schemas['UserDto'];
export type Role = User['roles'][number];
export type Session = Schemas['SessionDto'];

export const sessionKey = ['auth', 'session'] as const;

/** The signed-in user, or null; a 401 means "not signed in", not an error. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await unwrap(api.GET('/auth/session', {}));
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 401) {
          setCsrfToken(undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['LoginDto']) => unwrap(api.POST('/auth/session', { body })),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // What another account had loaded must not show for this one.
      client.clear();
      client.setQueryData(sessionKey, session);
    },
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: Schemas['RegisterDto']) => unwrap(api.POST('/auth/register', { body })),
  });
}

/** How one may sign in here: the providers' buttons, and whether the password form is for anyone. */
export function useSignInOptions() {
  return useQuery({
    queryKey: ['auth', 'sign-in-options'],
    queryFn: () => unwrap(api.GET('/auth/oidc/providers', {})),
    staleTime: 5 * 60_000,
  });
}

/**
 * Ends the session here; resolves to the provider's end-session URL for a session opened
 * through one (the caller navigates there so the provider signs out too), or null.
 */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (): Promise<string | null> => {
      // Asked first: once the session has ended, the service no longer knows which provider it came from.
      const endSession = await unwrap(api.GET('/auth/oidc/end-session', {})).then(
        (answer) => answer.endSessionUrl,
        () => null,
      );
      await unwrap(api.DELETE('/auth/session', {}));
      return endSession;
    },
    onSettled: () => {
      setCsrfToken(undefined);
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

export function hasRole(session: Session | null | undefined, ...roles: Role[]): boolean {
  return !!session && session.user.roles.some((role) => roles.includes(role));
}
