import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { useCodeLabel } from '../../lib/codes.js';
import { formatDateTime } from '../../lib/format.js';
import { useNames } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import type { Signal } from '../../lib/types.js';

/** Every inbound item, newest first: appeals, mentions and items that were not appeals. */
export function SignalTable({ items, fresh }: { items: readonly Signal[]; fresh: ReadonlySet<number> }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const names = useNames();
  const locale = currentLocale();
  const statusWord = (s: string) => {
    const key = `signals.status.${s}`;
    const v = t(key);
    return v === key ? s : v;
  };
  return (
    <table className="grid signals">
      <thead>
        <tr>
          <th scope="col">{t('signals.received')}</th>
          <th scope="col">{t('inbox.channel')}</th>
          <th scope="col">{t('inbox.status')}</th>
          <th scope="col">{t('inbox.kind')}</th>
          <th scope="col">{t('inbox.topic')}</th>
          <th scope="col">{t('inbox.district')}</th>
          <th scope="col">{t('signals.case')}</th>
          <th scope="col">{t('signals.text')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id} data-testid="signal-row" className={fresh.has(s.id) ? 'fresh' : ''}>
            <td data-label={t('signals.received')}>
              <time dateTime={s.receivedAt}>{formatDateTime(locale, s.receivedAt)}</time>
              {fresh.has(s.id) && <Badge tone="info">{t('inbox.newBadge')}</Badge>}
              {s.isDemo && <Badge tone="plain">{t('app.demoShort')}</Badge>}
            </td>
            <td data-label={t('inbox.channel')}>{label('channel', s.channel)}</td>
            <td data-label={t('inbox.status')}>{statusWord(s.status)}</td>
            <td data-label={t('inbox.kind')}>{label('kind', s.kind)}</td>
            <td data-label={t('inbox.topic')}>{label('topic', s.topic)}</td>
            <td data-label={t('inbox.district')}>{names.district(s.district) ?? t('common.none')}</td>
            <td data-label={t('signals.case')}>
              {s.caseId ? <Link to={`/cases/${s.caseId}`}>#{s.caseId}</Link> : t('common.none')}
            </td>
            <td className="summary" data-label={t('signals.text')} data-content>
              {s.text}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
