import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateShort } from '../../../lib/format';

/** Days left of the payment deadline (CPR art. 74), in words and colour; paid claims say when. */
export function DeadlineBadge({ deadline }: { deadline: { dueDate: string; daysLeft: number; overdue: boolean; paidOn?: string | null } }) {
  const { t } = useTranslation('finance');
  if (deadline.paidOn) return <Badge variant="outline" color="teal.9">{t('deadline.paid', { date: formatDateShort(deadline.paidOn) })}</Badge>;
  const color = deadline.overdue ? 'red.9' : deadline.daysLeft <= 14 ? '#8a3a00' : 'gray.8';
  const text = deadline.overdue
    ? t('deadline.overdue', { count: -deadline.daysLeft, date: formatDateShort(deadline.dueDate) })
    : t('deadline.left', { count: deadline.daysLeft, date: formatDateShort(deadline.dueDate) });
  return (
    <Badge variant="outline" color={color} style={{ textTransform: 'none' }}>
      {text}
    </Badge>
  );
}
