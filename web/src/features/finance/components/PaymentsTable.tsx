import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateShort, formatEuro } from '../../../lib/format';
import type { Payment, PaymentAcrossGrants } from '../api/finance';
import { DeadlineBadge } from './DeadlineBadge';
import { formatIban } from '@shared/domain/iban.rule';
import { MarkPaidDialog } from './MarkPaidDialog';

const STATUS_COLOR = { PLANNED: '#8a3a00', PAID: 'teal.9', CANCELLED: 'gray.7' } as const;

/** Payments with their deadline; a planned one can be marked paid. With grants, each row names its grant. */
export function PaymentsTable({
  payments,
  caption,
  withGrant,
  markPaidBlocked,
}: {
  payments: (Payment | PaymentAcrossGrants)[];
  caption: string;
  withGrant?: boolean;
  /** Why no payment can be marked paid now (the beneficiary's account is not verified); shown in the dialog. */
  markPaidBlocked?: string | null;
}) {
  const { t } = useTranslation('finance');
  const [paying, setPaying] = useState<Payment | null>(null);
  const describe = (p: Payment) => (p.periodNumber ? t('payments.kindPeriod', { kind: t(`kinds.${p.kind}`), n: p.periodNumber }) : t(`kinds.${p.kind}`));
  const grantOf = (p: Payment | PaymentAcrossGrants) => ('grantNumber' in p ? `${p.grantNumber} · ${p.acronym}` : '');
  return (
    <>
      <Table striped withTableBorder>
        <caption>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {withGrant && <Table.Th scope="col">{t('payments.grant')}</Table.Th>}
            <Table.Th scope="col">{t('payments.kind')}</Table.Th>
            <Table.Th scope="col">{t('payments.status')}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              {t('payments.amount')}
            </Table.Th>
            <Table.Th scope="col">{t('payments.planned')}</Table.Th>
            <Table.Th scope="col">{t('payments.deadline')}</Table.Th>
            <Table.Th scope="col">{t('payments.paid')}</Table.Th>
            <Table.Th scope="col">{t('payments.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => (
            <Table.Tr key={p.id}>
              {withGrant && (
                <Table.Td>
                  <Anchor component={Link} to={`/financien/dossiers/${p.grantId}`}>
                    {grantOf(p)}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>{describe(p)}</Table.Td>
              <Table.Td>
                <Badge variant="outline" color={STATUS_COLOR[p.status]}>
                  {t(`paymentStatuses.${p.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                {formatEuro(p.amount)}
                {p.offset > 0 && <Text size="xs">{t('payments.afterOffset', { offset: formatEuro(p.offset), transfer: formatEuro(p.transfer) })}</Text>}
              </Table.Td>
              <Table.Td>{formatDateShort(p.plannedOn)}</Table.Td>
              <Table.Td>{p.dueDate && p.deadline && p.status === 'PLANNED' ? <DeadlineBadge deadline={{ dueDate: p.dueDate, ...p.deadline }} /> : p.dueDate ? formatDateShort(p.dueDate) : '–'}</Table.Td>
              <Table.Td>
                {p.paidOn ? (
                  <>
                    {formatDateShort(p.paidOn)}
                    <Text size="xs">{p.reference}</Text>
                    {p.paidTo && (
                      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                        {t('payments.paidTo', { iban: formatIban(p.paidTo.iban) })}
                      </Text>
                    )}
                  </>
                ) : (
                  '–'
                )}
              </Table.Td>
              <Table.Td>
                {p.status === 'PLANNED' && (
                  <Button size="xs" variant="light" onClick={() => setPaying(p)} aria-label={`${t('payments.markPaid')}: ${withGrant ? `${grantOf(p)}, ` : ''}${describe(p)}, ${formatEuro(p.amount)}`}>
                    {t('payments.markPaid')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <MarkPaidDialog payment={paying} label={paying ? describe(paying) : ''} onClose={() => setPaying(null)} blocked={markPaidBlocked} />
    </>
  );
}
