import { Code, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../lib/format';
import { hasRole, useSession } from '../../auth/api/session';
import { TRAIL_READERS, useTrail, type TrailEntry } from '../api/audit';

/**
 * A record's audit trail on its page, for the roles the API lets read it (programme managers,
 * administrators, auditors): who did what and when, oldest first, with the chain position so an
 * entry can be checked against `GET /audit/verification`. Others see nothing and fetch nothing.
 */
export function AuditTrailPanel({ entityType, entityId }: { entityType: string; entityId: string }) {
  const { t } = useTranslation('audit');
  const session = useSession();
  const allowed = hasRole(session.data, ...TRAIL_READERS);
  const trail = useTrail(entityType, entityId, allowed);
  if (!allowed) return null;
  const titleId = `trail-${entityType}`;
  return (
    <section aria-labelledby={titleId}>
      <Title order={2} size="h3" id={titleId} mb="xs">
        {t('title')}
      </Title>
      <QueryState query={trail}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">{t('empty')}</Text>
          ) : (
            <>
              <Table withTableBorder striped captionSide="top" fz="sm">
                <Table.Caption>{t('caption', { count: page.total })}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('when')}</Table.Th>
                    <Table.Th scope="col">{t('who')}</Table.Th>
                    <Table.Th scope="col">{t('what')}</Table.Th>
                    <Table.Th scope="col">{t('details')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('seq')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((e) => (
                    <Table.Tr key={e.seq}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(e.occurredAt)}</Table.Td>
                      <Table.Td>{e.actorEmail ?? (e.actorId ? t('erased') : t('system'))}</Table.Td>
                      <Table.Td>{t(`actions.${e.action}`, { defaultValue: e.action })}</Table.Td>
                      <Table.Td>
                        <Details entry={e} />
                      </Table.Td>
                      <Table.Td ta="right">{e.seq}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {page.total > page.items.length && (
                <Text size="sm" mt="xs">
                  {t('more', { shown: page.items.length, total: page.total })}
                </Text>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}

/** The entry's reason or comment when it has one, else the changed fields as recorded. */
function Details({ entry }: { entry: TrailEntry }) {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const said = ['reason', 'comment', 'question', 'answer'].map((k) => after[k]).find((v): v is string => typeof v === 'string' && v.length > 0);
  if (said) return <Text size="sm">{said}</Text>;
  const status = typeof after.status === 'string' ? after.status : null;
  if (status) return <Code>{status}</Code>;
  return null;
}
