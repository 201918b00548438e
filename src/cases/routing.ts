import type { RuleConditions } from '../reference/files.js';

export interface RoutingRule {
  readonly id: number;
  readonly name: string;
  readonly conditions: RuleConditions;
  readonly organisationId: number;
  readonly executorId: number | null;
  readonly strategy: 'round_robin' | 'least_loaded' | 'none';
}

export interface RoutableCase {
  readonly topic: string | null;
  readonly kind: string | null;
  readonly district: string | null;
  readonly channel: string;
  readonly urgency: string | null;
  readonly text: string;
}

const anyOf = (list: readonly string[] | undefined, value: string | null) =>
  !list?.length || (value !== null && list.includes(value));

/** The first rule (in priority order) whose every condition holds, or null for the default queue. */
export function matchRule(rules: readonly RoutingRule[], c: RoutableCase): RoutingRule | null {
  const text = c.text.toLowerCase();
  for (const rule of rules) {
    const k = rule.conditions;
    if (
      anyOf(k.topics, c.topic) &&
      anyOf(k.kinds, c.kind) &&
      anyOf(k.districts, c.district) &&
      anyOf(k.channels, c.channel) &&
      anyOf(k.urgencies, c.urgency) &&
      (!k.keywords?.length || k.keywords.some((w) => text.includes(w.toLowerCase())))
    ) {
      return rule;
    }
  }
  return null;
}

/** Picks an executor: the least loaded, or the next after the last one (round robin). */
export function pickExecutor(
  strategy: RoutingRule['strategy'],
  executors: ReadonlyArray<{ id: number; open: number }>,
  lastAssigned: number | null,
): number | null {
  if (strategy === 'none' || executors.length === 0) return null;
  const sorted = [...executors].sort((a, b) => a.id - b.id);
  if (strategy === 'round_robin') {
    const next = sorted.find((e) => lastAssigned === null || e.id > lastAssigned);
    return (next ?? sorted[0])?.id ?? null;
  }
  return sorted.reduce((best, e) => (e.open < best.open ? e : best)).id;
}
