import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from '../channels/kit.js';

/** One news item, whichever the feed format. */
export interface FeedItem {
  /** RSS guid or Atom id. */
  readonly id: string | null;
  readonly title: string;
  readonly link: string | null;
  /** Description / summary / content, as HTML. */
  readonly html: string;
  /** pubDate (RFC 822) or published/updated (RFC 3339), epoch ms. */
  readonly publishedAt: number | null;
  readonly raw: Record<string, unknown>;
}

export interface Feed {
  readonly format: 'rss' | 'atom';
  readonly title: string;
  readonly items: readonly FeedItem[];
}

export class FeedParseError extends Error {
  constructor(
    readonly code: 'malformed_xml' | 'xml_entities_refused' | 'not_a_feed',
    message: string,
  ) {
    super(message);
    this.name = 'FeedParseError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // The five XML entities only; entity declarations are refused before parsing, never expanded or fetched.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** Text of an element that may carry attributes (`{"#text": …, "@_type": "html"}`). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (isRecord(value)) return text(value['#text'] ?? '');
  return '';
}

function time(value: unknown): number | null {
  const s = text(value).trim();
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

function rssItem(item: Record<string, unknown>): FeedItem {
  const link = Array.isArray(item.link) ? text(item.link[0]) : text(item.link);
  return {
    id: orNull(text(item.guid)),
    title: text(item.title),
    link: orNull(link),
    html: text(item.description) || text(item['content:encoded']),
    publishedAt: time(item.pubDate) ?? time(item['dc:date']),
    raw: item,
  };
}

function atomLink(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : [links]).filter(isRecord);
  const alternate = list.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? list[0];
  return alternate ? orNull(text(alternate['@_href'])) : null;
}

function atomEntry(entry: Record<string, unknown>): FeedItem {
  return {
    id: orNull(text(entry.id)),
    title: text(entry.title),
    link: atomLink(entry.link),
    html: text(entry.summary) || text(entry.content),
    publishedAt: time(entry.published) ?? time(entry.updated),
    raw: entry,
  };
}

const records = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord) : []);

/** Parses an RSS 2.0 or Atom 1.0 document; throws FeedParseError for anything else. */
export function parseFeed(xml: string): Feed {
  if (/<!ENTITY/i.test(xml)) {
    throw new FeedParseError('xml_entities_refused', 'the document declares XML entities, which are refused');
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FeedParseError(
      'malformed_xml',
      `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new FeedParseError('malformed_xml', (err as Error).message);
  }
  if (!isRecord(doc)) throw new FeedParseError('not_a_feed', 'empty document');
  if (isRecord(doc.rss)) {
    const channel = isRecord(doc.rss.channel) ? doc.rss.channel : {};
    return { format: 'rss', title: text(channel.title), items: records(channel.item).map(rssItem) };
  }
  if (isRecord(doc.feed)) {
    return { format: 'atom', title: text(doc.feed.title), items: records(doc.feed.entry).map(atomEntry) };
  }
  throw new FeedParseError('not_a_feed', 'neither an RSS <rss> nor an Atom <feed> document');
}
