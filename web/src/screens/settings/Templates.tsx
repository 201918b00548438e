import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Field } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { codeLabel } from '../../lib/codes.js';
import { nameIn, useNames } from '../../lib/reference.js';
import { useSession } from '../../lib/session.js';
import type { Organisation, Template } from '../../lib/types.js';
import { Check, confirmed, SettingsForm, useSave } from './forms.js';
import { ItemsState, useItems } from './Settings.js';

const PURPOSES = [
  'answer_template',
  'acknowledgement',
  'answer',
  'status',
  'feedback_request',
  'extension_notice',
  'redirect_notice',
  'notice',
] as const;
const LANGS = ['kk', 'ru', 'en'] as const;

interface TemplateForm {
  code: string;
  purpose: string;
  lang: string;
  body: string;
  organisationId: string;
  active: boolean;
}

const EMPTY: TemplateForm = {
  code: '',
  purpose: 'answer_template',
  lang: 'kk',
  body: '',
  organisationId: '',
  active: true,
};

export function TemplatesSection() {
  const { t } = useTranslation();
  const { can } = useSession();
  const names = useNames();
  const { items, error, reload } = useItems<Template>('/api/templates');
  const orgs = useItems<Organisation>('/api/reference/organisations');
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<TemplateForm>(EMPTY);
  const save = useSave();
  const writable = can('settings:write');
  const set = (patch: Partial<TemplateForm>) => setForm((f) => ({ ...f, ...patch }));
  const reset = () => {
    setEditing(null);
    setForm(EMPTY);
  };
  const submit = async () => {
    const body = {
      code: form.code,
      purpose: form.purpose,
      lang: form.lang,
      body: form.body,
      organisationId: form.organisationId ? Number(form.organisationId) : null,
      active: form.active,
    };
    const ok = await save.run(
      () =>
        editing === null
          ? api('/api/templates', { method: 'POST', body })
          : api(`/api/templates/${editing}`, { method: 'PUT', body }),
      t('settings.saved'),
    );
    if (ok) {
      reset();
      reload();
    }
  };
  const remove = async (x: Template) => {
    if (!confirmed(t('settings.confirmDelete', { name: `${x.code} (${x.lang})` }))) return;
    if (await save.run(() => api(`/api/templates/${x.id}`, { method: 'DELETE' }), t('settings.deleted')))
      reload();
  };
  return (
    <div className="stack">
      <ItemsState error={error} loading={items === null} />
      <ul className="plain templates stack">
        {(items ?? []).map((x) => (
          <li key={x.id} className="panel" data-testid="template">
            <div className="msg-meta">
              <code>{x.code}</code>
              <span>{codeLabel('purpose', x.purpose)}</span>
              <span>{codeLabel('language', x.lang)}</span>
              {x.organisationId !== null && <span>{names.organisation(x.organisationId)}</span>}
              {!x.active && <Badge>{t('settings.inactive')}</Badge>}
            </div>
            <pre className="preview-text" data-content>
              {x.body}
            </pre>
            {writable && (
              <div className="row wrap">
                <button
                  type="button"
                  className="link"
                  aria-label={t('settings.editNamed', { name: `${x.code} (${x.lang})` })}
                  onClick={() => {
                    setEditing(x.id);
                    setForm({
                      code: x.code,
                      purpose: x.purpose,
                      lang: x.lang,
                      body: x.body,
                      organisationId: x.organisationId === null ? '' : String(x.organisationId),
                      active: x.active,
                    });
                  }}
                >
                  {t('settings.edit')}
                </button>
                <button
                  type="button"
                  className="link"
                  aria-label={t('settings.deleteNamed', { name: `${x.code} (${x.lang})` })}
                  onClick={() => void remove(x)}
                >
                  {t('settings.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {writable && (
        <SettingsForm
          title={editing === null ? t('settings.newTemplate') : t('settings.editTemplate')}
          onSubmit={submit}
          onCancel={editing === null ? undefined : reset}
          save={save}
          editing={editing}
          wide={
            <Field label={t('settings.body')} hint={t('settings.bodyHint')}>
              {(id) => (
                <textarea
                  id={id}
                  required
                  rows={4}
                  maxLength={5000}
                  value={form.body}
                  onChange={(e) => set({ body: e.target.value })}
                />
              )}
            </Field>
          }
        >
          <Field label={t('settings.code')} hint={t('settings.templateCodeHint')}>
            {(id) => (
              <input
                id={id}
                required
                pattern="[a-z0-9][a-z0-9_.\-]{0,63}"
                value={form.code}
                onChange={(e) => set({ code: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('settings.purpose')}>
            {(id) => (
              <select id={id} value={form.purpose} onChange={(e) => set({ purpose: e.target.value })}>
                {PURPOSES.map((p) => (
                  <option key={p} value={p}>
                    {codeLabel('purpose', p)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.lang')}>
            {(id) => (
              <select id={id} value={form.lang} onChange={(e) => set({ lang: e.target.value })}>
                {LANGS.map((l) => (
                  <option key={l} value={l}>
                    {codeLabel('language', l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('case.organisation')}>
            {(id) => (
              <select
                id={id}
                value={form.organisationId}
                onChange={(e) => set({ organisationId: e.target.value })}
              >
                <option value="">{t('settings.anyOrganisation')}</option>
                {(orgs.items ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {nameIn(o.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Check label={t('settings.active')} checked={form.active} onChange={(v) => set({ active: v })} />
        </SettingsForm>
      )}
    </div>
  );
}
