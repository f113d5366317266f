import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';
import type { paths } from '../../../lib/api/schema.gen';

export type UserRow = Schemas['UserDto'];
type UsersQuery = NonNullable<paths['/users']['get']['parameters']['query']>;

export function useUsers(query: { page: number; role?: UserRow['roles'][number] }) {
  return useQuery({
    queryKey: ['users', query],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { page: query.page, pageSize: 25, ...(query.role ? { role: query.role } : {}) } as UsersQuery } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateUserDto']) => unwrap(api.POST('/users', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & Schemas['UpdateUserDto']) => unwrap(api.PATCH('/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
