import { Alert, Anchor, Button, Divider, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { isProblem, type ApiProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { useSession, useSignIn, useSignInOptions } from '../api/session';

/** The reasons the service gives for a failed sign-in through a provider (`?fout=`); anything else reads as the general one. */
const OIDC_FAILURES = ['provider', 'unavailable', 'flow', 'state', 'denied', 'code', 'token', 'unmapped', 'organisation', 'email-missing', 'email-taken', 'pending', 'inactive'];

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
  const options = useSignInOptions();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const problem: ApiProblem | null = isProblem(signIn.error) ? signIn.error : null;
  const errors = problem?.byField() ?? {};
  const target = safeReturnPath(params.get('terug'));

  if (session.data && !signIn.isPending) return <Navigate to={target} replace />;

  const providers = options.data?.providers ?? [];
  // Until the options arrive the form shows, as it always did; then only if some role keeps it.
  const passwordForm = !options.data || options.data.localSignInRoles.length > 0;
  const registration = !options.data || options.data.localSignInRoles.includes('APPLICANT');
  const failure = params.get('fout');
  const failureKey = failure && OIDC_FAILURES.includes(failure) ? failure : 'other';
  const failedProvider = providers.find((p) => p.name === params.get('aanbieder'))?.label ?? t('oidc.theProvider');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => void navigate(target, { replace: true }) });
  };

  return (
    <Paper maw={480} mx="auto" p="lg" withBorder>
      <PageTitle>{t('signIn.title')}</PageTitle>
      {failure && (
        <Alert color="red" title={t('oidc.failedTitle')} mb="md" role="alert">
          {t(`oidc.failures.${failureKey}`, { provider: failedProvider })}
        </Alert>
      )}
      {params.has('afgemeld') && (
        <Alert color="efro" title={t('oidc.signedOutTitle')} mb="md" role="status">
          {t('oidc.signedOut')}
        </Alert>
      )}
      {providers.length > 0 && (
        <Stack gap="sm" mb="md">
          {providers.map((provider) => (
            <Button key={provider.name} component="a" href={`/auth/oidc/${encodeURIComponent(provider.name)}/start?terug=${encodeURIComponent(target)}`} variant="filled">
              {t('oidc.continueWith', { label: provider.label })}
            </Button>
          ))}
        </Stack>
      )}
      {providers.length > 0 && passwordForm && <Divider my="md" label={t('oidc.orPassword')} labelPosition="center" />}
      <ErrorSummary problem={problem} fields={['email', 'password']} />
      {passwordForm && (
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
      )}
      {registration && (
        <Text mt="md">
          {t('signIn.noAccount')}{' '}
          <Anchor component={Link} to="/registreren">
            {t('signIn.register')}
          </Anchor>
        </Text>
      )}
    </Paper>
  );
}
