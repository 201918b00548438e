import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/common.js';
import { codeLabel } from '../../lib/codes.js';
import { ItemsState, useItems } from './Settings.js';

interface ChannelState {
  readonly channel: string;
  readonly ready: boolean;
  readonly secrets: Record<string, boolean>;
}

export function ChannelsSection() {
  const { t } = useTranslation();
  const { items, error } = useItems<ChannelState>('/api/settings/channels');
  return (
    <>
      <ItemsState error={error} loading={items === null} />
      <ul className="cards">
        {(items ?? []).map((c) => (
          <li key={c.channel} className="card" data-testid={`channel-${c.channel}`}>
            <h2 className="small-title">
              {codeLabel('channel', c.channel)}{' '}
              <Badge tone={c.ready ? 'ok' : 'warn'}>
                {c.ready ? t('settings.ready') : t('settings.notReady')}
              </Badge>
            </h2>
            <ul className="plain">
              {Object.entries(c.secrets).map(([k, set]) => (
                <li key={k}>
                  {t(`settings.secrets.${k}`)}:{' '}
                  <strong className={set ? 'ok' : 'bad'}>
                    {set ? t('settings.set') : t('settings.missing')}
                  </strong>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}
