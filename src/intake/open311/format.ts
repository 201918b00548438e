import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';
import type { Format, Open311Payload } from './types.js';

export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** Element names of the XML documents: the root of each response, and each list's item element. */
const ROOTS: Readonly<Record<Open311Payload['kind'], { root: string; item?: string }>> = {
  discovery: { root: 'discovery' },
  services: { root: 'services', item: 'service' },
  service_definition: { root: 'service_definition' },
  service_requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
};
const ITEMS: Readonly<Record<string, string>> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

// Characters XML 1.0 cannot carry even escaped; JSON can, XML drops them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** The Spark convention backwards: JSON arrays become a wrapper element with one child per item. */
function toXmlTree(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toXmlTree);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const item = ITEMS[k];
    out[k] = item && Array.isArray(v) ? { [item]: v.map(toXmlTree) } : toXmlTree(v);
  }
  return out;
}

const builder = new XMLBuilder({ suppressEmptyNode: true, format: false, processEntities: true });

export function renderXml(payload: Open311Payload): string {
  const { root, item } = ROOTS[payload.kind];
  const tree = item ? { [root]: { [item]: toXmlTree(payload.body) } } : { [root]: toXmlTree(payload.body) };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(tree)}`;
}

export function render(format: Format, payload: Open311Payload): string {
  return format === 'json' ? JSON.stringify(payload.body) : renderXml(payload);
}

/** Sends a rendered Open311 document (the string goes out as is; no schema serialiser runs). */
export function sendOpen311(reply: FastifyReply, format: Format, payload: Open311Payload, status = 200) {
  return reply.status(status).type(CONTENT_TYPES[format]).send(render(format, payload));
}
