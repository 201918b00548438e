import type { Kind, Urgency } from '../shared/taxonomy.js';
import type { Prediction } from './model/linear.js';
import type { Token } from './text/tokens.js';
import { ruleUrgency } from './urgency.js';

export interface UrgencyLabel {
  readonly value: Urgency;
  readonly confidence: number;
  readonly explain: string[];
}

/**
 * How rules and the trained urgency model combine (chosen on validation data, stored in the model file):
 * - rules: rules decide critical/high, the kind decides low vs normal (no model needed);
 * - hybrid: rules decide critical/high, the model decides the rest (it may not say critical alone);
 * - max: the more urgent of the rules and the model;
 * - model: the model alone (the rules that fired still explain).
 */
export type UrgencyMode = 'rules' | 'hybrid' | 'max' | 'model';
export const URGENCY_MODES: readonly UrgencyMode[] = ['rules', 'hybrid', 'max', 'model'];

const RANK: Record<Urgency, number> = { low: 0, normal: 1, high: 2, critical: 3 };

export function combineUrgency(
  tokens: readonly Token[],
  kind: Kind,
  model: Prediction | null,
  mode: UrgencyMode = 'hybrid',
  lower?: string,
): UrgencyLabel {
  const rule = ruleUrgency(tokens, kind, lower);
  if (!model || mode === 'rules') return rule;
  const value = model.label as Urgency;
  const fromModel: UrgencyLabel = {
    value,
    confidence: Math.round(model.confidence * 1000) / 1000,
    explain: [`model:${value}`],
  };
  const ruleFired = rule.value === 'critical' || rule.value === 'high';
  if (mode === 'model')
    return ruleFired ? { ...fromModel, explain: [...fromModel.explain, ...rule.explain] } : fromModel;
  if (mode === 'hybrid') {
    if (ruleFired) return rule;
    if (value === 'critical')
      return { value: 'high', confidence: 0.5, explain: ['model:critical without a rule'] };
    return fromModel;
  }
  if (ruleFired && RANK[rule.value] >= RANK[value]) return rule;
  return fromModel;
}
