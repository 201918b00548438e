import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { nameIn, useNames, useReference } from '../../lib/reference.js';
import { useSession } from '../../lib/session.js';
import type { Organisation } from '../../lib/types.js';
import { Check, SettingsForm, SettingsTable, useSave } from './forms.js';
import { ItemsState, useItems } from './Settings.js';

const KINDS = ['department', 'utility', 'district_akimat', 'call_centre', 'other'] as const;

interface OrgForm {
  code: string;
  kk: string;
  ru: string;
  en: string;
  kind: string;
  district: string;
  requiresApproval: boolean;
  active: boolean;
}

const EMPTY: OrgForm = {
  code: '',
  kk: '',
  ru: '',
  en: '',
  kind: 'department',
  district: '',
  requiresApproval: false,
  active: true,
};

const formOf = (o: Organisation): OrgForm => ({
  code: o.code,
  kk: o.name.kk,
  ru: o.name.ru,
  en: o.name.en,
  kind: o.kind,
  district: o.district ?? '',
  requiresApproval: o.requiresApproval,
  active: o.active,
});

export function OrganisationsSection() {
  const { t } = useTranslation();
  const { can } = useSession();
  const ref = useReference();
  const names = useNames();
  const { items, error, reload } = useItems<Organisation>('/api/reference/organisations');
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<OrgForm>(EMPTY);
  const save = useSave();
  const writable = can('settings:write');
  const set = (patch: Partial<OrgForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async () => {
    const body = {
      ...(editing === null ? { code: form.code } : {}),
      name: { kk: form.kk, ru: form.ru, en: form.en },
      kind: form.kind,
      district: form.district || null,
      requiresApproval: form.requiresApproval,
      active: form.active,
    };
    const ok = await save.run(
      () =>
        editing === null
          ? api('/api/reference/organisations', { method: 'POST', body })
          : api(`/api/reference/organisations/${editing}`, { method: 'PUT', body }),
      t('settings.saved'),
    );
    if (ok) {
      setEditing(null);
      setForm(EMPTY);
      reload();
      ref.refresh(); // other screens name the new or renamed organisation at once
    }
  };
  const text = (key: 'kk' | 'ru' | 'en', label: string) => (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          required
          maxLength={300}
          value={form[key]}
          onChange={(e) => set({ [key]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <div className="stack">
      <ItemsState error={error} loading={items === null} />
      <SettingsTable
        caption={t('settings.organisations')}
        columns={[
          t('settings.name'),
          t('settings.code'),
          t('settings.kind'),
          t('settings.district'),
          t('settings.approval'),
          t('settings.active'),
        ]}
        actions={writable && t('settings.actions')}
      >
        {(items ?? []).map((o) => (
          <tr key={o.id} className={o.active ? '' : 'muted'}>
            <td data-label={t('settings.name')}>{nameIn(o.name)}</td>
            <td data-label={t('settings.code')}>
              <code>{o.code}</code>
            </td>
            <td data-label={t('settings.kind')}>{t(`settings.orgKinds.${o.kind}`)}</td>
            <td data-label={t('settings.district')}>
              {names.district(o.district) ?? t('settings.wholeRegion')}
            </td>
            <td data-label={t('settings.approval')}>
              {o.requiresApproval ? t('common.yes') : t('common.no')}
            </td>
            <td data-label={t('settings.active')}>{o.active ? t('common.yes') : t('common.no')}</td>
            {writable && (
              <td data-label={t('settings.actions')}>
                <button
                  type="button"
                  className="link"
                  aria-label={t('settings.editNamed', { name: nameIn(o.name) })}
                  onClick={() => {
                    setEditing(o.id);
                    setForm(formOf(o));
                  }}
                >
                  {t('settings.edit')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </SettingsTable>
      {writable && (
        <SettingsForm
          title={editing === null ? t('settings.newOrganisation') : t('settings.editOrganisation')}
          onSubmit={submit}
          onCancel={
            editing === null
              ? undefined
              : () => {
                  setEditing(null);
                  setForm(EMPTY);
                }
          }
          save={save}
          editing={editing}
        >
          <Field label={t('settings.code')} hint={editing === null ? t('settings.codeHint') : undefined}>
            {(id) => (
              <input
                id={id}
                required
                readOnly={editing !== null}
                pattern="[a-z0-9][a-z0-9_\-]{1,63}"
                value={form.code}
                onChange={(e) => set({ code: e.target.value })}
              />
            )}
          </Field>
          {text('kk', t('settings.nameKk'))}
          {text('ru', t('settings.nameRu'))}
          {text('en', t('settings.nameEn'))}
          <Field label={t('settings.kind')}>
            {(id) => (
              <select id={id} value={form.kind} onChange={(e) => set({ kind: e.target.value })}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`settings.orgKinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.district')}>
            {(id) => (
              <select id={id} value={form.district} onChange={(e) => set({ district: e.target.value })}>
                <option value="">{t('settings.wholeRegion')}</option>
                {ref.districts.map((d) => (
                  <option key={d.code} value={d.code}>
                    {nameIn(d.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Check
            label={t('settings.approval')}
            checked={form.requiresApproval}
            onChange={(v) => set({ requiresApproval: v })}
          />
          <Check label={t('settings.active')} checked={form.active} onChange={(v) => set({ active: v })} />
        </SettingsForm>
      )}
    </div>
  );
}
