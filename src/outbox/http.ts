import { SendError } from './types.js';

/** A provider that has not answered within this time is treated as unreachable (the attempt is retried). */
export const SEND_TIMEOUT_MS = 15_000;

export interface HttpAnswer {
  readonly status: number;
  /** The parsed JSON body, or null when the body was empty or not JSON. */
  readonly json: unknown;
  /** From a Retry-After header (seconds), when present. */
  readonly retryAfterMs: number | undefined;
}

/**
 * One outbound request. Network failures and timeouts become a retryable SendError whose text names
 * only the failure kind: URLs (the Telegram token is in the path) and bodies never reach an error.
 */
async function request(url: string, init: RequestInit): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const kind = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name);
    throw new SendError('network_error', kind, true);
  }
  const body = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = body ? (JSON.parse(body) as unknown) : null;
  } catch {
    json = null;
  }
  const ra = Number(res.headers.get('retry-after'));
  return {
    status: res.status,
    json,
    retryAfterMs: Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined,
  };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export function postForm(url: string, params: Record<string, string>): Promise<HttpAnswer> {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

/** Whether an HTTP status is worth another attempt: rate limits, timeouts and server errors are. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A failed HTTP answer as a SendError, with a short provider-given detail (never our request). */
export function httpFailure(answer: HttpAnswer, detail: string): SendError {
  return new SendError(
    `http_${answer.status}`,
    detail.slice(0, 200),
    retryableStatus(answer.status),
    answer.retryAfterMs,
  );
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
