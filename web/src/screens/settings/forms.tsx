import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Notice } from '../../components/common.js';

/** A save in flight: its error, and a short notice once it is done. */
export function useSave() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, notice: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(notice);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run, clear: () => setError(null) };
}

/** An admin form: a titled panel with its fields in a grid that folds to two columns on phones. */
export function SettingsForm({
  title,
  onSubmit,
  onCancel,
  save,
  children,
  wide,
  editing = null,
}: {
  title: string;
  onSubmit: () => Promise<void>;
  onCancel?: (() => void) | undefined;
  save: ReturnType<typeof useSave>;
  children: ReactNode;
  /** Fields that need the whole width (long texts), below the grid. */
  wide?: ReactNode;
  /** The id of the item being edited: the form comes into view with its first field focused. */
  editing?: number | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (editing === null) return;
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.querySelector<HTMLElement>('input:not([readonly]), select, textarea')?.focus();
  }, [editing]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <form ref={ref} onSubmit={submit} className="panel stack settings-form" aria-labelledby={id}>
      <h2 id={id} className="small-title">
        {title}
      </h2>
      <div className="filters" style={{ alignItems: 'start' }}>
        {children}
      </div>
      {wide}
      <div className="row wrap">
        <button type="submit" disabled={save.busy}>
          {t('common.save')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {save.done && <Notice>{save.done}</Notice>}
      <ErrorNote error={save.error} onDismiss={save.clear} />
    </form>
  );
}

/** A labelled checkbox. */
export function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A labelled list box that picks several codes; none picked means "any". */
export function MultiSelect({
  label,
  values,
  onChange,
  options,
}: {
  label: string;
  values: readonly string[];
  onChange: (v: string[]) => void;
  options: ReadonlyArray<readonly [string, string]>;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        multiple
        size={Math.min(4, options.length)}
        value={[...values]}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <small id={`${id}-hint`} className="muted">
        {values.length ? t('settings.picked', { n: values.length }) : t('settings.anyValue')}
      </small>
    </div>
  );
}

/** Asks before a deletion (the browser's own dialog, in the interface language). */
export const confirmed = (question: string) => window.confirm(question);

/** A settings list as a table: a caption for screen readers, column headings, and an actions column. */
export function SettingsTable({
  caption,
  columns,
  actions,
  children,
}: {
  caption: string;
  columns: readonly string[];
  /** Heading of the actions column, when the reader may change the rows. */
  actions?: string | false;
  children: ReactNode;
}) {
  return (
    <table className="grid">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          {actions && <th scope="col">{actions}</th>}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
