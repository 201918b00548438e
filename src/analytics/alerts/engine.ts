import type { AppContext } from '../../app/context.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import type { AnomalyRow } from '../anomalies/detect.js';
import { districtNames } from '../anomalies/repository.js';
import { reachOf } from '../rollup/aggregate.js';
import { readSetting, writeSetting } from '../rollup/repository.js';
import {
  districtName,
  keywordText,
  type Names,
  overdueText,
  reachText,
  type Texts,
  topicName,
} from './explain.js';
import * as repo from './repository.js';
import {
  inScope,
  matchKeyword,
  type Rule,
  type RuleType,
  ruleOf,
  severityOf,
  severityRank,
} from './rules.js';

/** An alert goes quiet after this long without news: the next occurrence opens a new one. */
export const QUIET_MS = 24 * 3_600_000;
const HWM_KEY = 'analytics:alerts_hwm';
const CLUSTER_HWM_KEY = 'analytics:clusters_hwm';

interface Occurrence {
  readonly rule: Rule;
  /** What the alert is about: one per story (or topic × district) and rule. */
  readonly subjectKey: string;
  readonly subject: Record<string, unknown>;
  readonly title: string;
  /** The explanation, or how to write it for the alert's final count. */
  readonly explanation: Texts | ((count: number) => Texts);
  readonly score: number;
  readonly count: number;
  readonly expected: number | null;
  readonly at: number;
  /** How a new count combines with the open alert's: the larger, the sum, or the latest. */
  readonly combine: 'max' | 'add' | 'set';
}

const SEVERITY_WORD: Record<string, Texts> = {
  low: { ru: 'низкая', kk: 'төмен', en: 'low' },
  medium: { ru: 'средняя', kk: 'орташа', en: 'medium' },
  high: { ru: 'высокая', kk: 'жоғары', en: 'high' },
  critical: { ru: 'критическая', kk: 'өте жоғары', en: 'critical' },
};
const IMPORTANCE: Texts = { ru: 'Важность', kk: 'Маңыздылығы', en: 'Severity' };

const explain = (o: Occurrence, count: number) =>
  typeof o.explanation === 'function' ? o.explanation(count) : o.explanation;

type Change = { id: number; change: 'raised' | 'updated'; severity: string; web: boolean };

/** Creates or grows the alert of an occurrence; queues notifications when its severity rises. */
async function raise(ctx: AppContext, o: Occurrence, changed: Change[]): Promise<void> {
  const now = ctx.now();
  const key = `rule:${o.rule.id}:${o.subjectKey}`;
  await ctx.db.transaction().execute(async (tx) => {
    let alert = await repo.openAlert(tx, key);
    if (alert && now - alert.last_seen > QUIET_MS) {
      await repo.updateAlert(tx, alert.id, { open_key: null });
      alert = undefined;
    }
    let id: number;
    let severity = severityOf(o.rule.type, o.count, o.expected, o.score, o.rule.threshold);
    let change: 'raised' | 'updated';
    if (alert) {
      const count =
        o.combine === 'add'
          ? alert.count + o.count
          : o.combine === 'max'
            ? Math.max(alert.count, o.count)
            : o.count;
      severity =
        severityRank(alert.severity) > severityRank(severity)
          ? (alert.severity as typeof severity)
          : severity;
      if (
        count === alert.count &&
        severity === alert.severity &&
        o.score <= alert.score &&
        o.combine !== 'add'
      )
        return;
      await repo.updateAlert(tx, alert.id, {
        count,
        score: Math.max(alert.score, o.score),
        expected: o.expected,
        severity,
        explanation: JSON.stringify(explain(o, count)),
        last_seen: Math.max(alert.last_seen, o.at),
        updated_at: now,
      });
      id = alert.id;
      change = 'updated';
    } else {
      const inserted = await repo.insertAlert(tx, {
        rule_id: o.rule.id,
        type: o.rule.type,
        dedupe_key: key,
        open_key: key,
        subject: JSON.stringify(o.subject),
        title: o.title,
        explanation: JSON.stringify(explain(o, o.count)),
        severity,
        score: o.score,
        count: o.count,
        expected: o.expected,
        first_seen: o.at,
        last_seen: o.at,
        notified_severity: null,
        acked_at: null,
        acked_by: null,
        created_at: now,
        updated_at: now,
      });
      if (inserted === undefined) return;
      id = inserted;
      change = 'raised';
    }
    const current = await repo.findAlert(tx, id);
    if (current && severityRank(severity) > severityRank(current.notified_severity)) {
      const lang = o.rule.lang;
      const link = ctx.config.publicUrl ? `\n${ctx.config.publicUrl.replace(/\/$/, '')}/alerts/${id}` : '';
      const text = `⚠ ${o.title}\n${explain(o, current.count)[lang]}\n${IMPORTANCE[lang]}: ${SEVERITY_WORD[severity]![lang]}${link}`;
      const targets = [
        ...o.rule.recipients.telegram.map((to) => ({ channel: 'telegram', to })),
        ...o.rule.recipients.email.map((to) => ({ channel: 'email', to })),
      ];
      for (const t of targets) {
        await enqueueMessage(
          tx,
          {
            caseId: null,
            channel: t.channel,
            recipient: { conversation: t.to, replyTo: null, authorId: null, signalId: null },
            purpose: 'alert',
            text,
            payload: { alertId: id, severity, to: t.to, subject: o.title },
            dedupeKey: `alert:${id}:${severity}:${t.channel}:${t.to}`,
          },
          now,
        );
      }
      await repo.updateAlert(tx, id, { notified_severity: severity });
    }
    changed.push({ id, change, severity, web: o.rule.recipients.web });
  });
}

const where = (topic: string | null, district: string | null, names: Names, rule: Rule) =>
  `${rule.name}: ${topicName(topic, rule.lang)}, ${districtName(district, names, rule.lang)}`;

function fromAnomalies(rules: readonly Rule[], anomalies: readonly AnomalyRow[], names: Names): Occurrence[] {
  const out: Occurrence[] = [];
  const map: Partial<Record<RuleType, string>> = { spike: 'spike', sentiment_shift: 'sentiment_shift' };
  for (const rule of rules) {
    const type = map[rule.type];
    if (!type) continue;
    for (const a of anomalies) {
      if (
        a.type !== type ||
        a.score < rule.threshold ||
        !inScope(rule.scope, { topic: a.topic, district: a.district })
      )
        continue;
      out.push({
        rule,
        subjectKey: `${type}:${a.topic ?? ''}|${a.district ?? ''}`,
        subject: { topic: a.topic ?? null, district: a.district ?? null, windowHours: a.window_hours },
        title: where(a.topic ?? null, a.district ?? null, names, rule),
        explanation: JSON.parse(a.explanation) as Texts,
        score: a.score,
        count: a.count,
        expected: a.expected,
        at: a.detected_at,
        combine: 'max',
      });
    }
  }
  return out;
}

/** Occurrences in the signals after the rules' mark, and the mark to store once they are raised. */
async function fromSignals(
  ctx: AppContext,
  rules: readonly Rule[],
  names: Names,
): Promise<{ occurrences: Occurrence[]; mark: number | null }> {
  const hwm = Number((await readSetting(ctx.db, HWM_KEY)) ?? 0);
  const upTo = Number((await readSetting(ctx.db, CLUSTER_HWM_KEY)) ?? 0);
  const rows = await repo.signalsForRules(ctx.db, hwm, upTo, 5000);
  if (!rows.length) return { occurrences: [], mark: null };
  const keywordRules = rules.filter((r) => r.type === 'keyword' && r.params.keywords?.length);
  const reachRules = rules.filter((r) => r.type === 'high_reach_negative');
  const grouped = new Map<string, Occurrence & { count: number }>();
  const out: Occurrence[] = [];
  for (const s of rows) {
    if (s.status === 'ignored') continue;
    const story = s.cluster_id !== null ? `story:${s.cluster_id}` : `td:${s.topic ?? ''}|${s.district ?? ''}`;
    for (const rule of keywordRules) {
      if (!inScope(rule.scope, s)) continue;
      const keyword = matchKeyword(s.text_redacted ?? s.text, rule.params.keywords ?? []);
      if (!keyword) continue;
      const k = `${rule.id}|${story}`;
      const prev = grouped.get(k);
      const count = (prev?.count ?? 0) + 1;
      grouped.set(k, {
        rule,
        subjectKey: `keyword:${story}`,
        subject: { storyId: s.cluster_id, topic: s.topic, district: s.district, keyword },
        title: where(s.topic, s.district, names, rule),
        explanation: (total) => keywordText(keyword, total, s.topic, s.district, names),
        score: count,
        count,
        expected: null,
        at: s.received_at,
        combine: 'add',
      });
    }
    if (s.sentiment !== 'negative' || s.status !== 'mention') continue;
    const reach = reachOf(s.reach);
    for (const rule of reachRules) {
      if (reach < rule.threshold || !inScope(rule.scope, s)) continue;
      out.push({
        rule,
        subjectKey: `reach:${s.cluster_id !== null ? story : `signal:${s.id}`}`,
        subject: {
          storyId: s.cluster_id,
          signalId: s.id,
          channel: s.channel,
          topic: s.topic,
          district: s.district,
        },
        title: where(s.topic, s.district, names, rule),
        explanation: reachText(s.channel, reach, rule.threshold, true, 'threshold'),
        score: reach / Math.max(1, rule.threshold),
        count: reach,
        expected: null,
        at: s.received_at,
        combine: 'max',
      });
    }
  }
  // A keyword rule's threshold is the number of matches in one evaluation that opens the alert.
  for (const o of grouped.values()) if (o.count >= o.rule.threshold) out.push(o);
  return { occurrences: out, mark: rows[rows.length - 1]!.id };
}

/**
 * Evaluates every active rule: anomaly rules against the latest anomalies, overdue counts live,
 * keyword and reach rules against the signals that arrived since the last evaluation. Returns the
 * number of alerts raised or updated.
 */
export async function evaluateRules(ctx: AppContext, anomalies: readonly AnomalyRow[]): Promise<number> {
  const now = ctx.now();
  await repo.closeQuiet(ctx.db, now - QUIET_MS);
  const rules = (await repo.listRules(ctx.db, true)).map(ruleOf);
  const names = await districtNames(ctx.db);
  const signals = await fromSignals(ctx, rules, names);
  const occurrences = [...fromAnomalies(rules, anomalies, names), ...signals.occurrences];
  for (const rule of rules.filter((r) => r.type === 'overdue_count')) {
    const count = await repo.overdueCount(ctx.db, rule.scope, now);
    if (count < rule.threshold) continue;
    occurrences.push({
      rule,
      subjectKey: 'overdue',
      subject: { ...rule.scope },
      title: where(rule.scope.topic ?? null, rule.scope.district ?? null, names, rule),
      explanation: overdueText(count, rule.threshold),
      score: count / Math.max(1, rule.threshold),
      count,
      expected: rule.threshold,
      at: now,
      combine: 'set',
    });
  }
  const changed: Change[] = [];
  for (const o of occurrences) await raise(ctx, o, changed);
  // The mark moves only once every occurrence is stored: a crash before re-reads those signals.
  if (signals.mark !== null) await writeSetting(ctx.db, HWM_KEY, String(signals.mark));
  for (const c of changed) {
    if (c.web) ctx.bus.emit('alert.changed', { alertId: c.id, change: c.change, severity: c.severity });
  }
  return changed.length;
}
