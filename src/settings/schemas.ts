import { z } from 'zod';
import { CHANNELS, KINDS, TOPICS, URGENCIES } from '../shared/taxonomy.js';

/** Bodies of the admin write APIs (validated with zod, documented from the same schemas). */

const text = (max: number) => z.string().trim().min(1).max(max);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50).optional();

export const ORGANISATION_KINDS = [
  'department',
  'utility',
  'district_akimat',
  'call_centre',
  'other',
] as const;

export const organisationBody = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lower-case letters, digits, - and _ (2 to 64)')
    .optional()
    .describe('stable code; required on create, cannot change'),
  name: z.strictObject({ kk: text(300), ru: text(300), en: text(300) }),
  kind: z.enum(ORGANISATION_KINDS),
  district: z.string().max(40).nullable().default(null).describe('district code, or null for the region'),
  requiresApproval: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type OrganisationInput = z.output<typeof organisationBody>;

export const STRATEGIES = ['round_robin', 'least_loaded', 'none'] as const;

export const ruleBody = z.strictObject({
  name: text(200),
  priority: z.number().int().min(0).max(1_000_000).describe('lower runs first'),
  conditions: z.strictObject({
    topics: list(z.enum(TOPICS)),
    kinds: list(z.enum(KINDS)),
    districts: list(z.string().min(1).max(40)),
    channels: list(z.enum(CHANNELS)),
    urgencies: list(z.enum(URGENCIES)),
    keywords: list(text(100)),
  }),
  organisationId: z.number().int().min(1),
  executorId: z.number().int().min(1).nullable().default(null),
  strategy: z.enum(STRATEGIES).default('least_loaded'),
  active: z.boolean().default(true),
});
export type RuleInput = z.output<typeof ruleBody>;

export const TEMPLATE_PURPOSES = [
  'answer_template',
  'acknowledgement',
  'answer',
  'status',
  'feedback_request',
  'extension_notice',
  'redirect_notice',
  'notice',
] as const;

export const templateBody = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, ., - and _'),
  purpose: z.enum(TEMPLATE_PURPOSES).default('answer_template'),
  lang: z.enum(['kk', 'ru', 'en']),
  body: text(5000),
  organisationId: z.number().int().min(1).nullable().default(null),
  active: z.boolean().default(true),
});
export type TemplateInput = z.output<typeof templateBody>;

export const calendarBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('holiday'),
    date: z.iso.date(),
    name: text(200),
    religious: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('transfer'),
    date: z.iso.date().describe('the working day that becomes a day off'),
    name: text(200),
    workingDate: z.iso.date().describe('the weekend day that is worked instead'),
  }),
]);
export type CalendarInput = z.output<typeof calendarBody>;

export const dateParams = z.strictObject({ date: z.iso.date() });

/** Response schemas (JSON schema, as the read routes write them). */
const names = {
  type: 'object',
  properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } },
} as const;

export const organisationSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    kind: { type: 'string' },
    name: names,
    district: { type: 'string', nullable: true },
    requiresApproval: { type: 'boolean' },
    active: { type: 'boolean' },
  },
} as const;

export const ruleSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    priority: { type: 'integer' },
    name: { type: 'string' },
    conditions: { type: 'object', additionalProperties: true },
    organisationId: { type: 'integer' },
    executorId: { type: 'integer', nullable: true },
    strategy: { type: 'string' },
    active: { type: 'boolean' },
  },
} as const;

export const templateSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string' },
    purpose: { type: 'string' },
    lang: { type: 'string' },
    body: { type: 'string' },
    organisationId: { type: 'integer', nullable: true },
    active: { type: 'boolean' },
  },
} as const;

export const calendarSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    date: { type: 'string', format: 'date' },
    type: { type: 'string', enum: ['holiday', 'transfer'] },
    name: { type: 'string' },
    religious: { type: 'boolean' },
    workingDate: { type: 'string', format: 'date', nullable: true },
  },
} as const;

export const errors = {
  400: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  409: { $ref: 'Error#' },
} as const;
