/** Shapes of the API answers the web app reads (see /openapi.json). */

export interface Names {
  readonly kk: string;
  readonly ru: string;
  readonly en: string;
}

export interface Me {
  readonly user: { id: number; login: string; displayName: string; roles: string[]; isDemo?: boolean } | null;
  readonly actor: string;
  readonly roles: string[];
  readonly permissions: string[];
  readonly csrfToken: string | null;
}

export interface Case {
  readonly id: number;
  readonly number: string;
  readonly status: string;
  readonly kind: string | null;
  readonly topic: string | null;
  readonly district: string | null;
  readonly urgency: string | null;
  readonly channel: string;
  readonly lang: string | null;
  readonly organisationId: number | null;
  readonly executorId: number | null;
  readonly summary: string;
  readonly registeredAt: string;
  readonly dueAt: string;
  readonly operationalDueAt: string | null;
  readonly redirectDueAt: string | null;
  readonly extendedAt: string | null;
  readonly answeredAt: string | null;
  readonly closedAt: string | null;
  readonly overdue: boolean;
  readonly dueSoon: boolean;
  readonly operationalOverdue: boolean;
  readonly escalated: boolean;
  readonly repeatOf: number | null;
  readonly mergedInto: number | null;
  readonly satisfaction: string | null;
  readonly rating: number | null;
  readonly isDemo: boolean;
  readonly signals: number[];
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly next?: string | null;
}

export interface Reach {
  readonly followers?: number;
  readonly likes?: number;
  readonly comments?: number;
  readonly shares?: number;
  readonly views?: number;
}

export interface Signal {
  readonly id: number;
  readonly channel: string;
  readonly receivedAt: string;
  readonly sentAt: string | null;
  readonly status: string;
  readonly caseId: number | null;
  readonly text: string;
  readonly lang: string | null;
  readonly kind: string | null;
  readonly topic: string | null;
  readonly sentiment: string | null;
  readonly district: string | null;
  readonly urgency: string | null;
  readonly labels: Record<string, unknown> | null;
  readonly address: string | null;
  readonly attachments: unknown[];
  readonly reach: Reach | null;
  readonly isDemo: boolean;
}

export interface CaseEvent {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly fromStatus: string | null;
  readonly toStatus: string | null;
  readonly reason: string | null;
  readonly data: Record<string, unknown> | null;
}

export interface OutboxMessage {
  readonly id: number;
  readonly channel: string;
  readonly purpose: string;
  readonly text: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
}

export interface CaseDetail {
  readonly case: Case;
  readonly thread: Signal[];
  readonly events: CaseEvent[];
  readonly messages: OutboxMessage[];
  readonly related: Case[];
}

export interface District {
  readonly code: string;
  readonly name: Names;
  readonly population: number;
  readonly lat: number | null;
  readonly lon: number | null;
}

export interface Region {
  readonly code: string;
  readonly name: Names;
  readonly utcOffsetMinutes: number;
}

export interface Organisation {
  readonly id: number;
  readonly code: string;
  readonly kind: string;
  readonly name: Names;
  readonly district: string | null;
  readonly requiresApproval: boolean;
  readonly active: boolean;
}

export interface Executor {
  readonly id: number;
  readonly name: string;
  readonly organisationIds: number[];
  readonly disabled: boolean;
}

export interface Template {
  readonly id: number;
  readonly code: string;
  readonly purpose: string;
  readonly lang: string;
  readonly body: string;
  readonly organisationId: number | null;
  readonly active: boolean;
}

/** One event of the live feed (GET /api/events): labels and state only. */
export type LiveEvent =
  | {
      readonly type: 'signal';
      readonly id: number;
      readonly channel: string;
      readonly status: string;
      readonly receivedAt: string;
      readonly caseId: number | null;
    }
  | {
      readonly type: 'case';
      readonly change: string;
      readonly id: number;
      readonly number: string;
      readonly status: string;
    }
  | {
      readonly type: 'alert';
      readonly id: number;
      readonly change: string;
      readonly severity: string;
    };
