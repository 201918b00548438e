import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, ErrorNote, Loading } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api, qs } from '../../lib/api.js';
import { CHANNELS, codeLabel, SENTIMENTS, TOPICS } from '../../lib/codes.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { useLive } from '../../lib/live.js';
import { useNames } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import type { Case, Reach, Signal } from '../../lib/types.js';
import { useList } from '../inbox/useList.js';

const REACH_KEYS = ['followers', 'views', 'likes', 'comments', 'shares'] as const;

function ReachLine({ reach }: { reach: Reach | null }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (!reach) return null;
  const parts = REACH_KEYS.filter((k) => typeof reach[k] === 'number').map(
    (k) => `${formatNumber(locale, reach[k] as number)} ${t(`monitoring.${k}`)}`,
  );
  return parts.length ? (
    <span className="reach">
      {t('monitoring.reach')}: {parts.join(' · ')}
    </span>
  ) : null;
}

/** Social-media and news mentions with reach, sentiment and topic; one click turns one into a case. */
export default function Monitoring() {
  const { t } = useTranslation();
  const { can } = useSession();
  const names = useNames();
  const locale = currentLocale();
  const [channel, setChannel] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [topic, setTopic] = useState('');
  const [made, setMade] = useState<Record<number, Case>>({});
  const [error, setError] = useState<unknown>(null);
  const list = useList<Signal>(
    `mentions:${channel}`,
    (offset) =>
      `/api/signals${qs({ status: 'mention', channel: channel || undefined, limit: 100, offset: offset ?? undefined })}`,
  );
  useLive((e) => {
    if (e.type === 'signal' && e.status === 'mention') void list.refresh();
  });
  const shown = list.items.filter(
    (s) => (!sentiment || s.sentiment === sentiment) && (!topic || s.topic === topic),
  );
  const makeCase = async (s: Signal) => {
    setError(null);
    try {
      const c = await api<Case>('/api/cases', { method: 'POST', body: { signalId: s.id } });
      setMade((m) => ({ ...m, [s.id]: c }));
    } catch (err) {
      setError(err);
    }
  };
  const select = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    opts: ReadonlyArray<[string, string]>,
    any: string,
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{any}</option>
        {opts.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="monitoring">
      <div className="page-head">
        <h1>{t('monitoring.title')}</h1>
        <span className="muted">{t('inbox.found', { count: formatNumber(locale, list.total) })}</span>
      </div>
      <search className="filters" aria-label={t('inbox.filters')}>
        {select(
          'mon-channel',
          t('inbox.channel'),
          channel,
          setChannel,
          CHANNELS.map((c) => [c, codeLabel('channel', c)]),
          t('common.all'),
        )}
        {select(
          'mon-sentiment',
          t('inbox.sentiment'),
          sentiment,
          setSentiment,
          SENTIMENTS.map((c) => [c, codeLabel('sentiment', c)]),
          t('monitoring.anySentiment'),
        )}
        {select(
          'mon-topic',
          t('inbox.topic'),
          topic,
          setTopic,
          TOPICS.map((c) => [c, codeLabel('topic', c)]),
          t('common.all'),
        )}
      </search>
      <ErrorNote error={error ?? list.error} onDismiss={() => setError(null)} />
      {list.loading && !list.items.length ? (
        <Loading />
      ) : shown.length === 0 ? (
        <p className="muted">{t('monitoring.noMentions')}</p>
      ) : (
        <ul className="cards">
          {shown.map((s) => (
            <li
              key={s.id}
              className={`card mention sentiment-${s.sentiment ?? 'none'}`}
              data-testid="mention"
            >
              <div className="msg-meta">
                <span>{codeLabel('channel', s.channel)}</span>
                <time dateTime={s.receivedAt}>{formatDateTime(locale, s.receivedAt)}</time>
                {s.sentiment && (
                  <Badge
                    tone={s.sentiment === 'negative' ? 'bad' : s.sentiment === 'positive' ? 'ok' : 'plain'}
                  >
                    {codeLabel('sentiment', s.sentiment)}
                  </Badge>
                )}
                {s.topic && <Badge>{codeLabel('topic', s.topic)}</Badge>}
                {s.district && <Badge>{names.district(s.district)}</Badge>}
                {s.isDemo && <Badge tone="info">{t('app.demo')}</Badge>}
              </div>
              <p className="msg-text" data-content>
                {s.text}
              </p>
              <div className="row wrap">
                <ReachLine reach={s.reach} />
                {made[s.id] ? (
                  <Link to={`/cases/${made[s.id]!.id}`}>
                    {t('monitoring.madeCase', { number: made[s.id]!.number })}
                  </Link>
                ) : s.caseId ? (
                  <Link to={`/cases/${s.caseId}`}>{t('signals.status.case')}</Link>
                ) : (
                  can('cases:write') && (
                    <button type="button" onClick={() => void makeCase(s)}>
                      {t('monitoring.makeCase')}
                    </button>
                  )
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.next && (
        <button type="button" className="secondary more" onClick={() => void list.loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
