import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstant, timeLeft } from '../lib/format';

/** The browser's clock, re-read every minute so a countdown stays current on an open page. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "nog 12 dagen en 3 uur" until an instant, or "gesloten" once it has passed. */
export function TimeLeft({ until }: { until: string }) {
  const { t } = useTranslation('time');
  const now = useNow();
  const left = timeLeft(until, now);
  if (left.passed) return <span>{t('passed')}</span>;
  const days = t('days', { count: left.days });
  const hours = t('hours', { count: left.hours });
  if (left.days === 0) return <span>{t('left', { amount: hours })}</span>;
  return <span>{t('left', { amount: left.hours === 0 ? days : t('and', { first: days, second: hours }) })}</span>;
}

/** An instant in Brussels time with the zone named: "30/09/2020 17:00 (Brusselse tijd)". */
export function BrusselsInstant({ at }: { at: string }) {
  const { t } = useTranslation('time');
  return <time dateTime={at}>{t('brussels', { instant: formatInstant(at) })}</time>;
}
