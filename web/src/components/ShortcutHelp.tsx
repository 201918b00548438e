import { useTranslation } from 'react-i18next';
import { Dialog } from './common.js';

const KEYS = [
  ['j', 'keys.next'],
  ['k', 'keys.prev'],
  ['Enter', 'keys.open'],
  ['x', 'keys.select'],
  ['/', 'keys.search'],
  ['a', 'keys.assign'],
  ['?', 'keys.help'],
] as const;

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('keys.title')} onClose={onClose}>
      <dl className="keys">
        {KEYS.map(([key, label]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
