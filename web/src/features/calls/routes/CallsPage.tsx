import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { BrusselsInstant, TimeLeft } from '../../../components/TimeLeft';
import { hasRole, useSession } from '../../auth/api/session';
import { CALLS_PAGE_SIZE, useCalls } from '../api/calls';

/** Every call the API lists for this user, a page at a time (paged by the service, not here). */
export function CallsPage() {
  const { t } = useTranslation('calls');
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('pagina')) || 1);
  const calls = useCalls(page);
  const goTo = (next: number) => setParams(next === 1 ? {} : { pagina: String(next) });
  const session = useSession();
  const editor = hasRole(session.data, 'PROGRAMME_MANAGER', 'ADMIN');

  return (
    <section>
      <PageTitle>{t('list.title')}</PageTitle>
      {editor && (
        <Button component={Link} to="/beheer/oproepen/nieuw" mb="md">
          {t('editor.newCall')}
        </Button>
      )}
      <QueryState query={calls}>
        {(data) => {
          // While the next page loads the previous one stays on screen (keepPreviousData), so the
          // label and buttons follow the page the rows belong to, not the address bar.
          const pages = Math.max(1, Math.ceil(data.total / CALLS_PAGE_SIZE));
          const shown = data.page;
          return (
            <>
              {data.items.length === 0 ? (
                <Text>{t('list.empty')}</Text>
              ) : (
                <Table withTableBorder striped captionSide="top" aria-busy={calls.isPlaceholderData}>
                  <Table.Caption>{t('list.caption', { count: data.total })}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('list.call')}</Table.Th>
                      <Table.Th scope="col">{t('list.status')}</Table.Th>
                      <Table.Th scope="col">{t('list.opens')}</Table.Th>
                      <Table.Th scope="col">{t('list.closes')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((call) => (
                      <Table.Tr key={call.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/oproepen/${call.id}`}>
                            {call.title}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {call.code}
                          </Text>
                          {editor && (
                            <Anchor component={Link} to={`/beheer/oproepen/${call.id}`} size="sm" aria-label={t(call.status === 'DRAFT' ? 'editor.editOf' : 'editor.rulesOf', { code: call.code })}>
                              {t(call.status === 'DRAFT' ? 'editor.edit' : 'editor.rules')}
                            </Anchor>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={call.status === 'OPEN' ? 'green.2' : 'gray.2'} autoContrast>
                            {t(`status.${call.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <BrusselsInstant at={call.opensAt} />
                        </Table.Td>
                        <Table.Td>
                          <BrusselsInstant at={call.closesAt} />
                          {call.status === 'OPEN' && (
                            <Text size="sm">
                              <TimeLeft until={call.closesAt} />
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {pages > 1 && (
                <nav aria-label={t('list.pagination')}>
                  <Group mt="md" gap="sm">
                    <Button variant="default" disabled={shown <= 1 || calls.isPlaceholderData} onClick={() => goTo(shown - 1)}>
                      {t('list.previous')}
                    </Button>
                    <Text aria-live="polite">{t('list.pageOf', { page: shown, pages })}</Text>
                    <Button variant="default" disabled={shown >= pages || calls.isPlaceholderData} onClick={() => goTo(shown + 1)}>
                      {t('list.next')}
                    </Button>
                  </Group>
                </nav>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
