import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDate, maxExtensionDay } from '../../lib/format.js';
import { nameIn, useReference } from '../../lib/reference.js';
import type { Case, Page } from '../../lib/types.js';

type Run = (fn: () => Promise<unknown>) => (e: FormEvent) => Promise<void>;

function Action({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="action">
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** Finds a case by its number (ZHA-2026-000123) or id, for merging. */
async function resolveCase(ref: string): Promise<number | null> {
  const v = ref.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const page = await api<Page<Case>>(`/api/cases?q=${encodeURIComponent(v)}&limit=1`);
  const hit = page.items.find((c) => c.number.toUpperCase() === v.toUpperCase());
  return hit ? hit.id : null;
}

/** Assign, redirect (with a reason), merge, extend (with a reason, at most two months), and status moves. */
export function CaseActions({ kase, onDone }: { kase: Case; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const [error, setError] = useState<unknown>(null);
  const [org, setOrg] = useState(kase.organisationId ? String(kase.organisationId) : '');
  const [executor, setExecutor] = useState(kase.executorId ? String(kase.executorId) : '');
  const [reason, setReason] = useState('');
  const [into, setInto] = useState('');
  const [until, setUntil] = useState('');
  const [mergeMissing, setMergeMissing] = useState(false);
  const post = (path: string, body?: unknown) =>
    api(`/api/cases/${kase.id}${path}`, { method: 'POST', body });
  const run: Run = (fn) => async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await fn();
      setReason('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const orgs = ref.organisations.filter((o) => o.active);
  const executors = ref.executors.filter(
    (x) => !x.disabled && (!org || x.organisationIds.includes(Number(org))),
  );
  const orgSelect = (id: string) => (
    <select id={id} required value={org} onChange={(e) => setOrg(e.target.value)}>
      <option value="">{t('common.none')}</option>
      {orgs.map((o) => (
        <option key={o.id} value={o.id}>
          {nameIn(o.name)}
        </option>
      ))}
    </select>
  );
  const reasonField = (required = true) => (
    <Field label={t('common.reason')}>
      {(id) => (
        <textarea
          id={id}
          required={required}
          minLength={3}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
    </Field>
  );
  const s = kase.status;
  const open = ['new', 'assigned', 'in_progress', 'reopened', 'redirected'].includes(s);
  const move = (to: string, withReason: boolean) =>
    run(() => post('/transitions', { to, ...(withReason ? { reason } : {}) }));
  const maxDay = maxExtensionDay(kase.registeredAt);

  return (
    <section aria-labelledby="actions-title" className="panel actions">
      <h2 id="actions-title">{t('case.actions')}</h2>
      <div className="row wrap">
        {['new', 'assigned', 'reopened', 'redirected'].includes(s) && (
          <form onSubmit={move('in_progress', false)}>
            <button type="submit">{t('case.startWork')}</button>
          </form>
        )}
        {s === 'answered' && (
          <form onSubmit={move('closed', false)}>
            <button type="submit" className="secondary">
              {t('case.closeCase')}
            </button>
          </form>
        )}
      </div>
      {open && (
        <Action title={t('case.assign')}>
          <form
            className="stack"
            onSubmit={run(() =>
              post('/transitions', {
                to: 'assigned',
                organisationId: Number(org),
                ...(executor ? { executorId: Number(executor) } : {}),
              }),
            )}
          >
            <Field label={t('case.organisation')}>{orgSelect}</Field>
            <Field label={t('case.executor')}>
              {(id) => (
                <select id={id} value={executor} onChange={(e) => setExecutor(e.target.value)}>
                  <option value="">{t('common.none')}</option>
                  {executors.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{t('case.assign')}</button>
          </form>
        </Action>
      )}
      {open && (
        <Action title={t('case.redirect')}>
          <form
            className="stack"
            onSubmit={run(() =>
              post('/transitions', { to: 'redirected', organisationId: Number(org), reason }),
            )}
          >
            <Field label={t('case.organisation')}>{orgSelect}</Field>
            <Field label={t('case.redirectReason')}>
              {(id) => (
                <textarea
                  id={id}
                  required
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              )}
            </Field>
            <button type="submit">{t('case.redirect')}</button>
          </form>
        </Action>
      )}
      {open && (
        <Action title={t('case.merge')}>
          <form
            className="stack"
            onSubmit={run(async () => {
              const target = await resolveCase(into);
              setMergeMissing(target === null);
              if (target !== null) await post('/merge', { into: target });
            })}
          >
            <Field label={t('case.mergeInto')}>
              {(id) => <input id={id} required value={into} onChange={(e) => setInto(e.target.value)} />}
            </Field>
            {mergeMissing && <p className="note note-error">{t('case.mergeUnknown')}</p>}
            <button type="submit">{t('case.merge')}</button>
          </form>
        </Action>
      )}
      {open && (
        <Action title={t('case.extend')}>
          <form className="stack" onSubmit={run(() => post('/extension', { reason, until }))}>
            <Field
              label={t('case.extendUntil')}
              hint={t('case.extendMax', { date: formatDate(currentLocale(), `${maxDay}T12:00:00Z`) })}
            >
              {(id) => (
                <input
                  id={id}
                  type="date"
                  required
                  max={maxDay}
                  value={until}
                  onChange={(e) => setUntil(e.target.value)}
                />
              )}
            </Field>
            {reasonField()}
            <button type="submit">{t('case.extend')}</button>
          </form>
        </Action>
      )}
      {(open || s === 'answered' || s === 'closed' || s === 'rejected') && (
        <Action title={open ? t('case.reject') : t('case.reopen')}>
          <form className="stack" onSubmit={move(open ? 'rejected' : 'reopened', true)}>
            {reasonField()}
            <button type="submit" className="secondary">
              {open ? t('case.reject') : t('case.reopen')}
            </button>
          </form>
        </Action>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
