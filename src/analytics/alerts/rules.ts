import type { Selectable } from 'kysely';
import type { AlertRulesTable, AlertsTable } from '../../db/schema.js';
import type { Lang, Texts } from './explain.js';

/** Alert rules are data: a type, a scope, a threshold, type-specific parameters and recipients. */

export const RULE_TYPES = [
  'spike',
  'keyword',
  'sentiment_shift',
  'overdue_count',
  'high_reach_negative',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (s: string | null) => (s ? SEVERITIES.indexOf(s as Severity) : -1);

export interface Scope {
  readonly topic?: string;
  readonly district?: string;
  readonly channel?: string;
}

export interface Recipients {
  readonly web: boolean;
  readonly telegram: readonly string[];
  readonly email: readonly string[];
}

export interface Rule {
  readonly id: number;
  readonly name: string;
  readonly type: RuleType;
  readonly scope: Scope;
  /**
   * spike, sentiment_shift: minimum score; keyword: minimum matching messages; overdue_count: minimum
   * overdue cases; high_reach_negative: minimum reach of the post.
   */
  readonly threshold: number;
  readonly params: { readonly keywords?: readonly string[] };
  readonly recipients: Recipients;
  readonly lang: Lang;
  readonly active: boolean;
}

/** Default thresholds when a rule leaves it out. */
export const DEFAULT_RULE_THRESHOLD: Readonly<Record<RuleType, number>> = {
  spike: 5,
  keyword: 1,
  sentiment_shift: 3,
  overdue_count: 10,
  high_reach_negative: 10_000,
};

export function ruleOf(r: Selectable<AlertRulesTable>): Rule {
  return {
    id: r.id,
    name: r.name,
    type: r.type as RuleType,
    scope: JSON.parse(r.scope) as Scope,
    threshold: r.threshold,
    params: JSON.parse(r.params) as Rule['params'],
    recipients: JSON.parse(r.recipients) as Recipients,
    lang: r.lang as Lang,
    active: r.active === 1,
  };
}

export const inScope = (
  s: Scope,
  x: { topic?: string | null; district?: string | null; channel?: string | null },
) =>
  (!s.topic || s.topic === x.topic) &&
  (!s.district || s.district === x.district) &&
  (!s.channel || s.channel === x.channel);

/** Lower-cases and folds ё, so that «Прорыв» matches «прорыв» and «её» matches «ее». */
export const fold = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

/** The first keyword found in the text, or null. */
export function matchKeyword(text: string, keywords: readonly string[]): string | null {
  const t = fold(text);
  for (const k of keywords) {
    const f = fold(k.trim());
    if (f && t.includes(f)) return k.trim();
  }
  return null;
}

export function severityOf(
  type: RuleType,
  count: number,
  expected: number | null,
  score: number,
  threshold: number,
): Severity {
  switch (type) {
    case 'spike':
    case 'sentiment_shift': {
      const ratio = count / Math.max(1, expected ?? 0);
      if (score >= 20 || ratio >= 10) return 'critical';
      if (score >= 12 || ratio >= 5) return 'high';
      if (score >= 8 || ratio >= 3) return 'medium';
      return 'low';
    }
    case 'keyword':
      return count >= 50 ? 'critical' : count >= 20 ? 'high' : count >= 5 ? 'medium' : 'low';
    case 'overdue_count':
    case 'high_reach_negative': {
      const r = count / Math.max(1, threshold);
      return r >= 4 ? 'critical' : r >= 2 ? 'high' : r >= 1.5 ? 'medium' : 'low';
    }
  }
}

export interface AlertDto {
  readonly id: number;
  readonly ruleId: number;
  readonly type: string;
  readonly title: string;
  readonly explanation: Texts;
  readonly subject: Record<string, unknown>;
  readonly severity: string;
  readonly score: number;
  readonly count: number;
  readonly expected: number | null;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly open: boolean;
  readonly ackedAt: string | null;
  readonly ackedBy: string | null;
}

export function alertDto(a: Selectable<AlertsTable>): AlertDto {
  return {
    id: a.id,
    ruleId: a.rule_id,
    type: a.type,
    title: a.title,
    explanation: JSON.parse(a.explanation) as Texts,
    subject: JSON.parse(a.subject) as Record<string, unknown>,
    severity: a.severity,
    score: a.score,
    count: a.count,
    expected: a.expected,
    firstSeen: new Date(a.first_seen).toISOString(),
    lastSeen: new Date(a.last_seen).toISOString(),
    open: a.open_key !== null,
    ackedAt: a.acked_at === null ? null : new Date(a.acked_at).toISOString(),
    ackedBy: a.acked_by,
  };
}
