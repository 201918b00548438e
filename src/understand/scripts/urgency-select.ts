import type { Kind } from '../../shared/taxonomy.js';
import { KINDS, URGENCIES } from '../../shared/taxonomy.js';
import type { Candidate } from '../model/fit.js';
import { predict } from '../model/linear.js';
import { evaluate } from '../model/metrics.js';
import { stratifiedSplit } from '../model/split.js';
import { train } from '../model/train.js';
import { featurize } from '../text/features.js';
import { tokenize } from '../text/tokens.js';
import { combineUrgency, URGENCY_MODES, type UrgencyMode } from '../urgency-model.js';

interface Row {
  readonly text: string;
  readonly kind: string;
  readonly urgency: string;
}

/**
 * Chooses how rules and the urgency model combine: trains kind and urgency models on 85% of the corpus
 * and scores every mode on the other 15% (macro-F1 over the urgency labels).
 */
export function selectUrgencyMode(
  rows: readonly Row[],
  candidate: Candidate,
  seed = 11,
): { mode: UrgencyMode; scores: Record<UrgencyMode, number> } {
  const usable = rows.filter(
    (r) =>
      (KINDS as readonly string[]).includes(r.kind) && (URGENCIES as readonly string[]).includes(r.urgency),
  );
  const split = stratifiedSplit(
    usable.map((r) => r.urgency),
    0.15,
    seed,
  );
  const feats = usable.map((r) => featurize(r.text, candidate.features));
  const meta = { trainedAt: '', data: [], counts: {}, params: {} };
  const model = (task: string, labels: readonly string[], field: 'kind' | 'urgency') =>
    train({
      task,
      labels,
      features: candidate.features,
      params: candidate.params,
      meta,
      examples: split.train.map((i) => ({ features: feats[i]!, label: labels.indexOf(usable[i]![field]) })),
    });
  const kindM = model('kind', KINDS, 'kind');
  const urgM = model('urgency', URGENCIES, 'urgency');
  const gold = split.held.map((i) => usable[i]!.urgency);
  const scores = {} as Record<UrgencyMode, number>;
  let best: UrgencyMode = 'rules';
  for (const mode of URGENCY_MODES) {
    const predicted = split.held.map((i) => {
      const r = usable[i]!;
      const kind = predict(kindM, feats[i]!).label as Kind;
      return combineUrgency(tokenize(r.text), kind, predict(urgM, feats[i]!), mode, r.text.toLowerCase())
        .value;
    });
    scores[mode] = evaluate(gold, predicted, URGENCIES).macroF1;
    if (scores[mode] > scores[best]) best = mode;
  }
  return { mode: best, scores };
}
