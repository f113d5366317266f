import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { QueryState } from '../../../components/QueryState';
import { hasRole, useSession } from '../../auth/api/session';
import { useApplication, useCall } from '../api/applications';
import type { ProposalContext } from '../components/proposal-context';

const SECTIONS = [
  { to: '', key: 'project', end: true },
  { to: 'provincie', key: 'province' },
  { to: 'consortium', key: 'consortium' },
  { to: 'begroting', key: 'budget' },
  { to: 'overzicht', key: 'overview' },
  { to: 'indienen', key: 'submit' },
] as const;

/** The editor's frame: which proposal, its status, and the section navigation; each section is its own page. */
export function ProposalLayout() {
  const { id = '' } = useParams();
  const { t } = useTranslation('applications');
  const application = useApplication(id);
  const call = useCall(application.data?.callId);
  const session = useSession();
  return (
    <QueryState query={application}>
      {(a) => (
        <QueryState query={call}>
          {(c) => {
            // Only the lead organisation's members change a draft (the API refuses anyone else): partners, staff and auditors read it.
            const lead = hasRole(session.data, 'APPLICANT') && session.data?.user.organisation?.id === a.leadOrganisationId;
            const editable = a.status === 'DRAFT' && lead;
            const context: ProposalContext = { application: a, call: c, editable };
            return (
              <Stack gap="md">
                <Group gap="sm" wrap="wrap">
                  <Text fw={600}>
                    {a.acronym} – {a.title}
                  </Text>
                  <Badge variant="filled" color={editable ? 'efro.7' : 'teal.9'}>
                    {t(`status.${a.status}`)}
                  </Badge>
                  <Text size="sm">{t('layout.call', { code: c.code, title: c.title })}</Text>
                </Group>
                {!editable && (
                  <Alert color="efro" variant="light">
                    {a.status === 'DRAFT' ? t('layout.readOnlyDraft') : t('layout.readOnly')}{' '}
                    {a.status === 'SUBMITTED' && (
                      <Anchor component={Link} to={`/aanvragen/${id}/ontvangstbewijs`}>
                        {t('layout.toReceipt')}
                      </Anchor>
                    )}
                    {['AWARDED', 'RESERVE', 'REJECTED', 'INADMISSIBLE'].includes(a.status) && (
                      <Anchor component={Link} to={`/aanvragen/${id}/resultaat`}>
                        {t('layout.toResult')}
                      </Anchor>
                    )}
                  </Alert>
                )}
                <nav aria-label={t('layout.sections')}>
                  <Group component="ol" gap="md" style={{ listStyle: 'none', margin: 0, padding: 0 }} wrap="wrap">
                    {SECTIONS.map((s, i) => (
                      <li key={s.key}>
                        <Anchor component={NavLink} to={s.to ? `/aanvragen/${id}/${s.to}` : `/aanvragen/${id}`} end={'end' in s} className="nav-link">
                          {i + 1}. {t(`sections.${s.key}`)}
                        </Anchor>
                      </li>
                    ))}
                  </Group>
                </nav>
                <Outlet context={context} />
              </Stack>
            );
          }}
        </QueryState>
      )}
    </QueryState>
  );
}
