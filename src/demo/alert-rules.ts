import { createRule, type RuleInput } from '../analytics/alerts/service.js';
import type { AppContext } from '../app/context.js';

/**
 * Alert rules of the demo region, so that the simulator's outages visibly raise alerts. Written once,
 * with a freshly seeded history, through the analytics feature's own service (audited like any rule).
 */
export const DEMO_ALERT_RULES: readonly RuleInput[] = [
  { name: 'Всплеск обращений по теме и району (демо)', type: 'spike' },
  { name: 'Резкий рост негатива (демо)', type: 'sentiment_shift' },
  {
    name: 'Аварии: нет воды, света, газа (демо)',
    type: 'keyword',
    threshold: 3,
    params: { keywords: ['нет воды', 'су жоқ', 'нет света', 'жарық жоқ', 'нет газа', 'газ жоқ'] },
  },
  { name: 'Негативный пост с большим охватом (демо)', type: 'high_reach_negative' },
  { name: 'Просроченные обращения (демо)', type: 'overdue_count', threshold: 50 },
];

export async function createDemoAlertRules(ctx: AppContext): Promise<number> {
  for (const rule of DEMO_ALERT_RULES) await createRule(ctx, rule, 'demo', null);
  return DEMO_ALERT_RULES.length;
}
