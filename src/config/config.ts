import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting of Tyndau, parsed once from the environment into a frozen object.
 * Nothing else in the code base reads process.env.
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

const optionalSecret = z
  .string()
  .min(1)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const url = z.url({ protocol: /^https?$/ });

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  TYNDAU_DATA_DIR: z.string().min(1).default('./data'),
  TYNDAU_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TYNDAU_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(1024 * 1024),
  TYNDAU_DEMO: bool.default(true),
  TYNDAU_SIMULATOR: bool.default(true),
  TYNDAU_SIMULATOR_PER_MINUTE: z.coerce.number().min(0).max(600).default(12),
  TYNDAU_LABEL_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  TYNDAU_INTAKE_JOURNAL_AT: z.coerce.number().int().min(0).max(10_000).default(8),
  TYNDAU_INTAKE_JOURNAL_MAX: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  TYNDAU_REGION_DIR: z.string().min(1).default('./data/regions/zhambyl'),
  TYNDAU_PUBLIC_URL: url.optional(),
  // Telegram
  TYNDAU_TELEGRAM_SECRET: optionalSecret,
  TYNDAU_TELEGRAM_BOT_TOKEN: optionalSecret,
  TYNDAU_TELEGRAM_API_BASE: url.default('https://api.telegram.org'),
  // WhatsApp Cloud API and Meta (Instagram, Facebook)
  TYNDAU_WHATSAPP_VERIFY_TOKEN: optionalSecret,
  TYNDAU_WHATSAPP_APP_SECRET: optionalSecret,
  TYNDAU_WHATSAPP_TOKEN: optionalSecret,
  TYNDAU_WHATSAPP_PHONE_NUMBER_ID: optionalSecret,
  TYNDAU_WHATSAPP_TEMPLATE: z.string().min(1).default('case_update'),
  TYNDAU_META_VERIFY_TOKEN: optionalSecret,
  TYNDAU_META_APP_SECRET: optionalSecret,
  TYNDAU_META_PAGE_TOKEN: optionalSecret,
  TYNDAU_GRAPH_API_BASE: url.default('https://graph.facebook.com/v21.0'),
  // VK
  TYNDAU_VK_CONFIRMATION: optionalSecret,
  TYNDAU_VK_SECRET: optionalSecret,
  TYNDAU_VK_TOKEN: optionalSecret,
  TYNDAU_VK_API_BASE: url.default('https://api.vk.com/method'),
  // HTTP gateways taking JSON {to, text}: SMS and e-mail for call-centre, web and e-mail cases
  TYNDAU_SMS_GATEWAY_URL: url.optional(),
  TYNDAU_EMAIL_GATEWAY_URL: url.optional(),
  // Intake behaviour
  TYNDAU_THREAD_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(30),
  TYNDAU_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
});

export type Env = z.input<typeof envSchema>;

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  readonly dataDir: string;
  readonly regionDir: string;
  readonly adminToken: string | undefined;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly bodyLimit: number;
  readonly demo: boolean;
  readonly simulator: boolean;
  /** Everyday messages the demo simulator sends per minute (outages come on top). */
  readonly simulatorPerMinute: number;
  /**
   * Channels whose webhook secrets demo mode generated (none were configured): only the demo simulator
   * can sign for them, so what they receive is stored as demo data. Never set from the environment.
   */
  readonly demoChannels: readonly string[];
  /** Worker threads that label webhook deliveries off the event loop; 0 labels them inline. */
  readonly labelWorkers: number;
  /**
   * Webhook deliveries in flight from which new ones are journaled (acknowledged after a short commit,
   * stored as signals right after); 0 never journals. See src/intake/channels/journal.ts.
   */
  readonly intakeJournalAt: number;
  /** Journaled deliveries waiting at most; beyond that, deliveries are stored before their 2xx again. */
  readonly intakeJournalMax: number;
  readonly publicUrl: string | undefined;
  readonly threadWindowMinutes: number;
  readonly publicRateLimit: number;
  readonly telegram: {
    readonly secret: string | undefined;
    readonly botToken: string | undefined;
    readonly apiBase: string;
  };
  readonly whatsapp: {
    readonly verifyToken: string | undefined;
    readonly appSecret: string | undefined;
    readonly token: string | undefined;
    readonly phoneNumberId: string | undefined;
    /** Approved message template used outside the 24-hour customer-service window. */
    readonly template: string;
  };
  readonly meta: {
    readonly verifyToken: string | undefined;
    readonly appSecret: string | undefined;
    readonly pageToken: string | undefined;
    readonly graphApiBase: string;
  };
  readonly vk: {
    readonly confirmation: string | undefined;
    readonly secret: string | undefined;
    readonly token: string | undefined;
    readonly apiBase: string;
  };
  readonly gateways: {
    readonly sms: string | undefined;
    readonly email: string | undefined;
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseDatabase(url: string | undefined, dataDir: string): DatabaseConfig {
  if (!url) return { dialect: 'sqlite', file: resolve(dataDir, 'tyndau.db') };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return { dialect: 'sqlite', file: file === ':memory:' ? file : resolve(file) };
  }
  throw new ConfigError(['DATABASE_URL: must start with postgres://, postgresql:// or sqlite:']);
}

/** Builds the frozen configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.TYNDAU_DATA_DIR);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    database: parseDatabase(e.DATABASE_URL, dataDir),
    dataDir,
    regionDir: resolve(e.TYNDAU_REGION_DIR),
    adminToken: e.TYNDAU_ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.TYNDAU_BODY_LIMIT,
    demo: e.TYNDAU_DEMO,
    simulator: e.TYNDAU_SIMULATOR,
    simulatorPerMinute: e.TYNDAU_SIMULATOR_PER_MINUTE,
    demoChannels: [],
    labelWorkers: e.TYNDAU_LABEL_WORKERS,
    intakeJournalAt: e.TYNDAU_INTAKE_JOURNAL_AT,
    intakeJournalMax: e.TYNDAU_INTAKE_JOURNAL_MAX,
    publicUrl: e.TYNDAU_PUBLIC_URL,
    threadWindowMinutes: e.TYNDAU_THREAD_WINDOW_MINUTES,
    publicRateLimit: e.TYNDAU_PUBLIC_RATE_LIMIT,
    telegram: {
      secret: e.TYNDAU_TELEGRAM_SECRET,
      botToken: e.TYNDAU_TELEGRAM_BOT_TOKEN,
      apiBase: e.TYNDAU_TELEGRAM_API_BASE.replace(/\/$/, ''),
    },
    whatsapp: {
      verifyToken: e.TYNDAU_WHATSAPP_VERIFY_TOKEN,
      appSecret: e.TYNDAU_WHATSAPP_APP_SECRET,
      token: e.TYNDAU_WHATSAPP_TOKEN,
      phoneNumberId: e.TYNDAU_WHATSAPP_PHONE_NUMBER_ID,
      template: e.TYNDAU_WHATSAPP_TEMPLATE,
    },
    meta: {
      verifyToken: e.TYNDAU_META_VERIFY_TOKEN,
      appSecret: e.TYNDAU_META_APP_SECRET,
      pageToken: e.TYNDAU_META_PAGE_TOKEN,
      graphApiBase: e.TYNDAU_GRAPH_API_BASE.replace(/\/$/, ''),
    },
    vk: {
      confirmation: e.TYNDAU_VK_CONFIRMATION,
      secret: e.TYNDAU_VK_SECRET,
      token: e.TYNDAU_VK_TOKEN,
      apiBase: e.TYNDAU_VK_API_BASE.replace(/\/$/, ''),
    },
    gateways: { sms: e.TYNDAU_SMS_GATEWAY_URL, email: e.TYNDAU_EMAIL_GATEWAY_URL },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
