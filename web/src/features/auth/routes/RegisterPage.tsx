import { Anchor, Button, Fieldset, NativeSelect, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { normaliseEnterpriseNumber } from '@shared/domain/belgian-identifiers.rule';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import type { Schemas } from '../../../lib/api/client';
import { isProblem } from '../../../lib/api/problem';
import { fieldText, problemText } from '../../../lib/problem-text';
import { useRegister, useSignIn } from '../api/session';
import { passwordProblems, PASSWORD_MAX, PASSWORD_MIN } from '../password-rules';

type OrganisationType = Schemas['OrganisationInput']['type'];
type Province = NonNullable<Schemas['OrganisationInput']['province']>;
const ORGANISATION_TYPES: OrganisationType[] = ['RESEARCH_ORGANISATION', 'KNOWLEDGE_INSTITUTION', 'BUSINESS_NETWORK', 'COMPANY', 'PUBLIC_BODY'];
const PROVINCES: Province[] = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'];

/** Account plus organisation; the enterprise number is checked (format and mod 97) as it is typed. */
export function RegisterPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const register = useRegister();
  const signIn = useSignIn();
  const [form, setForm] = useState({ email: '', password: '', fullName: '', name: '', enterpriseNumber: '', type: '' as OrganisationType | '', province: '' as Province | '', address: '' });
  const [touchedNumber, setTouchedNumber] = useState(false);
  const problem = isProblem(register.error) ? register.error : isProblem(signIn.error) ? signIn.error : null;
  const errors = problem?.byField() ?? {};
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const numberCheck = form.enterpriseNumber ? normaliseEnterpriseNumber(form.enterpriseNumber) : null;
  const numberError =
    touchedNumber && numberCheck && !numberCheck.ok ? t('register.enterpriseNumberInvalid') : errors['organisation.enterpriseNumber'] && fieldText(t, errors['organisation.enterpriseNumber']);
  const pwProblems = passwordProblems(form.password);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouchedNumber(true);
    const body: Schemas['RegisterDto'] = {
      email: form.email,
      password: form.password,
      fullName: form.fullName,
      organisation: {
        name: form.name,
        enterpriseNumber: form.enterpriseNumber,
        type: form.type as OrganisationType,
        ...(form.province ? { province: form.province } : {}),
        ...(form.address ? { address: form.address } : {}),
      },
    };
    register.mutate(body, {
      onSuccess: () => signIn.mutate({ email: form.email, password: form.password }, { onSuccess: () => void navigate('/mijn-taken', { replace: true }) }),
    });
  };

  const fields = ['email', 'password', 'fullName', 'organisation.name', 'organisation.enterpriseNumber', 'organisation.type', 'organisation.province', 'organisation.address'];
  const err = (field: string) => errors[field] && fieldText(t, errors[field]);

  return (
    <Paper maw={640} mx="auto" p="lg" withBorder>
      <PageTitle>{t('register.title')}</PageTitle>
      <Text mb="md">{t('register.intro')}</Text>
      <ErrorSummary problem={problem} fields={fields} />
      <form onSubmit={submit} noValidate>
        <Stack>
          <Fieldset legend={t('register.account')}>
            <Stack>
              <TextInput id={fieldId('fullName')} label={t('fields.fullName')} autoComplete="name" required value={form.fullName} onChange={(e) => set('fullName')(e.currentTarget.value)} error={err('fullName')} />
              <TextInput id={fieldId('email')} label={t('fields.email')} type="email" autoComplete="email" required value={form.email} onChange={(e) => set('email')(e.currentTarget.value)} error={err('email')} />
              <div>
                <Text size="sm" id="password-rules" mb={4}>
                  {t('register.passwordRules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}
                </Text>
                <PasswordInput
                  id={fieldId('password')}
                  label={t('fields.newPassword')}
                  autoComplete="new-password"
                  required
                  aria-describedby="password-rules password-status"
                  value={form.password}
                  onChange={(e) => set('password')(e.currentTarget.value)}
                  error={err('password')}
                />
                <Text size="sm" id="password-status" c={pwProblems.length ? 'dimmed' : 'teal.9'} aria-live="polite">
                  {form.password === '' ? '' : pwProblems.length ? pwProblems.map((p) => t(`register.password.${p}`, { min: PASSWORD_MIN, max: PASSWORD_MAX })).join(' ') : t('register.password.ok')}
                </Text>
              </div>
            </Stack>
          </Fieldset>
          <Fieldset legend={t('register.organisation')}>
            <Stack>
              <TextInput id={fieldId('organisation.name')} label={t('fields.organisationName')} autoComplete="organization" required value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={err('organisation.name')} />
              <TextInput
                id={fieldId('organisation.enterpriseNumber')}
                label={t('fields.enterpriseNumber')}
                description={t('register.enterpriseNumberHint')}
                required
                inputMode="numeric"
                value={form.enterpriseNumber}
                onChange={(e) => set('enterpriseNumber')(e.currentTarget.value)}
                onBlur={() => setTouchedNumber(true)}
                error={numberError}
                rightSection={numberCheck?.ok ? <span aria-label={t('register.enterpriseNumberValid')}>✓</span> : null}
              />
              <NativeSelect
                id={fieldId('organisation.type')}
                label={t('fields.organisationType')}
                required
                data={[{ value: '', label: t('register.choose') }, ...ORGANISATION_TYPES.map((value) => ({ value, label: tc(`organisationTypes.${value}`) }))]}
                value={form.type}
                onChange={(e) => set('type')(e.currentTarget.value)}
                error={err('organisation.type')}
              />
              <NativeSelect
                id={fieldId('organisation.province')}
                label={`${t('fields.province')} (${tc('optional')})`}
                data={[{ value: '', label: t('register.choose') }, ...PROVINCES.map((value) => ({ value, label: tc(`provinces.${value}`) }))]}
                value={form.province}
                onChange={(e) => set('province')(e.currentTarget.value)}
                error={err('organisation.province')}
              />
              <TextInput id={fieldId('organisation.address')} label={`${t('fields.address')} (${tc('optional')})`} autoComplete="street-address" value={form.address} onChange={(e) => set('address')(e.currentTarget.value)} error={err('organisation.address')} />
            </Stack>
          </Fieldset>
          {problem && !problem.fieldErrors.length && <Text c="red.8">{problemText(tc, problem)}</Text>}
          <Button type="submit" loading={register.isPending || signIn.isPending}>
            {t('register.submit')}
          </Button>
        </Stack>
      </form>
      <Text mt="md">
        {t('register.haveAccount')}{' '}
        <Anchor component={Link} to="/aanmelden">
          {t('register.signIn')}
        </Anchor>
      </Text>
    </Paper>
  );
}
