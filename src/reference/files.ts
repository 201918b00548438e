import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const names = z.object({ ru: z.string(), kk: z.string(), en: z.string().optional() });

export const gazetteerFile = z.object({
  region: z.object({
    code: z.string(),
    name: names,
    capital: z.string().nullable().optional(),
    utcOffset: z.string(),
  }),
  districts: z.array(
    z.object({
      code: z.string(),
      name: names,
      population: z.number().int().nonnegative(),
      lat: z.number().nullable().optional(),
      lon: z.number().nullable().optional(),
    }),
  ),
  settlements: z.array(
    z.object({
      name: names,
      district: z.string(),
      kind: z.string(),
      population: z.number().nullable().optional(),
      lat: z.number().nullable().optional(),
      lon: z.number().nullable().optional(),
    }),
  ),
});

export const organisationsFile = z.object({
  organisations: z.array(
    z.object({
      code: z.string(),
      kind: z.enum(['department', 'utility', 'district_akimat', 'call_centre', 'other']),
      name: z.object({ ru: z.string(), kk: z.string(), en: z.string() }),
      district: z.string().nullable().optional(),
      requiresApproval: z.boolean().default(false),
    }),
  ),
});

export const ruleConditions = z
  .object({
    topics: z.array(z.string()).optional(),
    kinds: z.array(z.string()).optional(),
    districts: z.array(z.string()).optional(),
    channels: z.array(z.string()).optional(),
    urgencies: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
  })
  .strict();
export type RuleConditions = z.infer<typeof ruleConditions>;

export const routingFile = z.object({
  defaultOrganisation: z.string(),
  rules: z.array(
    z.object({
      name: z.string(),
      organisation: z.string(),
      conditions: ruleConditions,
      strategy: z.enum(['round_robin', 'least_loaded', 'none']).default('least_loaded'),
    }),
  ),
});

const hours = z.object({ critical: z.number(), high: z.number(), normal: z.number(), low: z.number() });
export const templatesFile = z.object({
  templates: z.array(
    z.object({ code: z.string(), purpose: z.string(), lang: z.enum(['kk', 'ru', 'en']), body: z.string() }),
  ),
  operationalHours: z.record(z.string(), z.union([hours, z.string()])),
});
export type OperationalHours = Record<string, z.infer<typeof hours>>;

export function readJson<T>(schema: z.ZodType<T>, dir: string, file: string): T {
  const path = join(dir, file);
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export function operationalHours(dir: string): OperationalHours {
  const file = readJson(templatesFile, dir, 'templates.json');
  const out: OperationalHours = {};
  for (const [k, v] of Object.entries(file.operationalHours)) if (typeof v !== 'string') out[k] = v;
  return out;
}
