import { type RefObject, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, codeLabel, KINDS, STATUSES, TOPICS, URGENCIES } from '../../lib/codes.js';
import { activeCount, type FilterKey, type Filters } from '../../lib/filters.js';
import { nameIn, useReference } from '../../lib/reference.js';

interface Props {
  readonly filters: Filters;
  readonly onChange: (f: Filters) => void;
  readonly searchRef: RefObject<HTMLInputElement | null>;
  /** Signals have fewer filters than cases. */
  readonly only?: readonly FilterKey[];
}

interface Choice {
  readonly key: FilterKey;
  readonly label: string;
  readonly options: ReadonlyArray<{ value: string; label: string }>;
}

export function FilterBar({ filters, onChange, searchRef, only }: Props) {
  const { t } = useTranslation();
  const ref = useReference();
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  // Search as the operator types, a moment after the last key.
  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const timer = setTimeout(() => onChange({ ...filters, q }), 300);
    return () => clearTimeout(timer);
  }, [q, filters, onChange]);

  const codes = (group: 'status' | 'channel' | 'kind' | 'topic' | 'urgency', list: readonly string[]) =>
    list.map((c) => ({ value: c, label: codeLabel(group, c) }));
  const choices: Choice[] = [
    { key: 'status', label: t('inbox.status'), options: codes('status', STATUSES) },
    { key: 'channel', label: t('inbox.channel'), options: codes('channel', CHANNELS) },
    { key: 'kind', label: t('inbox.kind'), options: codes('kind', KINDS) },
    { key: 'topic', label: t('inbox.topic'), options: codes('topic', TOPICS) },
    {
      key: 'district',
      label: t('inbox.district'),
      options: ref.districts.map((d) => ({ value: d.code, label: nameIn(d.name) })),
    },
    {
      key: 'organisation',
      label: t('inbox.organisation'),
      options: ref.organisations.map((o) => ({ value: String(o.id), label: nameIn(o.name) })),
    },
    {
      key: 'executor',
      label: t('inbox.executor'),
      options: ref.executors.map((e) => ({ value: String(e.id), label: e.name })),
    },
    { key: 'urgency', label: t('inbox.urgency'), options: codes('urgency', URGENCIES) },
  ];
  const shown = (k: FilterKey) => !only || only.includes(k);
  const set = (k: FilterKey, v: string) => onChange({ ...filters, [k]: v || undefined });

  const [open] = useState(
    () => typeof window === 'undefined' || !window.matchMedia('(max-width: 700px)').matches,
  );
  return (
    <details className="filters-box" open={open}>
      <summary>
        {t('inbox.filters')}
        {activeCount(filters) > 0 && ` (${activeCount(filters)})`}
      </summary>
      <search className="filters" aria-label={t('inbox.filters')}>
        <div className="field search-field">
          <label htmlFor="inbox-search">{t('inbox.searchLabel')}</label>
          <input
            id="inbox-search"
            ref={searchRef}
            type="search"
            placeholder={t('inbox.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
          />
        </div>
        {choices
          .filter((c) => shown(c.key))
          .map((c) => (
            <div className="field" key={c.key}>
              <label htmlFor={`filter-${c.key}`}>{c.label}</label>
              <select
                id={`filter-${c.key}`}
                value={filters[c.key] ?? ''}
                onChange={(e) => set(c.key, e.target.value)}
              >
                <option value="">{t('common.all')}</option>
                {c.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        {shown('overdue') && (
          <div className="field check">
            <input
              id="filter-overdue"
              type="checkbox"
              checked={filters.overdue === 'true'}
              onChange={(e) => set('overdue', e.target.checked ? 'true' : '')}
            />
            <label htmlFor="filter-overdue">{t('inbox.overdue')}</label>
          </div>
        )}
        {shown('from') && (
          <div className="field">
            <label htmlFor="filter-from">{t('inbox.dateFrom')}</label>
            <input
              id="filter-from"
              type="date"
              value={filters.from?.slice(0, 10) ?? ''}
              onChange={(e) => set('from', e.target.value)}
            />
          </div>
        )}
        {shown('to') && (
          <div className="field">
            <label htmlFor="filter-to">{t('inbox.dateTo')}</label>
            <input
              id="filter-to"
              type="date"
              value={filters.to?.slice(0, 10) ?? ''}
              onChange={(e) => set('to', e.target.value)}
            />
          </div>
        )}
        <button type="button" className="secondary" onClick={() => onChange({})}>
          {t('inbox.reset')}
        </button>
      </search>
    </details>
  );
}
