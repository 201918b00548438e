import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Notice } from '../../components/common.js';
import { currentLocale } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { codeLabel, KINDS, SENTIMENTS, TOPICS, URGENCIES } from '../../lib/codes.js';
import { formatPercent } from '../../lib/format.js';
import { LABEL_FIELDS, type LabelField, machineLabel } from '../../lib/labels.js';
import { nameIn, useReference } from '../../lib/reference.js';
import type { Case, Signal } from '../../lib/types.js';

const TITLES: Record<LabelField, string> = {
  kind: 'inbox.kind',
  topic: 'inbox.topic',
  sentiment: 'inbox.sentiment',
  urgency: 'inbox.urgency',
  district: 'inbox.district',
};

/**
 * The labels with the machine's confidence and the words that decided them; a change is saved as a
 * correction (POST /labels), which the model trains on.
 */
export function LabelsPanel({
  kase,
  origin,
  canEdit,
  onSaved,
}: {
  kase: Case;
  origin: Signal | undefined;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const ref = useReference();
  const locale = currentLocale();
  const current: Record<LabelField, string> = {
    kind: kase.kind ?? '',
    topic: kase.topic ?? '',
    sentiment: origin?.sentiment ?? '',
    urgency: kase.urgency ?? '',
    district: kase.district ?? '',
  };
  const [draft, setDraft] = useState(current);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const key = JSON.stringify(current);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the draft when the stored labels change
  useEffect(() => setDraft(current), [key]);
  const options = (f: LabelField) =>
    f === 'district'
      ? ref.districts.map((d) => ({ value: d.code, label: nameIn(d.name) }))
      : (f === 'kind' ? KINDS : f === 'topic' ? TOPICS : f === 'sentiment' ? SENTIMENTS : URGENCIES).map(
          (c) => ({
            value: c,
            label: codeLabel(f, c),
          }),
        );
  const valueName = (f: LabelField, v: string) => {
    if (f !== 'district') return codeLabel(f, v);
    const d = ref.districts.find((x) => x.code === v);
    return d ? nameIn(d.name) : v;
  };
  const changed = LABEL_FIELDS.filter((f) => draft[f] && draft[f] !== current[f]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/cases/${kase.id}/labels`, {
        method: 'POST',
        body: Object.fromEntries(changed.map((f) => [f, draft[f]])),
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="labels-title" className="panel">
      <h2 id="labels-title">{t('case.labels')}</h2>
      <form onSubmit={submit} className="labels">
        {LABEL_FIELDS.map((f) => {
          const m = machineLabel(origin?.labels, f);
          const id = `label-${f}`;
          return (
            <div key={f} className="field label-field">
              <label htmlFor={id}>{t(TITLES[f])}</label>
              <select
                id={id}
                value={draft[f]}
                disabled={!canEdit}
                onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              >
                <option value="">{t('common.none')}</option>
                {options(f).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
              {m && (
                <small className="muted machine">
                  {m.value && <span>{t('case.machine', { value: valueName(f, m.value) })}</span>}
                  {m.confidence !== null && (
                    <span>
                      {' '}
                      <meter
                        min={0}
                        max={1}
                        value={m.confidence}
                        aria-label={t('case.confidence', { value: formatPercent(locale, m.confidence, 0) })}
                      />{' '}
                      {t('case.confidence', { value: formatPercent(locale, m.confidence, 0) })}
                    </span>
                  )}
                  {m.explain.length > 0 && (
                    <span>
                      {' · '}
                      {t('case.because', { words: '' })}
                      <span data-content>{m.explain.slice(0, 6).join(', ')}</span>
                    </span>
                  )}
                </small>
              )}
            </div>
          );
        })}
        {canEdit && (
          <button type="submit" disabled={changed.length === 0}>
            {t('case.saveLabels')}
          </button>
        )}
      </form>
      {saved && <Notice>{t('case.labelsSaved')}</Notice>}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
