/** The API client: JSON in and out, the session cookie, and the CSRF header on unsafe requests. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Fired when the server says the session is gone; the app returns to the sign-in screen. */
export const UNAUTHORIZED_EVENT = 'tyndau:unauthorized';

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** Responses asked for before the app renders (see main.tsx); each is used once by the first GET of its path. */
const primed = new Map<string, { at: number; response: Promise<Response | null> }>();
const PRIMED_MS = 10_000;

/** Starts a GET now, while the scripts still start up; the first api() call for the path takes it. */
export function prime(path: string): void {
  if (primed.has(path)) return;
  const response = fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(
    () => null,
  );
  primed.set(path, { at: Date.now(), response });
}

/** A primed answer for this GET: fresh and successful only (a 401 before sign-in is asked again). */
async function takePrimed(path: string): Promise<Response | null> {
  const p = primed.get(path);
  if (!p) return null;
  primed.delete(path);
  if (Date.now() - p.at > PRIMED_MS) return null;
  const res = await p.response;
  return res?.ok ? res : null;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const early = method === 'GET' ? await takePrimed(path) : null;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res =
      early ??
      (await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? null : JSON.stringify(options.body),
        ...(options.signal ? { signal: options.signal } : {}),
      }));
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'the server does not answer');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/api/auth/'))
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText);
  }
  return json as T;
}

/** A query string from a record, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
