import type { Selectable } from 'kysely';
import type { AppContext } from '../../app/context.js';
import { audit } from '../../audit/audit.js';
import type { AlertRulesTable } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../shared/errors.js';
import type { Lang } from './explain.js';
import * as repo from './repository.js';
import {
  type AlertDto,
  alertDto,
  DEFAULT_RULE_THRESHOLD,
  type Recipients,
  type RuleType,
  ruleOf,
  type Scope,
} from './rules.js';

export interface RuleInput {
  readonly name: string;
  readonly type: RuleType;
  readonly scope?: Scope;
  readonly threshold?: number;
  readonly params?: { readonly keywords?: readonly string[] };
  readonly recipients?: Partial<Recipients>;
  readonly lang?: Lang;
  readonly active?: boolean;
}

export interface RuleDto {
  readonly id: number;
  readonly name: string;
  readonly type: RuleType;
  readonly scope: Scope;
  readonly threshold: number;
  readonly params: { readonly keywords?: readonly string[] };
  readonly recipients: Recipients;
  readonly lang: Lang;
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** E-mail addresses of staff are contacts: readers who may not edit rules see them masked. */
const mask = (email: string) => email.replace(/^(.)[^@]*(@.*)$/, '$1***$2');

export function ruleDto(r: Selectable<AlertRulesTable>, canWrite: boolean): RuleDto {
  const rule = ruleOf(r);
  return {
    id: rule.id,
    name: rule.name,
    type: rule.type,
    scope: rule.scope,
    threshold: rule.threshold,
    params: rule.params,
    recipients: canWrite
      ? rule.recipients
      : {
          ...rule.recipients,
          telegram: rule.recipients.telegram.map(() => '***'),
          email: rule.recipients.email.map(mask),
        },
    lang: rule.lang,
    active: rule.active,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function columns(input: RuleInput) {
  const keywords = (input.params?.keywords ?? []).map((k) => k.trim()).filter(Boolean);
  if (input.type === 'keyword' && keywords.length === 0) {
    throw badRequest('keywords_required', 'a keyword rule needs at least one keyword in params.keywords');
  }
  // Spikes and sentiment shifts are detected per topic and district over every channel together, so a
  // channel in their scope could never match: refused rather than stored as a rule that never fires.
  if ((input.type === 'spike' || input.type === 'sentiment_shift') && input.scope?.channel) {
    throw badRequest(
      'unsupported_scope',
      `${input.type} rules are computed over all channels: scope them by topic and district only`,
    );
  }
  const recipients: Recipients = {
    web: input.recipients?.web ?? true,
    telegram: (input.recipients?.telegram ?? []).map(String),
    email: input.recipients?.email ?? [],
  };
  return {
    name: input.name,
    type: input.type,
    scope: JSON.stringify(input.scope ?? {}),
    threshold: input.threshold ?? DEFAULT_RULE_THRESHOLD[input.type],
    params: JSON.stringify(keywords.length ? { keywords } : {}),
    recipients: JSON.stringify(recipients),
    lang: input.lang ?? 'ru',
    active: input.active === false ? 0 : 1,
  };
}

export async function createRule(
  ctx: AppContext,
  input: RuleInput,
  actor: string,
  ip: string | null,
): Promise<number> {
  const now = ctx.now();
  const values = columns(input);
  return ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertRule(tx, { ...values, created_by: actor, created_at: now, updated_at: now });
    await audit(tx, now, {
      actor,
      action: 'alert_rule.create',
      entity: 'alert_rule',
      entityId: id,
      ip,
      data: { type: input.type },
    });
    return id;
  });
}

export async function replaceRule(
  ctx: AppContext,
  id: number,
  input: RuleInput,
  actor: string,
  ip: string | null,
): Promise<void> {
  const now = ctx.now();
  const values = columns(input);
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.updateRule(tx, id, { ...values, updated_at: now }))) throw notFound('alert rule');
    await audit(tx, now, { actor, action: 'alert_rule.update', entity: 'alert_rule', entityId: id, ip });
  });
}

export async function removeRule(
  ctx: AppContext,
  id: number,
  actor: string,
  ip: string | null,
): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await repo.deleteRule(tx, id))) throw notFound('alert rule');
    await audit(tx, now, { actor, action: 'alert_rule.delete', entity: 'alert_rule', entityId: id, ip });
  });
}

/** Records who acknowledged the alert and when (once; a second acknowledgement is a 409). */
export async function ackAlert(
  ctx: AppContext,
  id: number,
  actor: string,
  ip: string | null,
): Promise<AlertDto> {
  const now = ctx.now();
  const dto = await ctx.db.transaction().execute(async (tx) => {
    const a = await repo.findAlert(tx, id);
    if (!a) throw notFound('alert');
    if (a.acked_at !== null) throw conflict('already_acknowledged', `acknowledged by ${a.acked_by}`);
    await repo.updateAlert(tx, id, { acked_at: now, acked_by: actor, updated_at: now });
    await audit(tx, now, { actor, action: 'alert.ack', entity: 'alert', entityId: id, ip });
    return alertDto({ ...a, acked_at: now, acked_by: actor });
  });
  ctx.bus.emit('alert.changed', { alertId: id, change: 'acked', severity: dto.severity });
  return dto;
}
