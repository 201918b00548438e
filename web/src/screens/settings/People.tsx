import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Notice } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { codeLabel } from '../../lib/codes.js';
import { nameIn, useNames, useReference } from '../../lib/reference.js';
import { useSession } from '../../lib/session.js';
import type { Executor } from '../../lib/types.js';
import { ItemsState, useItems } from './Settings.js';

export function ExecutorsSection() {
  const { t } = useTranslation();
  const { can } = useSession();
  const ref = useReference();
  const names = useNames();
  const { items, error, reload } = useItems<Executor>(can('cases:read') ? '/api/reference/executors' : null);
  const [form, setForm] = useState({ login: '', displayName: '', password: '', org: '' });
  const [created, setCreated] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreateError(null);
    try {
      await api('/api/users', {
        method: 'POST',
        body: {
          login: form.login,
          password: form.password,
          displayName: form.displayName,
          roles: ['executor'],
          organisations: form.org ? [Number(form.org)] : [],
        },
      });
      setCreated(true);
      setForm({ login: '', displayName: '', password: '', org: '' });
      reload();
      ref.refresh();
    } catch (err) {
      setCreateError(err);
    }
  };
  return (
    <div className="stack">
      <ItemsState error={error} loading={can('cases:read') && items === null} />
      <ul className="plain">
        {(items ?? []).map((x) => (
          <li key={x.id}>
            <strong data-content>{x.name}</strong> · {codeLabel('roles', 'executor')} ·{' '}
            {x.organisationIds.map((id) => names.organisation(id)).join(', ') || t('common.none')}
            {can('users:admin') && (
              <MoveExecutor
                executor={x}
                onMoved={() => {
                  reload();
                  ref.refresh();
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {can('users:admin') && (
        <form onSubmit={submit} className="panel stack" aria-labelledby="new-executor">
          <h2 id="new-executor">{t('settings.newExecutor')}</h2>
          <Field label={t('settings.login')}>
            {(id) => (
              <input
                id={id}
                required
                pattern="[A-Za-z0-9._@\-]{3,64}"
                value={form.login}
                onChange={(e) => setForm({ ...form, login: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('settings.name')}>
            {(id) => (
              <input
                id={id}
                value={form.displayName}
                onChange={(e) => setForm({ ...form, displayName: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('settings.password')}>
            {(id) => (
              <input
                id={id}
                type="password"
                autoComplete="new-password"
                required
                value={form.password}
                onChange={(e) => setForm({ ...form, password: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('case.organisation')}>
            {(id) => (
              <select id={id} value={form.org} onChange={(e) => setForm({ ...form, org: e.target.value })}>
                <option value="">{t('common.none')}</option>
                {ref.organisations.map((o) => (
                  <option key={o.id} value={o.id}>
                    {nameIn(o.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">{t('settings.create')}</button>
          {created && <Notice>{t('settings.created')}</Notice>}
          <ErrorNote error={createError} />
        </form>
      )}
    </div>
  );
}

/** Moves an executor to another organisation (PUT /api/users/{id}/organisations). */
function MoveExecutor({ executor, onMoved }: { executor: Executor; onMoved: () => void }) {
  const { t } = useTranslation();
  const ref = useReference();
  const [error, setError] = useState<unknown>(null);
  const [moved, setMoved] = useState(false);
  const move = async (org: string) => {
    if (!org) return;
    setError(null);
    setMoved(false);
    try {
      await api(`/api/users/${executor.id}/organisations`, {
        method: 'PUT',
        body: { organisations: [Number(org)] },
      });
      setMoved(true);
      onMoved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <span className="inline-form">
      {' '}
      <Field label={t('settings.moveExecutor')}>
        {(id) => (
          <select id={id} value="" onChange={(e) => void move(e.target.value)}>
            <option value="">—</option>
            {ref.organisations
              .filter((o) => !executor.organisationIds.includes(o.id))
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {nameIn(o.name)}
                </option>
              ))}
          </select>
        )}
      </Field>
      {moved && <Notice>{t('settings.moved')}</Notice>}
      <ErrorNote error={error} />
    </span>
  );
}
