import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/common.js';
import { currentLang, currentLocale } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { codeLabel } from '../../lib/codes.js';
import { formatDateTime, formatNumber } from '../../lib/format.js';
import { useLive } from '../../lib/live.js';
import { useNames } from '../../lib/reference.js';
import { useSession } from '../../lib/session.js';
import type { Names } from '../../lib/types.js';

interface Anomaly {
  readonly type: string;
  readonly topic: string | null;
  readonly district: string | null;
  readonly score: number;
  readonly explanation: Partial<Names>;
  readonly detectedAt: string;
}

interface Alert {
  readonly id: number;
  readonly severity: string;
  readonly explanation: Partial<Names>;
  readonly lastSeen: string;
  readonly ackedAt: string | null;
}

interface Story {
  readonly id: number;
  readonly title: string;
  readonly topic: string | null;
  readonly district: string | null;
  readonly size: number;
  readonly growth: { readonly last3h: number; readonly previous3h: number };
}

const TONE: Record<string, 'plain' | 'warn' | 'bad' | 'info'> = {
  low: 'plain',
  medium: 'info',
  high: 'warn',
  critical: 'bad',
};

/** What is rising now: open alerts, spikes and shifts (explained in the interface language), stories. */
export function RisingPanel() {
  const { t } = useTranslation();
  const { can } = useSession();
  const names = useNames();
  const locale = currentLocale();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [anomalies, setAnomalies] = useState<Anomaly[]>([]);
  const [stories, setStories] = useState<Story[]>([]);
  const load = useCallback(() => {
    const items = <T,>(path: string) =>
      api<{ items: T[] }>(path).then(
        (r) => r.items,
        () => [] as T[],
      );
    void items<Alert>('/api/alerts?status=unacked&limit=10').then(setAlerts);
    void items<Anomaly>('/api/analytics/anomalies').then((a) => setAnomalies(a.slice(0, 8)));
    void items<Story>('/api/analytics/stories?limit=5').then(setStories);
  }, []);
  useEffect(() => {
    load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);
  // A raised or grown alert shows at once (the live feed), not at the next minute's reload.
  useLive((e) => {
    if (e.type === 'alert') load();
  });
  const text = (x: Partial<Names>) => x[currentLang()] ?? x.ru ?? '';
  const ack = async (id: number) => {
    await api(`/api/alerts/${id}/ack`, { method: 'POST' }).catch(() => undefined);
    load();
  };
  const place = (topic: string | null, district: string | null) =>
    [topic ? codeLabel('topic', topic) : null, names.district(district)].filter(Boolean).join(' · ');
  const nothing = !alerts.length && !anomalies.length && !stories.length;
  return (
    <section className="panel wide rising" aria-labelledby="rising-title">
      <h2 id="rising-title">{t('dashboard.rising')}</h2>
      {nothing && <p className="muted">{t('dashboard.nothingRising')}</p>}
      <ul className="plain">
        {alerts.map((a) => (
          <li key={`a${a.id}`} className="rising-row">
            <Badge tone={TONE[a.severity] ?? 'plain'}>{t('dashboard.alert')}</Badge>
            <span data-content>{text(a.explanation)}</span>
            <time className="muted" dateTime={a.lastSeen}>
              {formatDateTime(locale, a.lastSeen)}
            </time>
            {can('alerts:write') && (
              <button type="button" className="secondary" onClick={() => void ack(a.id)}>
                {t('dashboard.ack')}
              </button>
            )}
          </li>
        ))}
        {anomalies.map((a) => (
          <li key={`n${a.type}${a.topic}${a.district}${a.detectedAt}`} className="rising-row">
            <Badge tone="warn">{t('dashboard.spike')}</Badge>
            <span>{place(a.topic, a.district)}</span>
            <span data-content>{text(a.explanation)}</span>
          </li>
        ))}
        {stories.map((s) => (
          <li key={`s${s.id}`} className="rising-row">
            <Badge tone="info">{t('dashboard.story', { count: formatNumber(locale, s.size) })}</Badge>
            <span>{place(s.topic, s.district)}</span>
            <span data-content>{s.title}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
