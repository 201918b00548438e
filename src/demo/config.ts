import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../config/config.js';

const secret = () => randomBytes(24).toString('base64url');

/**
 * The configuration demo mode runs with: every channel secret that was not configured is generated, so
 * the simulator can sign its requests like the providers do; and provider APIs that were not configured
 * (no token, default base URL) point at the in-process stand-in. A new frozen object; `config` is untouched.
 */
export function demoConfig(config: Config, standInUrl: string | null): Config {
  if (!config.demo) return config;
  const defaults = loadConfig({});
  const standIn = (configured: boolean, base: string, fallback: string, path: string) =>
    standInUrl && !configured && base === fallback ? `${standInUrl}/${path}` : null;
  const telegramBase = standIn(
    Boolean(config.telegram.botToken),
    config.telegram.apiBase,
    defaults.telegram.apiBase,
    'telegram',
  );
  const graphBase = standIn(
    Boolean(config.whatsapp.token || config.meta.pageToken),
    config.meta.graphApiBase,
    defaults.meta.graphApiBase,
    'graph',
  );
  const vkBase = standIn(Boolean(config.vk.token), config.vk.apiBase, defaults.vk.apiBase, 'vk');
  const generated: Array<[boolean, string[]]> = [
    [!config.telegram.secret, ['telegram']],
    [!config.whatsapp.appSecret, ['whatsapp']],
    [!config.meta.appSecret, ['instagram', 'facebook']],
    [!config.vk.secret, ['vk']],
  ];
  const derived: Config = {
    ...config,
    demoChannels: generated.flatMap(([yes, channels]) => (yes ? channels : [])),
    telegram: {
      ...config.telegram,
      secret: config.telegram.secret ?? secret(),
      ...(telegramBase ? { apiBase: telegramBase, botToken: '109000:DEMO-stand-in' } : {}),
    },
    whatsapp: {
      ...config.whatsapp,
      appSecret: config.whatsapp.appSecret ?? secret(),
      verifyToken: config.whatsapp.verifyToken ?? secret(),
      ...(graphBase
        ? { token: 'demo-stand-in', phoneNumberId: config.whatsapp.phoneNumberId ?? '109000000000' }
        : {}),
    },
    meta: {
      ...config.meta,
      appSecret: config.meta.appSecret ?? secret(),
      verifyToken: config.meta.verifyToken ?? secret(),
      ...(graphBase ? { graphApiBase: graphBase, pageToken: 'demo-stand-in' } : {}),
    },
    vk: {
      ...config.vk,
      secret: config.vk.secret ?? secret(),
      confirmation: config.vk.confirmation ?? 'demo-confirmation',
      ...(vkBase ? { apiBase: vkBase, token: 'demo-stand-in' } : {}),
    },
    gateways: {
      sms: config.gateways.sms ?? (standInUrl ? `${standInUrl}/sms` : undefined),
      email: config.gateways.email ?? (standInUrl ? `${standInUrl}/email` : undefined),
    },
  };
  return deepFreeze(derived);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
