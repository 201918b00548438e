import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.js';
import { formatDateTime, formatRelative } from '../../lib/format.js';
import type { Case } from '../../lib/types.js';

/** The legal deadline (and the incident's operational one) counting down, refreshed every half minute. */
export function Deadline({ kase }: { kase: Case }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const locale = currentLocale();
  const open = !kase.answeredAt && !kase.closedAt && kase.status !== 'merged' && kase.status !== 'rejected';
  const line = (iso: string) => {
    const late = Date.parse(iso) < now;
    return (
      <span className={late && open ? 'bad' : ''}>
        <time dateTime={iso}>{formatDateTime(locale, iso)}</time>
        {open && (
          <>
            {' '}
            ·{' '}
            {late
              ? t('case.overdueBy', { when: formatRelative(locale, iso, now) })
              : t('case.dueIn', { when: formatRelative(locale, iso, now) })}
          </>
        )}
      </span>
    );
  };
  return (
    <dl className="facts deadline" aria-live="off">
      <div>
        <dt>{t('case.deadline')}</dt>
        <dd data-testid="deadline">{line(kase.dueAt)}</dd>
      </div>
      {kase.operationalDueAt && (
        <div>
          <dt>{t('case.operational')}</dt>
          <dd>{line(kase.operationalDueAt)}</dd>
        </div>
      )}
    </dl>
  );
}
