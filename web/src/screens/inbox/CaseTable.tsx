import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { useCodeLabel } from '../../lib/codes.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { useNames } from '../../lib/reference.js';
import { Link, navigate } from '../../lib/router.js';
import type { Case } from '../../lib/types.js';

interface Props {
  readonly items: readonly Case[];
  readonly fresh: ReadonlySet<number>;
  readonly selected: ReadonlySet<number>;
  readonly cursor: number;
  readonly onCursor: (i: number) => void;
  readonly onToggle: (id: number) => void;
  readonly onToggleAll: (on: boolean) => void;
}

/** The case list: a table on a laptop, cards on a phone (CSS); rows open on click or Enter. */
export function CaseTable({ items, fresh, selected, cursor, onCursor, onToggle, onToggleAll }: Props) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const names = useNames();
  const locale = currentLocale();
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const row = body.current?.querySelectorAll<HTMLTableRowElement>('tr')[cursor];
    if (row && document.activeElement?.closest('tbody') === body.current) row.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);
  // For the bench: the first frame painted with rows (two frames after the commit).
  useEffect(() => {
    if (!items.length || performance.getEntriesByName('tyndau:inbox-rows').length) return;
    requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('tyndau:inbox-rows')));
  }, [items]);
  const all = items.length > 0 && items.every((c) => selected.has(c.id));
  return (
    <table className="grid cases">
      <thead>
        <tr>
          <th scope="col" className="sel">
            <input
              type="checkbox"
              aria-label={t('inbox.selectAll')}
              checked={all}
              onChange={(e) => onToggleAll(e.target.checked)}
            />
          </th>
          <th scope="col">{t('inbox.number')}</th>
          <th scope="col">{t('inbox.registered')}</th>
          <th scope="col">{t('inbox.status')}</th>
          <th scope="col">{t('inbox.kind')}</th>
          <th scope="col">{t('inbox.topic')}</th>
          <th scope="col">{t('inbox.district')}</th>
          <th scope="col">{t('inbox.channel')}</th>
          <th scope="col">{t('inbox.organisation')}</th>
          <th scope="col">{t('inbox.due')}</th>
          <th scope="col">{t('inbox.summary')}</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {items.map((c, i) => (
          <tr
            key={c.id}
            data-testid="case-row"
            data-case-id={c.id}
            tabIndex={i === cursor ? 0 : -1}
            aria-selected={selected.has(c.id)}
            className={[
              i === cursor ? 'cursor' : '',
              fresh.has(c.id) ? 'fresh' : '',
              c.overdue ? 'late' : '',
            ].join(' ')}
            onClick={(e) => {
              onCursor(i);
              if (!(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLAnchorElement))
                navigate(`/cases/${c.id}`);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') navigate(`/cases/${c.id}`);
            }}
          >
            <td className="sel">
              <input
                type="checkbox"
                aria-label={t('inbox.selectRow', { number: c.number })}
                checked={selected.has(c.id)}
                onChange={() => onToggle(c.id)}
              />
            </td>
            <td data-label={t('inbox.number')}>
              <Link to={`/cases/${c.id}`} className="num">
                {c.number}
              </Link>
              {fresh.has(c.id) && <Badge tone="info">{t('inbox.newBadge')}</Badge>}
              {c.isDemo && <Badge tone="plain">{t('app.demoShort')}</Badge>}
            </td>
            <td data-label={t('inbox.registered')}>
              <time dateTime={c.registeredAt}>{formatDateTime(locale, c.registeredAt)}</time>
            </td>
            <td data-label={t('inbox.status')}>
              <span className={`status status-${c.status}`}>{label('status', c.status)}</span>
              {c.escalated && <Badge tone="warn">{t('inbox.escalatedBadge')}</Badge>}
            </td>
            <td data-label={t('inbox.kind')}>{label('kind', c.kind)}</td>
            <td data-label={t('inbox.topic')}>{label('topic', c.topic)}</td>
            <td data-label={t('inbox.district')}>{names.district(c.district) ?? t('common.none')}</td>
            <td data-label={t('inbox.channel')}>{label('channel', c.channel)}</td>
            <td data-label={t('inbox.organisation')}>
              {names.organisation(c.organisationId) ?? t('common.none')}
            </td>
            <td data-label={t('inbox.due')}>
              <time dateTime={c.dueAt}>{formatDate(locale, c.dueAt)}</time>
              {c.overdue && <Badge tone="bad">{t('inbox.overdueBadge')}</Badge>}
              {c.dueSoon && <Badge tone="warn">{t('inbox.dueSoonBadge')}</Badge>}
            </td>
            <td className="summary" data-label={t('inbox.summary')} data-content>
              {c.summary}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
