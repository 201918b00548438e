import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { codeLabel, TOPICS } from '../../lib/codes.js';
import { type Filters, filtersToSearch } from '../../lib/filters.js';
import { durationParts, formatNumber, formatPercent, isoDay } from '../../lib/format.js';
import { useLive } from '../../lib/live.js';
import { nameIn, useReference } from '../../lib/reference.js';
import { navigate } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { fromAnalytics } from './analytics.js';
import { Chart } from './Chart.js';
import { DistrictMap } from './DistrictMap.js';
import { ANSWERED, type DashboardData, fromCases, type Period } from './data.js';
import { barOption, sentimentOption, stackedOption } from './options.js';
import { type Kpi, Kpis, VolumeTable } from './Panels.js';
import { RisingPanel } from './RisingPanel.js';

const PERIODS = { d7: 7, d30: 30, d90: 90, d365: 365 } as const;
type PeriodKey = keyof typeof PERIODS;

function periodOf(key: PeriodKey): Period {
  const to = new Date();
  const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - PERIODS[key] + 1);
  return { from: isoDay(from), to: isoDay(to) };
}

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const ref = useReference();
  const locale = currentLocale();
  const [key, setKey] = useState<PeriodKey>('d30');
  const [shade, setShade] = useState<'volume' | 'per10k'>('volume');
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const period = useMemo(() => periodOf(key), [key]);
  const codes = ref.districts.map((d) => d.code).join(',');
  const mentions = can('signals:read');
  const analytics = can('analytics:read');
  const cases = can('cases:read');
  const seq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const districts = codes ? codes.split(',') : [];
      // The analytics API (rollups) when the role may read it; the case list's counts otherwise.
      const d = analytics
        ? await fromAnalytics(period, districts, TOPICS, cases)
        : await fromCases(period, districts, mentions);
      if (mine !== seq.current) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (mine === seq.current) setError(err);
    }
  }, [period, codes, mentions, analytics, cases]);
  useEffect(() => {
    void load();
  }, [load]);
  // Cases change all day: the figures follow a few seconds after.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLive((e) => {
    if (e.type !== 'case' || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, 3000);
  });
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);

  const drill = (f: Filters) =>
    navigate(`/inbox${filtersToSearch({ ...f, from: period.from, to: period.to })}`);
  const population = new Map(ref.districts.map((d) => [d.code, d.population]));
  const districtName = (code: string) => {
    const d = ref.districts.find((x) => x.code === code);
    return d ? nameIn(d.name) : code;
  };
  if (error) return <ErrorNote error={error} />;
  if (!data) return <Loading />;
  const n = (v: number) => formatNumber(locale, v);
  const pct = (v: number | null) => (v === null ? t('common.none') : formatPercent(locale, v));
  const dur = (ms: number | null) =>
    ms === null
      ? t('common.none')
      : t(`dashboard.${durationParts(ms).unit}`, { value: n(durationParts(ms).value) });
  const kpis: Kpi[] = [
    { key: 'received', label: t('dashboard.received'), value: n(data.total), onPick: () => drill({}) },
    {
      key: 'answered',
      label: t('dashboard.answered'),
      value: n(data.answered),
      onPick: () => drill({ status: ANSWERED }),
    },
    { key: 'median', label: t('dashboard.medianAnswer'), value: dur(data.medianAnswerMs) },
    { key: 'ontime', label: t('dashboard.onTime'), value: pct(data.onTimeShare) },
    {
      key: 'overdue',
      label: t('dashboard.overdueNow'),
      value: n(data.overdueNow),
      onPick: () => navigate('/inbox?overdue=true'),
    },
    { key: 'repeat', label: t('dashboard.repeatRate'), value: pct(data.repeatShare) },
    { key: 'solved', label: t('dashboard.satisfaction'), value: pct(data.solvedShare) },
  ];
  const shades = data.byDistrict.map((r) => {
    const per = population.get(r.code) ? (r.received / population.get(r.code)!) * 10_000 : 0;
    const value = shade === 'volume' ? r.received : per;
    return {
      code: r.code,
      name: districtName(r.code),
      value,
      text: shade === 'volume' ? n(r.received) : formatNumber(locale, per, 1),
    };
  });
  const labels = {
    answered: t('dashboard.answered'),
    unanswered: t('dashboard.unanswered'),
    received: t('dashboard.received'),
  };

  return (
    <div className="dashboard" key={i18n.language}>
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <div className="field inline">
          <label htmlFor="dash-period">{t('dashboard.period')}</label>
          <select id="dash-period" value={key} onChange={(e) => setKey(e.target.value as PeriodKey)}>
            {(Object.keys(PERIODS) as PeriodKey[]).map((k) => (
              <option key={k} value={k}>
                {t(`dashboard.periods.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {data.sample !== null && (
        <p className="muted small">{t('dashboard.estimated', { count: n(data.sample) })}</p>
      )}
      <Kpis items={kpis} />
      {analytics && <RisingPanel />}
      <div className="dash-grid">
        <section className="panel wide" aria-labelledby="by-channel-title">
          <h2 id="by-channel-title">{t('dashboard.byChannel')}</h2>
          <Chart
            label={t('dashboard.byChannel')}
            option={stackedOption(data.byChannel, (c) => codeLabel('channel', c), labels)}
            onPick={(i, series) => {
              const code = data.byChannel[i]?.code;
              if (code) drill({ channel: code, ...(series === 0 ? { status: ANSWERED } : {}) });
            }}
          />
          <VolumeTable
            id="t-channel"
            title={t('dashboard.byChannel')}
            rows={data.byChannel}
            name={(c) => codeLabel('channel', c)}
            onPick={(c) => drill({ channel: c })}
          />
        </section>
        <section className="panel" aria-labelledby="by-kind-title">
          <h2 id="by-kind-title">{t('dashboard.byKind')}</h2>
          <Chart
            label={t('dashboard.byKind')}
            option={stackedOption(data.byKind, (c) => codeLabel('kind', c), labels)}
            onPick={(i) => drill({ kind: data.byKind[i]?.code })}
          />
          <VolumeTable
            id="t-kind"
            title={t('dashboard.byKind')}
            rows={data.byKind}
            name={(c) => codeLabel('kind', c)}
            onPick={(c) => drill({ kind: c })}
          />
        </section>
        <section className="panel" aria-labelledby="by-topic-title">
          <h2 id="by-topic-title">{t('dashboard.byTopic')}</h2>
          <Chart
            label={t('dashboard.byTopic')}
            height={420}
            option={barOption(data.byTopic, (c) => codeLabel('topic', c), labels.received)}
            onPick={(i) =>
              drill({ topic: [...data.byTopic].sort((a, b) => a.received - b.received)[i]?.code })
            }
          />
        </section>
        <section className="panel wide" aria-labelledby="by-district-title">
          <h2 id="by-district-title">{t('dashboard.byDistrict')}</h2>
          <div className="field inline" role="radiogroup" aria-label={t('dashboard.shadeBy')}>
            <span>{t('dashboard.shadeBy')}:</span>
            {(['volume', 'per10k'] as const).map((s) => (
              <label key={s} className="radio">
                <input
                  type="radio"
                  name="shade"
                  value={s}
                  checked={shade === s}
                  onChange={() => setShade(s)}
                />{' '}
                {t(`dashboard.${s}`)}
              </label>
            ))}
          </div>
          <div className="map-row">
            <DistrictMap
              shades={shades}
              label={t('dashboard.map')}
              onPick={(code) => drill({ district: code })}
            />
            <VolumeTable
              id="t-district"
              title={t('dashboard.byDistrict')}
              rows={data.byDistrict}
              name={districtName}
              onPick={(c) => drill({ district: c })}
              population={population}
            />
          </div>
        </section>
        {data.sentiment.length > 0 && (
          <section className="panel wide" aria-labelledby="sentiment-title">
            <h2 id="sentiment-title">{t('dashboard.sentimentTrend')}</h2>
            <Chart
              label={t('dashboard.sentimentTrend')}
              option={sentimentOption(data.sentiment, locale, (s) => codeLabel('sentiment', s))}
            />
          </section>
        )}
      </div>
    </div>
  );
}
