import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.js';
import { formatNumber, formatPercent } from '../../lib/format.js';
import type { Count } from './data.js';

interface TableProps {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly Count[];
  readonly name: (code: string) => string;
  readonly onPick: (code: string) => void;
  /** Population per code: adds a "per 10,000 residents" column. */
  readonly population?: ReadonlyMap<string, number>;
}

/** The study's table shapes: received, answered, not answered and the share of each row. */
export function VolumeTable({ id, title, rows, name, onPick, population }: TableProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const sum = rows.reduce((a, r) => a + r.received, 0);
  const withAnswers = rows.some((r) => r.answered !== null);
  const n = (v: number) => formatNumber(locale, v);
  return (
    <table className="grid volume" aria-labelledby={`${id}-title`}>
      <caption id={`${id}-title`}>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.name')}</th>
          <th scope="col">{t('dashboard.received')}</th>
          {withAnswers && <th scope="col">{t('dashboard.answered')}</th>}
          {withAnswers && <th scope="col">{t('dashboard.unanswered')}</th>}
          <th scope="col">{t('dashboard.share')}</th>
          {population && <th scope="col">{t('dashboard.per10k')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code}>
            <th scope="row" data-label={t('settings.name')}>
              <button
                type="button"
                className="link"
                onClick={() => onPick(r.code)}
                aria-label={t('dashboard.drill', { what: name(r.code) })}
              >
                {name(r.code)}
              </button>
            </th>
            <td data-label={t('dashboard.received')}>{n(r.received)}</td>
            {withAnswers && (
              <td data-label={t('dashboard.answered')}>
                {r.answered === null ? t('common.none') : n(r.answered)}
              </td>
            )}
            {withAnswers && (
              <td data-label={t('dashboard.unanswered')}>
                {r.answered === null ? t('common.none') : n(r.received - r.answered)}
              </td>
            )}
            <td data-label={t('dashboard.share')}>
              {sum ? formatPercent(locale, r.received / sum) : t('common.none')}
            </td>
            {population && (
              <td data-label={t('dashboard.per10k')}>
                {population.get(r.code)
                  ? formatNumber(locale, (r.received / population.get(r.code)!) * 10_000, 1)
                  : t('common.none')}
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('dashboard.total')}</th>
          <td>{n(sum)}</td>
          {withAnswers && <td>{n(rows.reduce((a, r) => a + (r.answered ?? 0), 0))}</td>}
          {withAnswers && <td>{n(rows.reduce((a, r) => a + r.received - (r.answered ?? 0), 0))}</td>}
          <td>{sum ? formatPercent(locale, 1) : t('common.none')}</td>
          {population && <td />}
        </tr>
      </tfoot>
    </table>
  );
}

export interface Kpi {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly onPick?: () => void;
}

export function Kpis({ items }: { items: readonly Kpi[] }) {
  return (
    <ul className="kpis">
      {items.map((k) => (
        <li key={k.key} className="kpi" data-testid={`kpi-${k.key}`}>
          <span className="kpi-label">{k.label}</span>
          {k.onPick ? (
            <button type="button" className="kpi-value link" onClick={k.onPick}>
              {k.value}
            </button>
          ) : (
            <span className="kpi-value">{k.value}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
