import type { Principal } from '../auth/access.js';
import { scopeOf } from '../cases/queries.js';

/** What the live feed tells the web app: labels and state only — never a text, a name or an address. */
export type LiveEvent =
  | {
      readonly type: 'signal';
      readonly id: number;
      readonly channel: string;
      readonly status: string;
      readonly receivedAt: string;
      readonly kind: string | null;
      readonly topic: string | null;
      readonly district: string | null;
      readonly sentiment: string | null;
      readonly urgency: string | null;
      readonly caseId: number | null;
      readonly isDemo: boolean;
    }
  | {
      readonly type: 'case';
      readonly change: string;
      readonly id: number;
      readonly number: string;
      readonly status: string;
      readonly channel: string;
      readonly kind: string | null;
      readonly topic: string | null;
      readonly district: string | null;
      readonly urgency: string | null;
      readonly organisationId: number | null;
      readonly executorId: number | null;
      readonly registeredAt: string;
      readonly updatedAt: string;
      readonly isDemo: boolean;
    }
  | {
      /** An alert was raised, grew, changed severity or was acknowledged; the app reloads its alerts. */
      readonly type: 'alert';
      readonly id: number;
      readonly change: string;
      readonly severity: string;
    };

/** Whether a signed-in principal may receive an event of the live feed. */
export function mayReceive(p: Principal, e: LiveEvent): boolean {
  if (e.type === 'signal') {
    if (p.permissions.has('signals:read')) return true;
    return e.status === 'mention' && p.permissions.has('mentions:read');
  }
  if (e.type === 'alert') return p.permissions.has('analytics:read');
  if (!p.permissions.has('cases:read')) return false;
  const scope = scopeOf(p);
  return scope === null || (e.organisationId !== null && scope.includes(e.organisationId));
}

export function mayListen(p: Principal): boolean {
  return (
    p.permissions.has('cases:read') ||
    p.permissions.has('mentions:read') ||
    p.permissions.has('analytics:read')
  );
}

/** The writable end of one server-sent-events connection. */
export interface Sink {
  write(chunk: string): unknown;
  end(): unknown;
}

interface Client {
  readonly principal: Principal;
  readonly sink: Sink;
  readonly timers: NodeJS.Timeout[];
}

export interface HubOptions {
  /** A heartbeat is sent this often so proxies keep the connection and the app can show "live". */
  readonly heartbeatMs: number;
  /** Streams are closed after this long; EventSource reconnects and the session is checked again. */
  readonly maxLifetimeMs: number;
  readonly now: () => number;
}

export const frame = (event: string, data: unknown, id?: number) =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Every open live-feed connection; events are filtered per principal before they are written. */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private seq = 0;

  constructor(private readonly options: HubOptions) {}

  get size(): number {
    return this.clients.size;
  }

  /** Registers a connection; returns the function that forgets it (call it when the socket closes). */
  add(principal: Principal, sink: Sink): () => void {
    const client: Client = { principal, sink, timers: [] };
    sink.write(`retry: 5000\n\n${frame('hello', { at: new Date(this.options.now()).toISOString() })}`);
    client.timers.push(
      setInterval(() => {
        sink.write(frame('heartbeat', { at: new Date(this.options.now()).toISOString() }));
      }, this.options.heartbeatMs),
      setTimeout(() => this.drop(client, true), this.options.maxLifetimeMs),
    );
    for (const t of client.timers) t.unref();
    this.clients.add(client);
    return () => this.drop(client, false);
  }

  publish(event: LiveEvent): void {
    const id = ++this.seq;
    for (const c of this.clients) {
      if (mayReceive(c.principal, event)) c.sink.write(frame(event.type, event, id));
    }
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const c of [...this.clients]) this.drop(c, true);
  }

  private drop(client: Client, end: boolean): void {
    if (!this.clients.delete(client)) return;
    for (const t of client.timers) clearTimeout(t);
    if (end) client.sink.end();
  }
}
