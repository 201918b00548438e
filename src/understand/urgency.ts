import type { Kind, Urgency } from '../shared/taxonomy.js';
import type { Token } from './text/tokens.js';
import { URGENCY_RULES, type UrgencyRule } from './urgency-rules.js';

export { URGENCY_RULES, type UrgencyRule } from './urgency-rules.js';

export interface UrgencyResult {
  readonly value: Urgency;
  readonly confidence: number;
  readonly explain: string[];
}

/** The folded words of a message as one line for the rules, padded with spaces. */
export function foldedLine(tokens: readonly Token[]): string {
  let s = ' ';
  for (const t of tokens) s += `${t.info.folded} `;
  return s;
}

function fires(rule: UrgencyRule, line: string, lower: string): boolean {
  if (rule.en?.some((r) => r.test(lower))) return true;
  if (rule.all) return rule.all.every((r) => r.test(line));
  return (rule.any ?? []).some((r) => r.test(line));
}

/** Rules that fire, most urgent first. `lower` is the lower-cased raw text (for the English patterns). */
export function urgencyRules(tokens: readonly Token[], lower?: string): UrgencyRule[] {
  const line = foldedLine(tokens);
  const raw = lower ?? tokens.map((t) => t.info.lower).join(' ');
  return URGENCY_RULES.filter((r) => fires(r, line, raw));
}

const LOW_KINDS: ReadonlySet<Kind> = new Set(['gratitude', 'proposal', 'consultation']);

/**
 * Critical and high from the rules; otherwise low for thanks, proposals and questions, normal for the rest.
 * `kind` is the message kind when already known (the trained kind model).
 */
export function ruleUrgency(tokens: readonly Token[], kind?: Kind, lower?: string): UrgencyResult {
  const fired = urgencyRules(tokens, lower);
  const top = fired[0];
  if (top) {
    return {
      value: top.level,
      confidence: top.level === 'critical' ? 0.9 : 0.8,
      explain: fired.filter((r) => r.level === top.level).map((r) => `rule:${r.id}`),
    };
  }
  if (kind && LOW_KINDS.has(kind)) return { value: 'low', confidence: 0.7, explain: [`kind:${kind}`] };
  return { value: 'normal', confidence: 0.6, explain: ['no urgency rule fired'] };
}
