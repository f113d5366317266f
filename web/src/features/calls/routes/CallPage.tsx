import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorSummary, fieldId } from '../../../components/ErrorSummary';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { isProblem } from '../../../lib/api/problem';
import { fieldText } from '../../../lib/problem-text';
import { hasRole, useSession } from '../../auth/api/session';
import { useCall, useStartProposal, type Call, type NewProposal } from '../api/calls';
import { CallRules } from '../components/CallRules';
import { ExtendClosing } from '../components/ExtendClosing';

const PROVINCES = ['BE21', 'BE22', 'BE23', 'BE24', 'BE25'] as const;
type Province = NewProposal['province'];
const FIELDS = ['acronym', 'title', 'province'] as const;

/** A call's rules in plain language and, for an applicant while it is open, the start of a proposal. */
export function CallPage() {
  const { callId = '' } = useParams();
  const call = useCall(callId);
  return <QueryState query={call}>{(data) => <CallView call={data} />}</QueryState>;
}

function CallView({ call }: { call: Call }) {
  const { t } = useTranslation('calls');
  const session = useSession();
  const applicant = hasRole(session.data, 'APPLICANT');
  // The API lets only programme managers extend, and only before the call closes.
  const manager = hasRole(session.data, 'PROGRAMME_MANAGER') && (call.status === 'PUBLISHED' || call.status === 'OPEN');
  return (
    <Stack gap="lg">
      <div>
        <Text c="dimmed" size="sm">
          {call.code} · {t(`programme.${call.programme}`)}
        </Text>
        <PageTitle>{call.title}</PageTitle>
        <Group gap="xs" mb="xs">
          <Badge color={call.status === 'OPEN' ? 'green.2' : 'gray.2'} autoContrast>
            {t(`status.${call.status}`)}
          </Badge>
        </Group>
        {call.description && <Text>{call.description}</Text>}
      </div>
      {call.status === 'OPEN' && applicant && <StartProposal call={call} defaultProvince={session.data?.user.organisation?.province ?? undefined} />}
      {call.status === 'OPEN' && !session.data && (
        <Text>
          <Anchor component={Link} to={`/aanmelden?terug=${encodeURIComponent(`/oproepen/${call.id}`)}`}>
            {t('signInToStart')}
          </Anchor>
        </Text>
      )}
      {manager && <ExtendClosing call={call} />}
      <CallRules call={call} />
      <Anchor component={Link} to="/oproepen">
        {t('allCalls')}
      </Anchor>
    </Stack>
  );
}

/** GOV.UK question page in small: the three things a draft needs; the rest is in the editor. */
function StartProposal({ call, defaultProvince }: { call: Call; defaultProvince?: Province }) {
  const { t } = useTranslation('calls');
  const navigate = useNavigate();
  const start = useStartProposal(call.id);
  const [acronym, setAcronym] = useState('');
  const [title, setTitle] = useState('');
  const [province, setProvince] = useState<Province | ''>(defaultProvince ?? '');
  const problem = isProblem(start.error) ? start.error : null;
  const errors = problem?.byField() ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate(
      { acronym: acronym.trim(), title: title.trim(), province: province as Province },
      { onSuccess: (created) => void navigate(`/aanvragen/${created.id}`) },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="voorstel-starten">
      <Title order={2} size="h3" id="voorstel-starten">
        {t('start.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('start.intro')}
      </Text>
      <ErrorSummary problem={problem} fields={FIELDS} />
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <TextInput
            id={fieldId('acronym')}
            label={t('start.acronym')}
            description={t('start.acronymHint')}
            required
            maxLength={30}
            value={acronym}
            onChange={(e) => setAcronym(e.currentTarget.value)}
            error={errors.acronym && fieldText(t, errors.acronym)}
          />
          <TextInput
            id={fieldId('title')}
            label={t('start.projectTitle')}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title && fieldText(t, errors.title)}
          />
          <NativeSelect
            id={fieldId('province')}
            label={t('start.province')}
            description={t('start.provinceHint')}
            required
            value={province}
            onChange={(e) => setProvince(e.currentTarget.value as Province)}
            data={[{ value: '', label: t('start.chooseProvince') }, ...PROVINCES.map((p) => ({ value: p, label: t(`common:provinces.${p}`) }))]}
            error={errors.province && fieldText(t, errors.province)}
          />
          <Group>
            <Button type="submit" loading={start.isPending}>
              {t('start.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
