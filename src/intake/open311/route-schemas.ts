/**
 * OpenAPI documentation of the Open311 routes. Responses are rendered by format.ts (JSON or XML) and
 * sent as strings, so these schemas document; the JSON Schemas in ./schemas/ are what tests check.
 */

const str = { type: 'string' } as const;
const nstr = { type: 'string', nullable: true } as const;
const ndate = { type: 'string', format: 'date-time', nullable: true } as const;

export const formatParam = {
  type: 'string',
  enum: ['json', 'xml'],
  description: 'response format: the URL suffix .json or .xml',
} as const;

const errorsDoc = {
  type: 'array',
  description: 'the spec error list; XML: <errors><error><code/><description/></error></errors>',
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: str },
  },
} as const;

function both(description: string, schema: Record<string, unknown>) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/xml': { schema: { type: 'string', description: 'the same document in XML' } },
    },
  };
}

export function responses(okDescription: string, schema: Record<string, unknown>, errors: number[]) {
  const out: Record<number, unknown> = { 200: both(okDescription, schema) };
  const text: Record<number, string> = {
    400: 'bad request (any error but the two below)',
    403: 'api_key missing or invalid',
    404: 'no such resource',
  };
  for (const status of errors) out[status] = both(text[status] ?? 'error', errorsDoc);
  return out;
}

export const discoveryDoc = {
  type: 'object',
  properties: {
    changeset: { type: 'string', format: 'date-time' },
    contact: str,
    key_service: str,
    endpoints: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          specification: str,
          url: str,
          changeset: { type: 'string', format: 'date-time' },
          type: { type: 'string', enum: ['production', 'test'] },
          formats: { type: 'array', items: str },
        },
      },
    },
  },
} as const;

export const servicesDoc = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'metadata', 'type'],
    properties: {
      service_code: str,
      service_name: str,
      description: nstr,
      metadata: { type: 'boolean' },
      type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
      keywords: nstr,
      group: nstr,
    },
  },
} as const;

export const serviceDefinitionDoc = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: str,
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required'],
        properties: {
          variable: { type: 'boolean' },
          code: str,
          datatype: {
            type: 'string',
            enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'],
          },
          required: { type: 'boolean' },
          datatype_description: nstr,
          order: { type: 'integer', nullable: true },
          description: nstr,
          values: {
            type: 'array',
            items: { type: 'object', properties: { key: str, name: str } },
          },
        },
      },
    },
  },
} as const;

export const requestsDoc = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    properties: {
      service_request_id: str,
      status: { type: 'string', enum: ['open', 'closed'] },
      status_notes: nstr,
      service_name: nstr,
      service_code: str,
      description: { type: 'string', nullable: true, description: 'the redacted text: no personal data' },
      agency_responsible: nstr,
      service_notice: nstr,
      requested_datetime: { type: 'string', format: 'date-time' },
      updated_datetime: ndate,
      expected_datetime: ndate,
      address: { type: 'string', nullable: true, description: 'street level only; never a house or flat' },
      address_id: { type: 'string', nullable: true, description: 'never published' },
      zipcode: nstr,
      lat: { type: 'number', nullable: true, description: 'rounded to 3 decimals (~100 m)' },
      long: { type: 'number', nullable: true, description: 'rounded to 3 decimals (~100 m)' },
      media_url: nstr,
    },
  },
} as const;

export const createdDoc = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      service_request_id: { type: 'string', description: 'realtime services' },
      token: { type: 'string', description: 'batch services, instead of the id: see GET tokens' },
      service_notice: nstr,
      account_id: nstr,
    },
  },
} as const;

export const tokenDoc = {
  type: 'array',
  items: { type: 'object', properties: { token: str, service_request_id: nstr } },
} as const;

const formField = (description: string) => ({ type: 'string', description }) as const;

export const createBody = {
  type: 'object',
  description: 'application/x-www-form-urlencoded; charset=utf-8',
  properties: {
    api_key: formField('the client application key (required)'),
    jurisdiction_id: formField('accepted and ignored: one jurisdiction per endpoint'),
    service_code: formField('required; from GET services'),
    lat: formField('WGS84 latitude; with long, or give address_string or address_id'),
    long: formField('WGS84 longitude'),
    address_string: formField('the address as the citizen wrote it'),
    address_id: formField('an address register id'),
    email: formField('contact (kept apart, never public)'),
    device_id: formField('contact (kept apart, never public)'),
    account_id: formField('contact (kept apart, never public); echoed in the response'),
    first_name: formField('contact (kept apart, never public)'),
    last_name: formField('contact (kept apart, never public)'),
    phone: formField('contact (kept apart, never public)'),
    description: formField('at most 4000 characters'),
    media_url: formField('http(s) URL of a photo'),
  },
  patternProperties: {
    '^attribute\\[[^\\]]+\\](\\[\\])?$': {
      description: 'attribute[CODE]=value; a multivaluelist repeats attribute[CODE][]=value',
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
  },
} as const;

export const requestsQuery = {
  type: 'object',
  properties: {
    service_request_id: formField('comma-separated ids; overrides every other filter'),
    service_code: formField('comma-separated service codes'),
    start_date: formField('ISO 8601 with timezone; requested at or after'),
    end_date: formField('ISO 8601 with timezone; requested at or before (at most 90 days after start_date)'),
    status: formField('comma-separated: open, closed'),
    jurisdiction_id: formField('accepted and ignored'),
  },
} as const;

export const jurisdictionQuery = {
  type: 'object',
  properties: { jurisdiction_id: formField('accepted and ignored: one jurisdiction per endpoint') },
} as const;
