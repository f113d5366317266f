import { Badge, Button, Checkbox, Fieldset, Group, NativeSelect, Pagination, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorSummary, fieldId, ProblemAlert } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { useSession, type Role } from '../api/session';
import { useCreateUser, useUpdateUser, useUsers, type UserRow } from '../api/users';
import { PASSWORD_MIN } from '../password-rules';

const ROLES: Role[] = ['ADMIN', 'PROGRAMME_MANAGER', 'EVALUATOR', 'FINANCE_OFFICER', 'AUDITOR', 'APPLICANT'];
const STAFF_ROLES: Role[] = ['ADMIN', 'PROGRAMME_MANAGER', 'EVALUATOR', 'FINANCE_OFFICER', 'AUDITOR'];

/** Administrators: accounts listed by role, staff accounts created, roles changed, accounts deactivated. */
export function UsersPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const [page, setPage] = useState(1);
  const [role, setRole] = useState<Role | ''>('');
  const users = useUsers({ page, role: role || undefined });
  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <Stack gap="xl">
        <CreateUserForm />
        <div>
          <Title order={2} size="h3" mb="sm">
            {t('users.accounts')}
          </Title>
          <NativeSelect
            label={t('users.filterRole')}
            w={280}
            mb="sm"
            value={role}
            onChange={(e) => {
              setRole(e.currentTarget.value as Role | '');
              setPage(1);
            }}
            data={[{ value: '', label: t('users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: tc(`roles.${r}`) }))]}
          />
          <QueryState query={users}>
            {(data) => (
              <>
                <Table withTableBorder striped>
                  <caption>{t('users.caption', { count: data.total })}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('users.name')}</Table.Th>
                      <Table.Th scope="col">{t('fields.email')}</Table.Th>
                      <Table.Th scope="col">{t('users.roles')}</Table.Th>
                      <Table.Th scope="col">{t('users.state')}</Table.Th>
                      <Table.Th scope="col">{t('users.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((u) => (
                      <UserRowView key={u.id} user={u} />
                    ))}
                  </Table.Tbody>
                </Table>
                {data.total > data.pageSize && <Pagination mt="sm" total={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} getControlProps={(p) => ({ 'aria-label': t('users.page', { page: p }) })} />}
              </>
            )}
          </QueryState>
        </div>
      </Stack>
    </section>
  );
}

function UserRowView({ user }: { user: UserRow }) {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const session = useSession();
  const update = useUpdateUser();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<string[]>(user.roles);
  const [confirming, setConfirming] = useState(false);
  const problem = isProblem(update.error) ? update.error : null;
  const self = session.data?.user.id === user.id;
  const active = (user as UserRow & { active?: boolean }).active !== false;
  return (
    <Table.Tr>
      <Table.Th scope="row">{user.fullName}</Table.Th>
      <Table.Td>{user.email}</Table.Td>
      <Table.Td>
        {editing ? (
          <Checkbox.Group label={t('users.rolesOf', { name: user.fullName })} value={roles} onChange={setRoles}>
            <Stack gap={4} mt={4}>
              {ROLES.map((r) => (
                <Checkbox key={r} value={r} label={tc(`roles.${r}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : (
          user.roles.map((r) => tc(`roles.${r}`)).join(', ')
        )}
        <ProblemAlert problem={problem} />
      </Table.Td>
      <Table.Td>
        <Badge variant="outline" color={active ? 'teal.9' : 'gray.7'}>
          {active ? t('users.active') : user.awaitingApproval ? t('users.awaitingApproval') : t('users.inactive')}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap="xs">
          {editing ? (
            <>
              <Button size="xs" loading={update.isPending} disabled={roles.length === 0} onClick={() => update.mutate({ id: user.id, roles: roles as Role[] }, { onSuccess: () => setEditing(false) })}>
                {t('users.saveRoles')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                {tc('cancel')}
              </Button>
            </>
          ) : (
            <Button size="xs" variant="default" onClick={() => setEditing(true)} aria-label={t('users.editRolesOf', { name: user.fullName })}>
              {t('users.editRoles')}
            </Button>
          )}
          {!self && (
            <Button size="xs" variant="default" color={active ? 'red.8' : undefined} onClick={() => (active ? setConfirming(true) : update.mutate({ id: user.id, active: true }))} aria-label={`${active ? t('users.deactivate') : t('users.activate')}: ${user.fullName}`}>
              {active ? t('users.deactivate') : t('users.activate')}
            </Button>
          )}
        </Group>
        <ConfirmDialog
          opened={confirming}
          title={t('users.confirmTitle', { name: user.fullName })}
          confirmLabel={t('users.deactivate')}
          danger
          busy={update.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => update.mutate({ id: user.id, active: false }, { onSettled: () => setConfirming(false) })}
        >
          {t('users.confirmBody')}
        </ConfirmDialog>
      </Table.Td>
    </Table.Tr>
  );
}

function CreateUserForm() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const create = useCreateUser();
  const [form, setForm] = useState({ fullName: '', email: '', password: '', roles: [] as string[] });
  const problem = isProblem(create.error) ? create.error : null;
  const errors = problem?.byField() ?? {};
  const err = (f: string) => errors[f] && fieldText(t, errors[f]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...form, roles: form.roles as Role[] }, { onSuccess: () => setForm({ fullName: '', email: '', password: '', roles: [] }) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Fieldset legend={t('users.create')}>
        <ErrorSummary problem={problem} fields={['fullName', 'email', 'password', 'roles']} />
        <Stack>
          <Group grow align="flex-start">
            <TextInput id={fieldId('fullName')} label={t('users.name')} required value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.currentTarget.value })} error={err('fullName')} />
            <TextInput id={fieldId('email')} label={t('fields.email')} type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={err('email')} />
            <PasswordInput id={fieldId('password')} label={t('users.initialPassword')} description={t('users.passwordHint', { min: PASSWORD_MIN })} required value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} error={err('password')} />
          </Group>
          <Checkbox.Group id={fieldId('roles')} label={t('users.roles')} required value={form.roles} onChange={(roles) => setForm({ ...form, roles })} error={err('roles')}>
            <Group mt={4}>
              {STAFF_ROLES.map((r) => (
                <Checkbox key={r} value={r} label={tc(`roles.${r}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('users.createSubmit')}
            </Button>
            <Text size="sm" aria-live="polite">
              {create.isSuccess ? t('users.created', { email: create.data.email }) : ''}
            </Text>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}
