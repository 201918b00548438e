import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/common.js';
import { api } from '../../lib/api.js';
import { CHANNELS, type CodeGroup, codeLabel, KINDS, TOPICS, URGENCIES } from '../../lib/codes.js';
import { nameIn, useNames, useReference } from '../../lib/reference.js';
import { useSession } from '../../lib/session.js';
import type { Organisation } from '../../lib/types.js';
import { Check, confirmed, MultiSelect, SettingsForm, SettingsTable, useSave } from './forms.js';
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

const LISTS = ['topics', 'kinds', 'districts', 'channels', 'urgencies'] as const;
type ListKey = (typeof LISTS)[number];

const CONDITION_GROUPS: Record<string, CodeGroup | 'district' | null> = {
  topics: 'topic',
  kinds: 'kind',
  channels: 'channel',
  urgencies: 'urgency',
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

const STRATEGIES = ['least_loaded', 'round_robin', 'none'] as const;

interface RuleForm extends Record<ListKey, string[]> {
  name: string;
  priority: string;
  organisationId: string;
  executorId: string;
  strategy: string;
  keywords: string;
  active: boolean;
}

const EMPTY: RuleForm = {
  name: '',
  priority: '100',
  organisationId: '',
  executorId: '',
  strategy: 'least_loaded',
  keywords: '',
  active: true,
  topics: [],
  kinds: [],
  districts: [],
  channels: [],
  urgencies: [],
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function formOf(r: Rule): RuleForm {
  return {
    name: r.name,
    priority: String(r.priority),
    organisationId: String(r.organisationId),
    executorId: r.executorId === null ? '' : String(r.executorId),
    strategy: r.strategy,
    keywords: strings(r.conditions.keywords).join(', '),
    active: r.active,
    topics: strings(r.conditions.topics),
    kinds: strings(r.conditions.kinds),
    districts: strings(r.conditions.districts),
    channels: strings(r.conditions.channels),
    urgencies: strings(r.conditions.urgencies),
  };
}

export function RoutingSection() {
  const { t } = useTranslation();
  const { can } = useSession();
  const names = useNames();
  const ref = useReference();
  const { items, error, reload } = useItems<Rule>('/api/settings/routing');
  const orgs = useItems<Organisation>('/api/reference/organisations');
  const [editing, setEditing] = useState<number | null>(null);
  const [form, setForm] = useState<RuleForm>(EMPTY);
  const save = useSave();
  const writable = can('settings:write');
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));
  const conditionName = (k: string) => (CONDITION_TITLES[k] ? t(CONDITION_TITLES[k]) : k);
  const orgName = (id: number) => {
    const o = orgs.items?.find((x) => x.id === id);
    return o ? nameIn(o.name) : names.organisation(id);
  };
  const words = (key: string, v: unknown): string => {
    const group = CONDITION_GROUPS[key];
    return strings(v)
      .map((x) => (group === 'district' ? (names.district(x) ?? x) : group ? codeLabel(group, x) : x))
      .join(', ');
  };
  const reset = () => {
    setEditing(null);
    setForm(EMPTY);
  };
  const submit = async () => {
    const keywords = form.keywords
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    const body = {
      name: form.name,
      priority: Number(form.priority),
      conditions: { ...Object.fromEntries(LISTS.map((k) => [k, form[k]])), keywords },
      organisationId: Number(form.organisationId),
      executorId: form.executorId ? Number(form.executorId) : null,
      strategy: form.strategy,
      active: form.active,
    };
    const ok = await save.run(
      () =>
        editing === null
          ? api('/api/settings/routing', { method: 'POST', body })
          : api(`/api/settings/routing/${editing}`, { method: 'PUT', body }),
      t('settings.saved'),
    );
    if (ok) {
      reset();
      reload();
    }
  };
  const remove = async (r: Rule) => {
    if (!confirmed(t('settings.confirmDelete', { name: r.name }))) return;
    if (
      await save.run(() => api(`/api/settings/routing/${r.id}`, { method: 'DELETE' }), t('settings.deleted'))
    )
      reload();
  };
  const executors = ref.executors.filter((e) => e.organisationIds.includes(Number(form.organisationId)));
  const codes = (list: readonly string[], group: CodeGroup) =>
    list.map((c) => [c, codeLabel(group, c)] as const);
  return (
    <div className="stack">
      <ItemsState error={error} loading={items === null} />
      <SettingsTable
        caption={t('settings.routing')}
        columns={[
          t('settings.priority'),
          t('settings.rule'),
          t('settings.conditions'),
          t('case.organisation'),
          t('settings.strategy'),
        ]}
        actions={writable && t('settings.actions')}
      >
        {(items ?? []).map((r) => (
          <tr key={r.id} className={r.active ? '' : 'muted'} data-testid="routing-rule">
            <td data-label={t('settings.priority')}>{r.priority}</td>
            <td data-label={t('settings.rule')} data-content>
              {r.name}
              {!r.active && <span className="muted"> · {t('settings.inactive')}</span>}
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
            <td data-label={t('case.organisation')}>
              {orgName(r.organisationId)}
              {r.executorId !== null && <span className="muted"> · {names.executor(r.executorId)}</span>}
            </td>
            <td data-label={t('settings.strategy')}>{t(`settings.strategies.${r.strategy}`)}</td>
            {writable && (
              <td data-label={t('settings.actions')}>
                <div className="row wrap">
                  <button
                    type="button"
                    className="link"
                    aria-label={t('settings.editNamed', { name: r.name })}
                    onClick={() => {
                      setEditing(r.id);
                      setForm(formOf(r));
                    }}
                  >
                    {t('settings.edit')}
                  </button>
                  <button
                    type="button"
                    className="link"
                    aria-label={t('settings.deleteNamed', { name: r.name })}
                    onClick={() => void remove(r)}
                  >
                    {t('settings.delete')}
                  </button>
                </div>
              </td>
            )}
          </tr>
        ))}
      </SettingsTable>
      {writable && (
        <SettingsForm
          title={editing === null ? t('settings.newRule') : t('settings.editRule')}
          onSubmit={submit}
          onCancel={editing === null ? undefined : reset}
          save={save}
          editing={editing}
        >
          <Field label={t('settings.rule')}>
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
          <Field label={t('settings.priority')} hint={t('settings.priorityHint')}>
            {(id) => (
              <input
                id={id}
                type="number"
                required
                min={0}
                max={1000000}
                value={form.priority}
                onChange={(e) => set({ priority: e.target.value })}
              />
            )}
          </Field>
          <MultiSelect
            label={t('inbox.topic')}
            values={form.topics}
            onChange={(v) => set({ topics: v })}
            options={codes(TOPICS, 'topic')}
          />
          <MultiSelect
            label={t('inbox.kind')}
            values={form.kinds}
            onChange={(v) => set({ kinds: v })}
            options={codes(KINDS, 'kind')}
          />
          <MultiSelect
            label={t('inbox.district')}
            values={form.districts}
            onChange={(v) => set({ districts: v })}
            options={ref.districts.map((d) => [d.code, nameIn(d.name)] as const)}
          />
          <MultiSelect
            label={t('inbox.channel')}
            values={form.channels}
            onChange={(v) => set({ channels: v })}
            options={codes(CHANNELS, 'channel')}
          />
          <MultiSelect
            label={t('inbox.urgency')}
            values={form.urgencies}
            onChange={(v) => set({ urgencies: v })}
            options={codes(URGENCIES, 'urgency')}
          />
          <Field label={t('settings.keywords')} hint={t('settings.keywordsHint')}>
            {(id) => (
              <input id={id} value={form.keywords} onChange={(e) => set({ keywords: e.target.value })} />
            )}
          </Field>
          <Field label={t('case.organisation')}>
            {(id) => (
              <select
                id={id}
                required
                value={form.organisationId}
                onChange={(e) => set({ organisationId: e.target.value, executorId: '' })}
              >
                <option value="">{t('common.none')}</option>
                {(orgs.items ?? [])
                  .filter((o) => o.active || String(o.id) === form.organisationId)
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {nameIn(o.name)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.executor')}>
            {(id) => (
              <select id={id} value={form.executorId} onChange={(e) => set({ executorId: e.target.value })}>
                <option value="">{t('common.none')}</option>
                {executors.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.strategy')}>
            {(id) => (
              <select id={id} value={form.strategy} onChange={(e) => set({ strategy: e.target.value })}>
                {STRATEGIES.map((s) => (
                  <option key={s} value={s}>
                    {t(`settings.strategies.${s}`)}
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
