import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { KINDS, TOPICS } from '../../shared/taxonomy.js';
import { countServices, insertServices } from './repository.js';
import { DATATYPES, SERVICE_TYPES, type Service } from './types.js';

/** The region's service list: `<regionDir>/open311-services.json`. */
export const SERVICES_FILE = 'open311-services.json';

const text = z.string().trim().min(1);
const attributeSchema = z
  .object({
    variable: z.boolean(),
    code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    datatype: z.enum(DATATYPES),
    required: z.boolean(),
    datatype_description: z.string().nullable(),
    order: z.number().int().positive().nullable(),
    description: z.string().nullable(),
    values: z.array(z.object({ key: text, name: text })),
  })
  .refine((a) => !a.datatype.endsWith('valuelist') || a.values.length > 0, {
    message: 'a list attribute needs values',
  })
  .refine((a) => !(a.required && !a.variable), { message: 'an informational attribute cannot be required' });

const serviceSchema = z.object({
  service_code: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  service_name: text,
  description: z.string(),
  type: z.enum(SERVICE_TYPES),
  keywords: z.string(),
  group: z.string(),
  topic: z.enum(TOPICS).nullable(),
  kind: z.enum(KINDS).nullable(),
  service_notice: z.string().nullable().optional(),
  attributes: z
    .array(attributeSchema)
    .refine((list) => new Set(list.map((a) => a.code)).size === list.length, {
      message: 'attribute codes must be unique',
    }),
});

const fileSchema = z.object({
  _note: z.string().optional(),
  discovery: z
    .object({ changeset: z.iso.datetime({ offset: true }), contact: text, key_service: text })
    .optional(),
  services: z
    .array(serviceSchema)
    .refine((list) => new Set(list.map((s) => s.service_code)).size === list.length, {
      message: 'service codes must be unique',
    }),
});

export type ServicesFile = z.infer<typeof fileSchema>;

const cache = new Map<string, Promise<ServicesFile>>();

/** Reads and validates a service list file; cached per path for the life of the process. */
export function loadServicesFile(file: string): Promise<ServicesFile> {
  let loaded = cache.get(file);
  if (!loaded) {
    loaded = readFile(file, 'utf8').then((raw) => {
      const parsed = fileSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new Error(`${file}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
      }
      return parsed.data;
    });
    // A missing or broken file is read again on the next call, so fixing it needs no restart.
    loaded.catch(() => cache.delete(file));
    cache.set(file, loaded);
  }
  return loaded;
}

export function servicesFilePath(ctx: AppContext): string {
  return join(ctx.config.regionDir, SERVICES_FILE);
}

export function toService(s: ServicesFile['services'][number]): Service {
  return {
    code: s.service_code,
    name: s.service_name,
    description: s.description,
    type: s.type,
    keywords: s.keywords,
    group: s.group,
    topic: s.topic,
    kind: s.kind,
    attributes: s.attributes,
  };
}

/**
 * Loads the service list into open311_services when that table is empty; returns how many services
 * were inserted (0 when the table already had rows). Safe when several instances start together:
 * rows that already exist are left alone.
 */
export async function seedOpen311Services(ctx: AppContext, file: string): Promise<number> {
  if ((await countServices(ctx.db)) > 0) return 0;
  const data = await loadServicesFile(file);
  return insertServices(ctx.db, data.services.map(toService));
}

const seeded = new WeakMap<AppContext, { done: Promise<void>; failedAt?: number }>();
const RETRY_AFTER_MS = 60_000;

/**
 * Seeds lazily, once per running app, before the first Open311 request that needs services.
 * A failure (missing or invalid file) is logged and retried a minute later, never per request.
 */
export async function ensureOpen311Services(ctx: AppContext): Promise<void> {
  const state = seeded.get(ctx);
  if (state && (state.failedAt === undefined || Date.now() - state.failedAt < RETRY_AFTER_MS)) {
    return state.done;
  }
  const next: { done: Promise<void>; failedAt?: number } = { done: Promise.resolve() };
  next.done = seedOpen311Services(ctx, servicesFilePath(ctx)).then(
    (n) => {
      if (n > 0) ctx.log.info({ services: n }, 'open311 services loaded');
    },
    (err: unknown) => {
      next.failedAt = Date.now();
      ctx.log.error({ err: { message: (err as Error).message } }, 'open311 services could not be loaded');
    },
  );
  seeded.set(ctx, next);
  return next.done;
}

/** The service notice of a service code, from the region's file (null when it has none). */
export async function serviceNotice(ctx: AppContext, code: string): Promise<string | null> {
  try {
    const data = await loadServicesFile(servicesFilePath(ctx));
    return data.services.find((s) => s.service_code === code)?.service_notice ?? null;
  } catch {
    return null;
  }
}

export interface DiscoveryInfo {
  readonly changeset: string;
  readonly contact: string;
  readonly key_service: string;
}

const DEFAULT_DISCOVERY: DiscoveryInfo = {
  changeset: '2026-11-30T00:00:00Z',
  contact: 'Contact the platform administrator.',
  key_service: 'API keys are issued by the platform administrator.',
};

export async function discoveryInfo(ctx: AppContext): Promise<DiscoveryInfo> {
  try {
    return (await loadServicesFile(servicesFilePath(ctx))).discovery ?? DEFAULT_DISCOVERY;
  } catch {
    return DEFAULT_DISCOVERY;
  }
}
