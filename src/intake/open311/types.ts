/** Open311 GeoReport v2 shapes shared by the service, the formatter and the tests. */

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type Datatype = (typeof DATATYPES)[number];

export const SERVICE_TYPES = ['realtime', 'batch', 'blackbox'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const REQUEST_STATUSES = ['open', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface AttributeValue {
  readonly key: string;
  readonly name: string;
}

/** One attribute of a service definition, exactly as the spec names its fields. */
export interface ServiceAttribute {
  readonly variable: boolean;
  readonly code: string;
  readonly datatype: Datatype;
  readonly required: boolean;
  readonly datatype_description: string | null;
  readonly order: number | null;
  readonly description: string | null;
  readonly values: readonly AttributeValue[];
}

/** A service as stored in open311_services, with its given labels. */
export interface Service {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly type: ServiceType;
  readonly keywords: string;
  readonly group: string;
  readonly topic: string | null;
  readonly kind: string | null;
  readonly attributes: readonly ServiceAttribute[];
}

/** One error of the spec's error body; `code` is the HTTP status, as in the spec's examples. */
export interface Open311ErrorItem {
  readonly code: number;
  readonly description: string;
}

/** A client application holding an API key. */
export interface Open311Client {
  readonly id: number;
  readonly name: string;
}

/** What each endpoint returns, before it is rendered as JSON or XML. */
export type Open311Payload =
  | { readonly kind: 'discovery'; readonly body: Record<string, unknown> }
  | { readonly kind: 'services'; readonly body: readonly Record<string, unknown>[] }
  | { readonly kind: 'service_definition'; readonly body: Record<string, unknown> }
  | { readonly kind: 'service_requests'; readonly body: readonly Record<string, unknown>[] }
  | { readonly kind: 'errors'; readonly body: readonly Open311ErrorItem[] };
