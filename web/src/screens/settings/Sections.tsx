import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { type CodeGroup, codeLabel } from '../../lib/codes.js';
import { formatDate } from '../../lib/format.js';
import { useNames } from '../../lib/reference.js';
import type { Template } from '../../lib/types.js';
import { ItemsState, useItems } from './Settings.js';

interface Rule {
  readonly id: number;
  readonly priority: number;
  readonly name: string;
  readonly conditions: Record<string, unknown>;
  readonly organisationId: number;
  readonly executorId: number | null;
  readonly strategy: string;
  readonly active: boolean;
}

const CONDITION_GROUPS: Record<string, CodeGroup | 'district' | null> = {
  topic: 'topic',
  topics: 'topic',
  kind: 'kind',
  kinds: 'kind',
  channel: 'channel',
  channels: 'channel',
  urgency: 'urgency',
  urgencies: 'urgency',
  district: 'district',
  districts: 'district',
};

const CONDITION_TITLES: Record<string, string> = {
  topics: 'inbox.topic',
  kinds: 'inbox.kind',
  districts: 'inbox.district',
  channels: 'inbox.channel',
  urgencies: 'inbox.urgency',
  keywords: 'settings.keywords',
};

export function RoutingSection() {
  const { t } = useTranslation();
  const conditionName = (k: string) => (CONDITION_TITLES[k] ? t(CONDITION_TITLES[k]) : k);
  const names = useNames();
  const { items, error } = useItems<Rule>('/api/settings/routing');
  const words = (key: string, v: unknown): string => {
    const list = Array.isArray(v) ? v : [v];
    const group = CONDITION_GROUPS[key];
    return list
      .map((x) =>
        group === 'district'
          ? (names.district(String(x)) ?? String(x))
          : group
            ? codeLabel(group, String(x))
            : String(x),
      )
      .join(', ');
  };
  return (
    <>
      <ItemsState error={error} loading={items === null} />
      <table className="grid">
        <caption className="sr-only">{t('settings.routing')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('settings.priority')}</th>
            <th scope="col">{t('settings.rule')}</th>
            <th scope="col">{t('settings.conditions')}</th>
            <th scope="col">{t('case.organisation')}</th>
            <th scope="col">{t('settings.strategy')}</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((r) => (
            <tr key={r.id} className={r.active ? '' : 'muted'}>
              <td data-label={t('settings.priority')}>{r.priority}</td>
              <td data-label={t('settings.rule')} data-content>
                {r.name}
              </td>
              <td data-label={t('settings.conditions')}>
                <ul className="plain">
                  {Object.entries(r.conditions).map(([k, v]) => (
                    <li key={k}>
                      {conditionName(k)}:{' '}
                      <span data-content={CONDITION_GROUPS[k] ? undefined : true}>{words(k, v)}</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label={t('case.organisation')}>{names.organisation(r.organisationId)}</td>
              <td data-label={t('settings.strategy')}>{t(`settings.strategies.${r.strategy}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function TemplatesSection() {
  const { t } = useTranslation();
  const { items, error } = useItems<Template>('/api/templates');
  return (
    <>
      <ItemsState error={error} loading={items === null} />
      <ul className="plain templates">
        {(items ?? []).map((x) => (
          <li key={x.id} className="panel">
            <div className="msg-meta">
              <code>{x.code}</code>
              <span>{codeLabel('purpose', x.purpose)}</span>
              <span>{codeLabel('language', x.lang)}</span>
              {!x.active && <Badge>{t('common.no')}</Badge>}
            </div>
            <pre className="preview-text" data-content>
              {x.body}
            </pre>
          </li>
        ))}
      </ul>
    </>
  );
}

interface CalendarEntry {
  readonly date: string;
  readonly type: 'holiday' | 'transfer';
  readonly name: string;
  readonly workingDate: string | null;
}

export function CalendarSection() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { items, error } = useItems<CalendarEntry>('/api/settings/calendar');
  const day = (d: string) => formatDate(locale, `${d}T12:00:00Z`);
  return (
    <>
      <ItemsState error={error} loading={items === null} />
      <table className="grid">
        <caption className="sr-only">{t('settings.calendar')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('settings.date')}</th>
            <th scope="col">{t('settings.kind')}</th>
            <th scope="col">{t('settings.name')}</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((e) => (
            <tr key={`${e.date}-${e.type}`}>
              <td data-label={t('settings.date')}>{day(e.date)}</td>
              <td data-label={t('settings.kind')}>
                {e.type === 'holiday' ? t('settings.holiday') : t('settings.transfer')}
                {e.workingDate && (
                  <span className="muted"> · {t('settings.workingDay', { date: day(e.workingDate) })}</span>
                )}
              </td>
              <td data-label={t('settings.name')} data-content>
                {e.name}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface ChannelState {
  readonly channel: string;
  readonly ready: boolean;
  readonly secrets: Record<string, boolean>;
}

export function ChannelsSection() {
  const { t } = useTranslation();
  const { items, error } = useItems<ChannelState>('/api/settings/channels');
  return (
    <>
      <ItemsState error={error} loading={items === null} />
      <ul className="cards">
        {(items ?? []).map((c) => (
          <li key={c.channel} className="card" data-testid={`channel-${c.channel}`}>
            <h2 className="small-title">
              {codeLabel('channel', c.channel)}{' '}
              <Badge tone={c.ready ? 'ok' : 'warn'}>
                {c.ready ? t('settings.ready') : t('settings.notReady')}
              </Badge>
            </h2>
            <ul className="plain">
              {Object.entries(c.secrets).map(([k, set]) => (
                <li key={k}>
                  {t(`settings.secrets.${k}`)}:{' '}
                  <strong className={set ? 'ok' : 'bad'}>
                    {set ? t('settings.set') : t('settings.missing')}
                  </strong>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
