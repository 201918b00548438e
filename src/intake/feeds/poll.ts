import { createHash } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import { notFound } from '../../shared/errors.js';
import { ingest, quarantine } from '../service.js';
import type { InboundSignal } from '../types.js';
import { stripHtml } from './html.js';
import { type FeedItem, FeedParseError, parseFeed } from './parse.js';
import { getSource, listSources, recordPoll } from './repository.js';

export const FEED_TIMEOUT_MS = 20_000;
export const FEED_MAX_BYTES = 5 * 1024 * 1024;

export interface PollResult {
  readonly sourceId: number;
  readonly outcome: 'stored' | 'not_modified' | 'error';
  readonly httpStatus: number | null;
  readonly items: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly error: string | null;
}

type Source = NonNullable<Awaited<ReturnType<typeof getSource>>>;

/** The signal of one news item: a mention, deduplicated on guid / id (else the link). */
export function itemSignal(source: Source, item: FeedItem): InboundSignal | null {
  const title = stripHtml(item.title);
  const body = stripHtml(item.html);
  const text = [title, body].filter(Boolean).join('\n');
  if (!text) return null;
  const externalId =
    item.id ??
    item.link ??
    `sha256:${createHash('sha256').update(`${source.id}\u0000${text}`).digest('hex')}`;
  return {
    channel: 'news',
    status: 'mention',
    externalId,
    sentAt: item.publishedAt,
    text,
    author: { externalUserId: `feed:${source.id}`, displayName: source.name },
    conversation: `news:${source.id}`,
    attachments: item.link ? [{ kind: 'other', url: item.link }] : [],
    raw: { source: source.id, item: item.raw },
  };
}

/** Reads the body, refusing one over the limit (a feed is small; a huge one is an error, not news). */
async function readBody(response: Response): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > FEED_MAX_BYTES)
    throw new Error(`body of ${declared} bytes is over the ${FEED_MAX_BYTES}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > FEED_MAX_BYTES) {
      await reader.cancel();
      throw new Error(`body is over the ${FEED_MAX_BYTES}-byte limit`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

const causeOf = (err: unknown) => {
  const e = err as Error & { cause?: Error & { code?: string } };
  return (e.cause?.code ?? e.cause?.message ?? e.message).slice(0, 300);
};

/**
 * Polls one source once: a conditional GET (If-None-Match / If-Modified-Since from the last good poll);
 * 304 means nothing new; a 200 is parsed (RSS 2.0 or Atom) and every item is ingested as a `news`
 * mention. The new ETag / Last-Modified are kept only after every item is committed, so a failed store
 * is retried by the next poll. Network errors, HTTP errors and bad XML are recorded on the source (bad
 * XML is also quarantined) and returned, never thrown.
 */
export async function pollFeed(ctx: AppContext, sourceId: number): Promise<PollResult> {
  const source = await getSource(ctx.db, sourceId);
  if (!source) throw notFound('feed source');
  const result = (r: Partial<PollResult>): PollResult => ({
    sourceId,
    outcome: 'error',
    httpStatus: null,
    items: 0,
    stored: 0,
    duplicates: 0,
    error: null,
    ...r,
  });
  const fail = async (httpStatus: number | null, error: string) => {
    await recordPoll(ctx.db, sourceId, { at: ctx.now(), status: httpStatus, error });
    return result({ httpStatus, error });
  };

  const headers: Record<string, string> = {
    'user-agent': 'Tyndau feed poller (+https://github.com/tyndau)',
    accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
  };
  if (source.etag) headers['if-none-match'] = source.etag;
  if (source.last_modified) headers['if-modified-since'] = source.last_modified;
  let response: Response;
  let body: Buffer;
  try {
    response = await fetch(source.url, { headers, signal: AbortSignal.timeout(FEED_TIMEOUT_MS) });
    if (response.status === 304) {
      await recordPoll(ctx.db, sourceId, { at: ctx.now(), status: 304, error: null });
      return result({ outcome: 'not_modified', httpStatus: 304 });
    }
    if (!response.ok) {
      await response.body?.cancel();
      return fail(response.status, `HTTP ${response.status}`);
    }
    body = await readBody(response);
  } catch (err) {
    return fail(null, `fetch failed: ${causeOf(err)}`);
  }

  const validators = {
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
  };
  let items: readonly FeedItem[];
  try {
    items = parseFeed(body.toString('utf8')).items;
  } catch (err) {
    if (!(err instanceof FeedParseError)) throw err;
    const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const error = `${err.code}: ${err.message.slice(0, 300)} [body ${digest}]`;
    // The same broken body polled again is not quarantined twice.
    if (!source.last_error?.endsWith(`[body ${digest}]`)) {
      await quarantine(
        ctx,
        'news',
        err.code,
        err.message,
        body,
        response.headers.get('content-type') ?? undefined,
      );
    }
    await recordPoll(ctx.db, sourceId, { at: ctx.now(), status: response.status, error, validators });
    return result({ httpStatus: response.status, error });
  }

  let stored = 0;
  let duplicates = 0;
  try {
    // Feeds list the newest first: store the oldest first, so ids follow publication order.
    for (const item of [...items].reverse()) {
      const signal = itemSignal(source, item);
      if (!signal) continue;
      const r = await ingest(ctx, signal);
      if (r.duplicate) duplicates++;
      else stored++;
    }
  } catch (err) {
    ctx.log.error({ err: { message: (err as Error).message }, sourceId }, 'storing feed items failed');
    return fail(response.status, `store failed: ${(err as Error).message.slice(0, 200)}`);
  }
  await recordPoll(ctx.db, sourceId, { at: ctx.now(), status: response.status, error: null, validators });
  return result({ outcome: 'stored', httpStatus: response.status, items: items.length, stored, duplicates });
}

/** Polls every enabled source once (the `tyndau feeds:poll` command). */
export async function pollAll(ctx: AppContext): Promise<PollResult[]> {
  const out: PollResult[] = [];
  for (const source of await listSources(ctx.db)) {
    if (source.enabled) out.push(await pollFeed(ctx, source.id));
  }
  return out;
}
