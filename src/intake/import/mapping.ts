import { z } from 'zod';
import { CHANNELS, KINDS, TOPICS, URGENCIES } from '../../shared/taxonomy.js';
import { DISTRICT_PATTERN } from '../web/operator.js';
import { compileFormat, type DateFormat, offsetMinutes } from './dates.js';

/** Fields of a signal a file column can feed. */
export const FIELDS = [
  'text',
  'externalId',
  'receivedAt',
  'name',
  'phone',
  'email',
  'address',
  'district',
  'kind',
  'topic',
  'urgency',
  'channel',
  'lat',
  'lon',
] as const;
export type Field = (typeof FIELDS)[number];
/** Fields whose file values are translated to taxonomy codes through `valueMaps`. */
export const CODED = ['kind', 'topic', 'urgency', 'channel', 'district'] as const;
export type CodedField = (typeof CODED)[number];

const column = z.string().trim().min(1).max(200);
const district = z.string().regex(new RegExp(DISTRICT_PATTERN), 'a district code such as taraz');

const dateFormat = z.string().superRefine((value, ctx) => {
  try {
    compileFormat(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const mappingSchema = z
  .object({
    columns: z
      .object({
        text: column,
        ...Object.fromEntries(FIELDS.filter((f) => f !== 'text').map((f) => [f, column.optional()])),
      })
      .strict(),
    dateFormats: z.array(dateFormat).min(1).default(['DD.MM.YYYY HH:mm', 'DD.MM.YYYY', 'YYYY-MM-DD']),
    timezone: z
      .string()
      .regex(/^(Z|[+-]\d{2}:\d{2})$/, 'an offset such as +05:00')
      .default('+05:00'),
    delimiter: z.enum([';', ',', '\t', '|']).optional(),
    encoding: z.enum(['utf-8', 'windows-1251']).default('utf-8'),
    sheet: z.string().min(1).optional(),
    valueMaps: z
      .object({
        kind: z.record(z.string(), z.enum(KINDS)).optional(),
        topic: z.record(z.string(), z.enum(TOPICS)).optional(),
        urgency: z.record(z.string(), z.enum(URGENCIES)).optional(),
        channel: z.record(z.string(), z.enum(CHANNELS)).optional(),
        district: z.record(z.string(), district).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** A validated mapping, with its date formats compiled and value maps made case-insensitive. */
export interface Mapping {
  readonly columns: Readonly<Partial<Record<Field, string>>> & { readonly text: string };
  readonly dateFormats: readonly DateFormat[];
  readonly offsetMinutes: number;
  readonly delimiter: string | undefined;
  readonly encoding: 'utf-8' | 'windows-1251';
  readonly sheet: string | undefined;
  readonly valueMaps: Readonly<Record<CodedField, ReadonlyMap<string, string>>>;
  /** The mapping as given, for the import run record. */
  readonly json: string;
}

export class MappingError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid mapping: ${issues.join('; ')}`);
    this.name = 'MappingError';
  }
}

const fold = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/** Validates a mapping (parsed JSON); throws MappingError naming every problem. */
export function parseMapping(input: unknown): Mapping {
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success) {
    throw new MappingError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const m = parsed.data;
  const maps = {} as Record<CodedField, Map<string, string>>;
  for (const field of CODED) {
    maps[field] = new Map(Object.entries(m.valueMaps[field] ?? {}).map(([k, v]) => [fold(k), v]));
  }
  return {
    columns: m.columns as Mapping['columns'],
    dateFormats: m.dateFormats.map(compileFormat),
    offsetMinutes: offsetMinutes(m.timezone),
    delimiter: m.delimiter,
    encoding: m.encoding,
    sheet: m.sheet,
    valueMaps: maps,
    json: JSON.stringify(input),
  };
}

/** Parses mapping JSON text (a file, a query parameter, a header). */
export function parseMappingText(text: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MappingError([`not valid JSON: ${(err as Error).message}`]);
  }
  return parseMapping(json);
}

const KNOWN: Readonly<Record<Exclude<CodedField, 'district'>, readonly string[]>> = {
  kind: KINDS,
  topic: TOPICS,
  urgency: URGENCIES,
  channel: CHANNELS,
};

/**
 * The code for a file value: the value map (case- and ё-insensitive) first, then the value itself when
 * it already is a code. Districts are checked against the region's districts when they are loaded.
 */
export function codeFor(
  mapping: Mapping,
  field: CodedField,
  value: string,
  districts: ReadonlySet<string> | null,
): string | undefined {
  const mapped = mapping.valueMaps[field].get(fold(value));
  const code = mapped ?? value.trim().toLowerCase();
  if (field !== 'district') return KNOWN[field].includes(code) ? code : undefined;
  if (districts?.size) return districts.has(code) ? code : undefined;
  return new RegExp(DISTRICT_PATTERN).test(code) ? code : undefined;
}

/** Columns the mapping names that the file's header does not have. */
export function missingColumns(mapping: Mapping, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim()));
  return Object.values(mapping.columns).filter((c): c is string => !!c && !have.has(c));
}
