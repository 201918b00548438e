import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.js';
import { useCodeLabel } from '../../lib/codes.js';
import { formatDateTime } from '../../lib/format.js';
import type { OutboxMessage, Signal } from '../../lib/types.js';

type Item = { at: string; inbound: Signal } | { at: string; outbound: OutboxMessage };

/** The whole conversation across channels as one thread: the citizen's messages and what we sent. */
export function Thread({
  thread,
  messages,
}: {
  thread: readonly Signal[];
  messages: readonly OutboxMessage[];
}) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const locale = currentLocale();
  const items: Item[] = [
    ...thread.map((s) => ({ at: s.receivedAt, inbound: s })),
    ...messages.map((m) => ({ at: m.createdAt, outbound: m })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="thread-title" className="panel">
      <h2 id="thread-title">{t('case.thread')}</h2>
      <ol className="thread">
        {items.map((i) =>
          'inbound' in i ? (
            <li key={`s${i.inbound.id}`} className="msg in">
              <div className="msg-meta">
                <span>{label('channel', i.inbound.channel)}</span>
                <time dateTime={i.at}>{formatDateTime(locale, i.at)}</time>
                {i.inbound.lang && <span>{label('language', i.inbound.lang)}</span>}
              </div>
              <p className="msg-text" data-content>
                {i.inbound.text}
              </p>
              {i.inbound.address && (
                <p className="muted">
                  {t('case.address')}: <span data-content>{i.inbound.address}</span>
                </p>
              )}
              {i.inbound.attachments.length > 0 && (
                <p className="muted">{t('case.attachments', { count: i.inbound.attachments.length })}</p>
              )}
            </li>
          ) : (
            <li key={`m${i.outbound.id}`} className="msg out">
              <div className="msg-meta">
                <span>{label('purpose', i.outbound.purpose)}</span>
                <time dateTime={i.at}>{formatDateTime(locale, i.at)}</time>
                <span className={`delivery delivery-${i.outbound.status}`}>
                  {label('delivery', i.outbound.status)}
                </span>
              </div>
              <p className="msg-text" data-content>
                {i.outbound.text}
              </p>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
