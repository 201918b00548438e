import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDate } from '../../lib/format.js';
import { useSession } from '../../lib/session.js';
import { Check, confirmed, SettingsForm, SettingsTable, useSave } from './forms.js';
import { ItemsState, useItems } from './Settings.js';

interface CalendarEntry {
  readonly date: string;
  readonly type: 'holiday' | 'transfer';
  readonly name: string;
  readonly religious: boolean;
  readonly workingDate: string | null;
}

interface EntryForm {
  type: 'holiday' | 'transfer';
  date: string;
  workingDate: string;
  name: string;
  religious: boolean;
}

const EMPTY: EntryForm = { type: 'holiday', date: '', workingDate: '', name: '', religious: false };

export function CalendarSection() {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const { items, error, reload } = useItems<CalendarEntry>('/api/settings/calendar');
  const [form, setForm] = useState<EntryForm>(EMPTY);
  const save = useSave();
  const writable = can('settings:write');
  const set = (patch: Partial<EntryForm>) => setForm((f) => ({ ...f, ...patch }));
  const day = (d: string) => formatDate(locale, `${d}T12:00:00Z`);
  const submit = async () => {
    const body =
      form.type === 'holiday'
        ? { type: 'holiday', date: form.date, name: form.name, religious: form.religious }
        : { type: 'transfer', date: form.date, workingDate: form.workingDate, name: form.name };
    if (await save.run(() => api('/api/settings/calendar', { method: 'POST', body }), t('settings.saved'))) {
      setForm(EMPTY);
      reload();
    }
  };
  const remove = async (e: CalendarEntry) => {
    if (!confirmed(t('settings.confirmDelete', { name: `${day(e.date)} ${e.name}` }))) return;
    if (
      await save.run(
        () => api(`/api/settings/calendar/${e.date}`, { method: 'DELETE' }),
        t('settings.deleted'),
      )
    )
      reload();
  };
  return (
    <div className="stack">
      <ItemsState error={error} loading={items === null} />
      <SettingsTable
        caption={t('settings.calendar')}
        columns={[t('settings.date'), t('settings.kind'), t('settings.name')]}
        actions={writable && t('settings.actions')}
      >
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
            {writable && (
              <td data-label={t('settings.actions')}>
                <button
                  type="button"
                  className="link"
                  aria-label={t('settings.deleteNamed', { name: `${day(e.date)} ${e.name}` })}
                  onClick={() => void remove(e)}
                >
                  {t('settings.delete')}
                </button>
              </td>
            )}
          </tr>
        ))}
      </SettingsTable>
      {writable && (
        <SettingsForm title={t('settings.newEntry')} onSubmit={submit} save={save}>
          <Field label={t('settings.kind')}>
            {(id) => (
              <select
                id={id}
                value={form.type}
                onChange={(e) => set({ type: e.target.value === 'transfer' ? 'transfer' : 'holiday' })}
              >
                <option value="holiday">{t('settings.holiday')}</option>
                <option value="transfer">{t('settings.transfer')}</option>
              </select>
            )}
          </Field>
          <Field label={form.type === 'holiday' ? t('settings.date') : t('settings.dayOff')}>
            {(id) => (
              <input
                id={id}
                type="date"
                required
                value={form.date}
                onChange={(e) => set({ date: e.target.value })}
              />
            )}
          </Field>
          {form.type === 'transfer' && (
            <Field label={t('settings.workedInstead')}>
              {(id) => (
                <input
                  id={id}
                  type="date"
                  required
                  value={form.workingDate}
                  onChange={(e) => set({ workingDate: e.target.value })}
                />
              )}
            </Field>
          )}
          <Field label={t('settings.name')}>
            {(id) => (
              <input
                id={id}
                required
                maxLength={200}
                value={form.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </Field>
          {form.type === 'holiday' && (
            <Check
              label={t('settings.religious')}
              checked={form.religious}
              onChange={(v) => set({ religious: v })}
            />
          )}
        </SettingsForm>
      )}
    </div>
  );
}
