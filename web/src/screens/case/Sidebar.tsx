import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.js';
import { codeLabel, useCodeLabel } from '../../lib/codes.js';
import { formatDateTime } from '../../lib/format.js';
import { useNames } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import type { Case, CaseEvent, OutboxMessage } from '../../lib/types.js';

/** Who did it: the system, the applicant, or a staff account (by name when known). */
export function Actor({ actor }: { actor: string }) {
  const { t } = useTranslation();
  const names = useNames();
  if (actor === 'system' || actor === 'citizen') return <span className="muted">{t(`actors.${actor}`)}</span>;
  const user = /^user:(\d+)$/.exec(actor);
  const name = user ? names.executor(Number(user[1])) : null;
  return (
    <span className="muted" data-content>
      {name && !name.startsWith('#') ? name : actor}
    </span>
  );
}

/** What was sent to the citizen and where each message stands. */
export function Delivery({ messages }: { messages: readonly OutboxMessage[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const locale = currentLocale();
  if (!messages.length) return null;
  return (
    <section aria-labelledby="delivery-title" className="panel">
      <h2 id="delivery-title">{t('case.delivery')}</h2>
      <ul className="plain">
        {messages.map((m) => (
          <li key={m.id} className="delivery-row">
            <span>{label('purpose', m.purpose)}</span>
            <span className={`delivery delivery-${m.status}`}>{label('delivery', m.status)}</span>
            <time className="muted" dateTime={m.deliveredAt ?? m.sentAt ?? m.createdAt}>
              {formatDateTime(locale, m.readAt ?? m.deliveredAt ?? m.sentAt ?? m.createdAt)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Repeats of this case and cases merged with it. */
export function Related({ kase, related }: { kase: Case; related: readonly Case[] }) {
  const { t } = useTranslation();
  if (!related.length) return null;
  const how = (r: Case) =>
    r.id === kase.repeatOf
      ? t('case.repeatOf', { number: r.number })
      : r.id === kase.mergedInto
        ? t('case.mergedInto', { number: r.number })
        : r.repeatOf === kase.id
          ? t('case.repeatOf', { number: kase.number })
          : t('case.mergedInto', { number: kase.number });
  return (
    <section aria-labelledby="related-title" className="panel">
      <h2 id="related-title">{t('case.related')}</h2>
      <ul className="plain">
        {related.map((r) => (
          <li key={r.id}>
            <Link to={`/cases/${r.id}`}>{r.number}</Link> <span className="muted">{how(r)}</span> ·{' '}
            {codeLabel('status', r.status)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The audit history of the case: every event with who and when. */
export function History({ events }: { events: readonly CaseEvent[] }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const locale = currentLocale();
  const title = (e: CaseEvent) => {
    const key = `events.${e.type}`;
    const s = t(key);
    return s === key ? t('events.other') : s;
  };
  return (
    <section aria-labelledby="history-title" className="panel">
      <h2 id="history-title">{t('case.history')}</h2>
      <ol className="history">
        {[...events].reverse().map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time>
            <strong>{title(e)}</strong>
            {e.toStatus && (
              <span>
                {e.fromStatus ? `${label('status', e.fromStatus)} → ` : ''}
                {label('status', e.toStatus)}
              </span>
            )}
            <Actor actor={e.actor} />
            {e.reason && <q data-content>{e.reason}</q>}
          </li>
        ))}
      </ol>
    </section>
  );
}
