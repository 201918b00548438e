import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, Field } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { nameIn, useReference } from '../../lib/reference.js';

interface Props {
  readonly open: boolean;
  readonly ids: readonly number[];
  readonly onClose: () => void;
  readonly onDone: (ok: number, failed: number) => void;
}

/** Assigns the selected cases to an organisation (and an executor) through the `assigned` transition. */
export function BulkAssign({ open, ids, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const ref = useReference();
  const [org, setOrg] = useState('');
  const [executor, setExecutor] = useState('');
  const [busy, setBusy] = useState(false);
  const executors = ref.executors.filter(
    (e) => !e.disabled && (!org || e.organisationIds.includes(Number(org))),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!org) return;
    setBusy(true);
    const body = {
      to: 'assigned',
      organisationId: Number(org),
      ...(executor ? { executorId: Number(executor) } : {}),
    };
    const results = await Promise.allSettled(
      ids.map((id) => api(`/api/cases/${id}/transitions`, { method: 'POST', body })),
    );
    setBusy(false);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    onDone(ok, results.length - ok);
  };

  return (
    <Dialog open={open} title={t('inbox.assignTitle', { count: ids.length })} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <Field label={t('case.organisation')}>
          {(id) => (
            <select
              id={id}
              required
              value={org}
              onChange={(e) => {
                setOrg(e.target.value);
                setExecutor('');
              }}
            >
              <option value="">{t('common.none')}</option>
              {ref.organisations
                .filter((o) => o.active)
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {nameIn(o.name)}
                  </option>
                ))}
            </select>
          )}
        </Field>
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
        <div className="row">
          <button type="submit" disabled={busy || !org || ids.length === 0}>
            {t('inbox.assign')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
