import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, ErrorNote, Loading } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api, qs } from '../../lib/api.js';
import { CHANNELS, codeLabel, SENTIMENTS, TOPICS } from '../../lib/codes.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { useLive } from '../../lib/live.js';
import { nameIn, useNames, useReference } from '../../lib/reference.js';
import { Link } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import type { Case, Reach } from '../../lib/types.js';
import { useList } from '../inbox/useList.js';

/** One item of GET /api/mentions: labels and the redacted text, never the author. */
interface Mention {
  readonly id: number;
  readonly channel: string;
  readonly receivedAt: string;
  readonly text: string | null;
  readonly topic: string | null;
  readonly sentiment: string | null;
  readonly district: string | null;
  readonly reach: Reach | null;
  readonly storyId: number | null;
  readonly caseId: number | null;
  readonly isDemo: boolean;
}

/** A local day's start as an instant (the `to` day is included: its end is the next day's start). */
const dayStart = (day: string, plus = 0) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plus);
  return d.toISOString();
};

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
  const ref = useReference();
  const [channel, setChannel] = useState('');
  const [sentiment, setSentiment] = useState('');
  const [topic, setTopic] = useState('');
  const [district, setDistrict] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [made, setMade] = useState<Record<number, Case>>({});
  const [error, setError] = useState<unknown>(null);
  const filters = { channel, topic, sentiment, district, from: dayStart(from), to: dayStart(to, 1) };
  const list = useList<Mention>(
    JSON.stringify(filters),
    (cursor) => `/api/mentions${qs({ ...filters, limit: 50, cursor })}`,
  );
  useLive((e) => {
    if (e.type === 'signal' && e.status === 'mention') void list.refresh();
  });
  const makeCase = async (s: Mention) => {
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
        {select(
          'mon-district',
          t('inbox.district'),
          district,
          setDistrict,
          ref.districts.map((d) => [d.code, nameIn(d.name)]),
          t('common.all'),
        )}
        <div className="field">
          <label htmlFor="mon-from">{t('common.from')}</label>
          <input
            id="mon-from"
            type="date"
            value={from}
            max={to || undefined}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="mon-to">{t('common.to')}</label>
          <input
            id="mon-to"
            type="date"
            value={to}
            min={from || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </search>
      <ErrorNote error={error ?? list.error} onDismiss={() => setError(null)} />
      {list.loading && !list.items.length ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p className="muted">{t('monitoring.noMentions')}</p>
      ) : (
        <ul className="cards">
          {list.items.map((s) => (
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
                {s.storyId !== null && <Badge tone="info">{t('monitoring.story', { id: s.storyId })}</Badge>}
                {s.isDemo && <Badge tone="info">{t('app.demo')}</Badge>}
              </div>
              <p className="msg-text" data-content>
                {s.text ?? <span className="muted">{t('monitoring.notRedacted')}</span>}
              </p>
              <div className="row wrap">
                <ReachLine reach={s.reach} />
                {made[s.id] ? (
                  <Link to={`/cases/${made[s.id]!.id}`}>
                    {t('monitoring.madeCase', { number: made[s.id]!.number })}
                  </Link>
                ) : s.caseId ? (
                  can('cases:read') ? (
                    <Link to={`/cases/${s.caseId}`}>{t('signals.status.case')}</Link>
                  ) : (
                    <span className="muted">{t('signals.status.case')}</span>
                  )
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
