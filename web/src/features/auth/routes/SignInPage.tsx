import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { useSession, useSignIn } from '../api/session';

/** Only paths of this application, so a crafted link cannot send a user elsewhere after sign-in. */
export function safeReturnPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/mijn-taken';
}

export function SignInPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const problem: ApiProblem | null = isProblem(signIn.error) ? signIn.error : null;
  const errors = problem?.byField() ?? {};
  const target = safeReturnPath(params.get('terug'));

  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => void navigate(target, { replace: true }) });
  };

  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <ErrorSummary problem={problem} fields={['email', 'password']} />
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id={fieldId('email')}
            label={t('fields.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email && fieldText(t, errors.email)}
          />
          <PasswordInput
            id={fieldId('password')}
            label={t('fields.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password && fieldText(t, errors.password)}
          />
          <Button type="submit" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
      <Text mt="md">
        {t('signIn.noAccount')}{' '}
        <Anchor component={Link} to="/registreren">
          {t('signIn.register')}
        </Anchor>
      </Text>
    </Paper>
  );
}
