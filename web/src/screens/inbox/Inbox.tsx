import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice } from '../../components/common.js';
import { ShortcutHelp } from '../../components/ShortcutHelp.js';
import { currentLocale } from '../../i18n/index.js';
import { qs } from '../../lib/api.js';
import { caseQuery, type Filters, filtersFromSearch, filtersToSearch } from '../../lib/filters.js';
import { formatNumber } from '../../lib/format.js';
import { useHotkeys } from '../../lib/hotkeys.js';
import { useLive } from '../../lib/live.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import type { Case, Signal } from '../../lib/types.js';
import { BulkAssign } from './BulkAssign.js';
import { CaseTable } from './CaseTable.js';
import { FilterBar } from './FilterBar.js';
import { SavedViews } from './SavedViews.js';
import { SignalTable } from './SignalTable.js';
import { useList } from './useList.js';

const SIGNAL_FILTERS = ['channel', 'q', 'from', 'to'] as const;
/** The key's name (a computed key: shortcut handlers are not components). */
const ENTER = 'Enter';

export function Inbox({ tab }: { tab: 'cases' | 'signals' }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { search } = useLocation();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const query = filtersToSearch(filters);
  const base = tab === 'cases' ? '/inbox' : '/signals';
  const searchRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const [assignOpen, setAssignOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(0);

  const cases = useList<Case>(
    `cases${query}`,
    (c) => `/api/cases${caseQuery(filters, c ? { cursor: c } : {})}`,
    tab === 'cases',
  );
  const signals = useList<Signal>(
    `signals${query}`,
    (offset) =>
      `/api/signals${qs({ channel: filters.channel, q: filters.q, since: filters.from, until: filters.to, offset: offset ?? undefined })}`,
    tab === 'signals',
  );
  const list = tab === 'cases' ? cases : signals;

  const onFilters = useCallback(
    (f: Filters) => navigate(`${base}${filtersToSearch(f)}`, { replace: true }),
    [base],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new list (filters or tab) starts unselected
  useEffect(() => {
    setSelected(new Set());
    setCursor(0);
    setWaiting(0);
  }, [query, tab]);

  // New items arrive live: the first page refreshes by itself; deeper in the list, a button offers them.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pages = useRef(1);
  pages.current = Math.ceil(list.items.length / 50);
  useLive((e) => {
    const mine = (tab === 'cases' && e.type === 'case') || (tab === 'signals' && e.type === 'signal');
    if (!mine) return;
    if (pages.current > 1) {
      if (e.type === 'signal' || e.change === 'created') setWaiting((n) => n + 1);
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void list.refresh(), 400);
  });
  useEffect(() => () => (timer.current ? clearTimeout(timer.current) : undefined), []);

  const ids = [...selected];
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const current = cases.items[cursor];
  useHotkeys({
    j: () => setCursor((c) => Math.min(c + 1, Math.max(list.items.length - 1, 0))),
    k: () => setCursor((c) => Math.max(c - 1, 0)),
    [ENTER]: () => {
      if (tab === 'cases' && current) navigate(`/cases/${current.id}`);
    },
    x: () => {
      if (tab === 'cases' && current) toggle(current.id);
    },
    '/': () => searchRef.current?.focus(),
    a: () => {
      if (tab !== 'cases' || !can('cases:write')) return;
      if (selected.size === 0 && current) setSelected(new Set([current.id]));
      setAssignOpen(true);
    },
    '?': () => setHelpOpen(true),
  });
  const locale = currentLocale();

  return (
    <div className="inbox">
      <div className="page-head">
        <h1>{t('inbox.title')}</h1>
        <div role="tablist" aria-label={t('inbox.tabs')} className="tabs">
          {can('cases:read') && (
            <Link role="tab" to={`/inbox${query}`} aria-selected={tab === 'cases'}>
              {t('inbox.tabCases')}
            </Link>
          )}
          {can('signals:read') && (
            <Link role="tab" to={`/signals${query}`} aria-selected={tab === 'signals'}>
              {t('inbox.tabSignals')}
            </Link>
          )}
        </div>
        {tab === 'cases' && (
          <a className="link" href={`/api/cases/export.csv${caseQuery(filters)}`} download="cases.csv">
            {t('inbox.export')}
          </a>
        )}
        <button type="button" className="link" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          {t('inbox.help')}
        </button>
      </div>
      <FilterBar
        filters={filters}
        onChange={onFilters}
        searchRef={searchRef}
        {...(tab === 'signals' ? { only: SIGNAL_FILTERS } : {})}
      />
      {tab === 'cases' && <SavedViews query={query} base={base} />}
      <div className="list-head" aria-live="polite">
        <span>{t('inbox.found', { count: formatNumber(locale, list.total) })}</span>
        {waiting > 0 && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setWaiting(0);
              void list.refresh();
            }}
          >
            {t('inbox.newItems', { count: formatNumber(locale, waiting) })} — {t('inbox.showNew')}
          </button>
        )}
        {tab === 'cases' && can('cases:write') && (
          <button
            type="button"
            disabled={selected.size === 0}
            onClick={() => setAssignOpen(true)}
            aria-keyshortcuts="a"
          >
            {t('inbox.assign')} ({formatNumber(locale, selected.size)})
          </button>
        )}
      </div>
      {message && <Notice>{message}</Notice>}
      <ErrorNote error={list.error} />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : list.items.length === 0 ? (
        <p className="muted">{tab === 'cases' ? t('inbox.noResults') : t('signals.noResults')}</p>
      ) : tab === 'cases' ? (
        <CaseTable
          items={cases.items}
          fresh={cases.fresh}
          selected={selected}
          cursor={cursor}
          onCursor={setCursor}
          onToggle={toggle}
          onToggleAll={(on) => setSelected(on ? new Set(cases.items.map((c) => c.id)) : new Set())}
        />
      ) : (
        <SignalTable items={signals.items} fresh={signals.fresh} />
      )}
      {list.next && (
        <button type="button" className="secondary more" onClick={() => void list.loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
      <BulkAssign
        open={assignOpen}
        ids={ids}
        onClose={() => setAssignOpen(false)}
        onDone={(ok, failed) => {
          setAssignOpen(false);
          setSelected(new Set());
          setMessage(
            t('inbox.assignDone', { ok: formatNumber(locale, ok), failed: formatNumber(locale, failed) }),
          );
          void cases.refresh();
        }}
      />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
