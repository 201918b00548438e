import { KINDS, TOPICS, URGENCIES } from '../../shared/taxonomy.js';
import { TEXT_MAX, TEXT_MIN } from './form.js';
import { DISTRICT_PATTERN, OPERATOR_CHANNELS } from './operator.js';

const geo = {
  lat: { type: 'number', minimum: -90, maximum: 90 },
  lon: { type: 'number', minimum: -180, maximum: 180 },
} as const;

export const appealBody = {
  type: 'object',
  required: ['text', 'consent'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: TEXT_MIN, maxLength: TEXT_MAX, description: 'the appeal' },
    name: { type: 'string', maxLength: 200 },
    phone: {
      type: 'string',
      maxLength: 40,
      description: 'normalised to E.164; Kazakh numbers without +7 too',
    },
    email: { type: 'string', format: 'email', maxLength: 254 },
    address: { type: 'string', maxLength: 500 },
    district: { type: 'string', pattern: DISTRICT_PATTERN, description: 'district code, e.g. taraz' },
    ...geo,
    consent: { type: 'boolean', description: 'consent to process personal data; must be true' },
    lang: { type: 'string', enum: ['kk', 'ru', 'en'] },
    website: {
      type: 'string',
      maxLength: 2000,
      description: 'honeypot: hidden from people, leave empty (a filled value is answered 202 and dropped)',
    },
  },
} as const;

export const appealHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      pattern: '^[A-Za-z0-9._:-]{8,128}$',
      description: 'a client-generated key (a UUID): a repeated submission with it is stored once',
    },
  },
} as const;

export const appealResponses = {
  201: {
    description: 'stored (or already stored under the same Idempotency-Key)',
    type: 'object',
    required: ['id', 'receivedAt'],
    properties: { id: { type: 'integer' }, receivedAt: { type: 'string', format: 'date-time' } },
  },
  202: {
    description: 'accepted',
    type: 'object',
    properties: { receivedAt: { type: 'string', format: 'date-time' } },
  },
  400: { $ref: 'Error#' },
  413: { $ref: 'Error#' },
  429: { $ref: 'Error#' },
} as const;

export const operatorBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    text: { type: 'string', minLength: 1, maxLength: 20_000 },
    name: { type: 'string', maxLength: 200, description: "caller's name" },
    phone: { type: 'string', maxLength: 40, description: "caller's phone; normalised to E.164" },
    email: { type: 'string', format: 'email', maxLength: 254 },
    address: { type: 'string', maxLength: 500 },
    channel: { type: 'string', enum: [...OPERATOR_CHANNELS], default: 'call_center' },
    kind: { type: 'string', enum: [...KINDS] },
    topic: { type: 'string', enum: [...TOPICS] },
    district: { type: 'string', pattern: DISTRICT_PATTERN },
    urgency: { type: 'string', enum: [...URGENCIES] },
    externalId: {
      type: 'string',
      pattern: '^[A-Za-z0-9._:@/#-]{1,200}$',
      description: 'the number in the source system; generated when absent; a repeat is stored once',
    },
    sentAt: { type: 'string', format: 'date-time', description: 'when the call came in; default now' },
    ...geo,
  },
} as const;

export const operatorResponses = {
  201: {
    description: 'registered',
    type: 'object',
    required: ['id', 'duplicate'],
    properties: { id: { type: 'integer' }, duplicate: { type: 'boolean' } },
  },
  200: {
    description: 'this externalId was registered before: nothing new stored',
    type: 'object',
    required: ['id', 'duplicate'],
    properties: { id: { type: 'integer' }, duplicate: { type: 'boolean' } },
  },
  400: { $ref: 'Error#' },
  401: { $ref: 'Error#' },
  403: { $ref: 'Error#' },
} as const;
