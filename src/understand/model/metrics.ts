export interface LabelScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface Evaluation {
  readonly labels: readonly string[];
  readonly perLabel: readonly LabelScore[];
  readonly macroF1: number;
  readonly accuracy: number;
  readonly n: number;
  /** confusion[gold][predicted] */
  readonly confusion: readonly (readonly number[])[];
}

/**
 * Scores predictions against gold labels. Macro-F1 averages over the labels that occur in the gold data
 * (a label the data never has cannot be recalled; its false positives still lower the others' precision).
 */
export function evaluate(
  gold: readonly string[],
  predicted: readonly string[],
  labelSet?: readonly string[],
): Evaluation {
  const labels = [...(labelSet ?? [...new Set([...gold, ...predicted])].sort())];
  for (const l of [...gold, ...predicted]) if (!labels.includes(l)) labels.push(l);
  const at = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = at.get(gold[i]!)!;
    const p = at.get(predicted[i]!)!;
    confusion[g]![p]!++;
    if (g === p) correct++;
  }
  const perLabel = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((s) => s.support > 0);
  const macroF1 = present.length ? present.reduce((a, s) => a + s.f1, 0) / present.length : 0;
  return {
    labels,
    perLabel,
    macroF1,
    accuracy: gold.length ? correct / gold.length : 0,
    n: gold.length,
    confusion,
  };
}

const f3 = (x: number) => x.toFixed(3);

/** Per-label table, summary and confusion matrix as markdown. */
export function formatEvaluation(e: Evaluation, title = ''): string {
  const lines: string[] = [];
  if (title) lines.push(`### ${title}`, '');
  lines.push('| label | precision | recall | F1 | support |', '|---|---:|---:|---:|---:|');
  for (const s of e.perLabel)
    lines.push(`| ${s.label} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.f1)} | ${s.support} |`);
  lines.push('', `macro-F1 **${f3(e.macroF1)}**, accuracy **${f3(e.accuracy)}**, n = ${e.n}`, '');
  lines.push('confusion (rows gold, columns predicted):', '');
  lines.push(
    `| gold \\ predicted | ${e.labels.join(' | ')} |`,
    `|---|${e.labels.map(() => '---:').join('|')}|`,
  );
  e.labels.forEach((l, i) => {
    lines.push(`| ${l} | ${e.confusion[i]!.join(' | ')} |`);
  });
  return `${lines.join('\n')}\n`;
}
