import type { Desk } from '../cases/desk.js';
import { matchRule } from '../cases/routing.js';
import type { Kind, Topic } from '../shared/taxonomy.js';
import { answerText } from './replies.js';
import type { Rng } from './rng.js';

const MIN = 60_000;
const HOUR = 3600_000;
const DAY = 86_400_000;

export interface StoryEvent {
  readonly at: number;
  readonly actor: string;
  readonly type: string;
  readonly from_status: string | null;
  readonly to_status: string | null;
  readonly reason: string | null;
  readonly data: string | null;
}

/** A case's whole history up to now: where it went, who answered when, what the citizen said. */
export interface CaseStory {
  readonly organisationId: number | null;
  readonly executorId: number | null;
  readonly status: string;
  readonly registeredAt: number;
  readonly dueAt: number;
  readonly operationalDueAt: number | null;
  readonly redirectDueAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly firstResponseAt: number | null;
  readonly answeredAt: number | null;
  readonly closedAt: number | null;
  readonly satisfaction: string | null;
  readonly rating: number | null;
  readonly escalated: number;
  readonly events: StoryEvent[];
}

export interface StoryInput {
  readonly signalId: number;
  readonly kind: Kind;
  readonly topic: Topic;
  readonly district: string;
  readonly channel: string;
  readonly urgency: string;
  readonly lang: string;
  readonly text: string;
  readonly receivedAt: number;
}

/**
 * The desk's deadlines without walking the calendar 80,000 times: within one local day and working-hours
 * bucket, registration is either the receipt itself or one fixed instant and the due dates are fixed;
 * an incident's operational deadline is a fixed offset from receipt per topic and urgency.
 */
export class DeadlineMemo {
  private readonly days = new Map<string, { rep: number; d: ReturnType<Desk['deadlines']> }>();
  private readonly offsets = new Map<string, number | null>();

  constructor(readonly desk: Desk) {}

  deadlines(receivedAt: number, kind: string, topic: string, urgency: string): ReturnType<Desk['deadlines']> {
    const cal = this.desk.calendar;
    const { date, minute } = cal.local(receivedAt);
    const key = `${date}|${minute < cal.hours.start ? 'b' : minute < cal.hours.end ? 'd' : 'a'}`;
    let day = this.days.get(key);
    if (!day) {
      day = { rep: receivedAt, d: this.desk.deadlines(receivedAt, null, null, null) };
      this.days.set(key, day);
    }
    let offset: number | null = null;
    if (kind === 'incident') {
      const k = `${topic}|${urgency}`;
      if (!this.offsets.has(k)) {
        const op = this.desk.deadlines(receivedAt, kind, topic, urgency).operationalDueAt;
        this.offsets.set(k, op === null ? null : op - receivedAt);
      }
      offset = this.offsets.get(k) ?? null;
    }
    const { rep, d } = day;
    return {
      registeredAt: d.registeredAt === rep ? receivedAt : d.registeredAt,
      dueAt: d.dueAt,
      redirectDueAt: d.redirectDueAt,
      operationalDueAt: offset === null ? null : receivedAt + offset,
    };
  }
}

export interface StoryDeps {
  readonly desk: Desk;
  readonly deadlines: DeadlineMemo;
  readonly now: number;
  readonly rng: Rng;
  /** Executors of an organisation (user ids); empty when it has none. */
  executors(organisationId: number): readonly number[];
  readonly operators: readonly number[];
  /** The organisation a misrouted case of this district is redirected to. */
  redirectTarget(district: string, from: number | null): number | null;
}

const SOCIAL = new Set(['instagram', 'facebook', 'vk']);

/** Time from receipt to the first answer, or null for the few that are never answered. */
function answerDelay(input: StoryInput, dueAt: number, opDueAt: number | null, rng: Rng): number | null {
  if (rng.chance(SOCIAL.has(input.channel) ? 0.03 : 0.004)) return null;
  const r = rng.next();
  const untilDue = Math.max(HOUR, dueAt - input.receivedAt);
  switch (input.kind) {
    case 'consultation':
      if (input.channel === 'call_center')
        return r < 0.8 ? rng.between(MIN, 12 * MIN) : Math.min(rng.logNormal(6 * HOUR, 1.2), untilDue);
      if (r < 0.55) return rng.between(5 * MIN, 3 * HOUR);
      if (r < 0.95) return rng.between(3 * HOUR, 3 * DAY);
      return rng.between(3 * DAY, 20 * DAY);
    case 'incident': {
      const op = opDueAt !== null ? opDueAt - input.receivedAt : 24 * HOUR;
      if (r < 0.86) return op * rng.between(0.15, 0.9);
      if (r < 0.96) return op * rng.between(1.05, 3);
      return rng.between(3 * DAY, 20 * DAY);
    }
    case 'complaint':
      return r < 0.93 ? rng.between(DAY, untilDue - 2 * HOUR) : untilDue + rng.between(DAY, 12 * DAY);
    case 'proposal':
      return r < 0.95 ? rng.between(3 * DAY, untilDue) : untilDue + rng.between(DAY, 20 * DAY);
    case 'gratitude':
      return rng.between(30 * MIN, 2 * DAY);
  }
}

function feedback(kind: Kind, rng: Rng): { satisfaction: string; rating: number | null } {
  const r = rng.next();
  const bad = kind === 'complaint' ? 0.3 : 0.15;
  const partly = kind === 'complaint' ? 0.2 : 0.13;
  const satisfaction = r < bad ? 'not_solved' : r < bad + partly ? 'partly' : 'solved';
  if (!rng.chance(0.9)) return { satisfaction, rating: null };
  const rating =
    satisfaction === 'solved'
      ? rng.chance(0.7)
        ? 5
        : 4
      : satisfaction === 'partly'
        ? rng.pick([2, 3, 3, 3, 4])
        : rng.chance(0.6)
          ? 1
          : 2;
  return { satisfaction, rating };
}

/** Plays a case through the desk's rules and the law's clock, as it would have gone, up to `now`. */
export function caseStory(input: StoryInput, deps: StoryDeps): CaseStory {
  const { desk, rng, now } = deps;
  const d = deps.deadlines.deadlines(input.receivedAt, input.kind, input.topic, input.urgency);
  const rule = matchRule(desk.rules, { ...input });
  let organisationId = rule?.organisationId ?? desk.defaultOrganisationId;
  const pickExecutor = (org: number | null) => {
    const list = org === null ? [] : deps.executors(org);
    return list.length ? rng.pick(list) : null;
  };
  let executorId = rule?.executorId ?? pickExecutor(organisationId);
  const createdAt = input.receivedAt + rng.int(2_000, 40_000);
  const events: StoryEvent[] = [];
  const event = (e: Partial<StoryEvent> & { at: number; actor: string; type: string }) =>
    events.push({ from_status: null, to_status: null, reason: null, data: null, ...e });
  event({
    at: createdAt,
    actor: 'system',
    type: 'created',
    to_status: 'new',
    data: JSON.stringify({ signalId: input.signalId, rule: rule?.name ?? null, organisationId, executorId }),
  });
  let status = 'new';
  const move = (at: number, actor: string, to: string, reason: string | null = null) => {
    event({ at, actor, type: 'transition', from_status: status, to_status: to, reason });
    status = to;
  };
  if (executorId !== null) move(createdAt, 'routing', 'assigned');
  const delay = answerDelay(input, d.dueAt, d.operationalDueAt, rng);
  let answerAt = delay === null ? null : Math.round(Math.max(createdAt + MIN, input.receivedAt + delay));
  const quick =
    input.channel === 'call_center' && input.kind === 'consultation' && delay !== null && delay < 15 * MIN;
  const staff = () => `user:${executorId ?? (deps.operators.length ? rng.pick(deps.operators) : 0)}`;

  if (!quick && executorId !== null && rng.chance(0.03)) {
    const at = Math.round(createdAt + rng.between(HOUR, 2 * DAY));
    const target = deps.redirectTarget(input.district, organisationId);
    if (at < now && target !== null && target !== organisationId) {
      move(at, staff(), 'redirected', 'не относится к компетенции организации');
      if (at > d.redirectDueAt) event({ at, actor: 'system', type: 'redirect_late' });
      organisationId = target;
      executorId = pickExecutor(target);
      if (executorId !== null) move(at + MIN, 'routing', 'assigned');
      if (answerAt !== null) answerAt += at - createdAt;
    }
  }
  if (!quick && answerAt !== null && answerAt - createdAt > 2 * HOUR && rng.chance(0.6)) {
    const at = Math.round(createdAt + (answerAt - createdAt) * rng.between(0.1, 0.5));
    if (at < now && executorId !== null) move(at, `user:${executorId}`, 'in_progress');
  }

  let answeredAt: number | null = null;
  let firstResponseAt: number | null = null;
  let closedAt: number | null = null;
  let satisfaction: string | null = null;
  let rating: number | null = null;
  let escalated = 0;
  const answer = (at: number, actor: string) => {
    event({
      at,
      actor,
      type: 'answer',
      from_status: status,
      to_status: 'answered',
      data: JSON.stringify({ text: answerText(input.kind, input.topic, input.lang, rng) }),
    });
    status = 'answered';
    answeredAt = at;
    firstResponseAt ??= at;
  };
  const autoClose = (from: number) => {
    const at = from + 7 * DAY;
    if (at <= now) {
      move(at, 'system', 'closed', 'no reply from the applicant within 7 days');
      closedAt = at;
    }
  };

  if (answerAt !== null && answerAt <= now) {
    if (quick) {
      const operator = `user:${deps.operators.length ? rng.pick(deps.operators) : 0}`;
      answer(answerAt, operator);
      move(answerAt + MIN, operator, 'closed');
      closedAt = answerAt + MIN;
    } else {
      answer(answerAt, staff());
      const fbAt = Math.round(answerAt + rng.between(20 * MIN, 3 * DAY));
      if (rng.chance(input.kind === 'gratitude' ? 0.05 : 0.35) && fbAt <= now) {
        const fb = feedback(input.kind, rng);
        satisfaction = fb.satisfaction;
        rating = fb.rating;
        event({ at: fbAt, actor: 'citizen', type: 'feedback', data: JSON.stringify({ ...fb }) });
        if (fb.satisfaction === 'solved') {
          move(fbAt, 'citizen', 'closed');
          closedAt = fbAt;
        } else {
          move(
            fbAt,
            'citizen',
            'reopened',
            fb.satisfaction === 'not_solved'
              ? 'the applicant says the problem is not solved'
              : 'solved only partly',
          );
          if (fb.satisfaction === 'not_solved') {
            escalated = 1;
            event({ at: fbAt, actor: 'system', type: 'escalated', reason: 'not solved' });
          }
          const again = Math.round(fbAt + rng.between(DAY, 6 * DAY));
          if (again <= now) {
            answer(again, staff());
            autoClose(again);
          } else answeredAt = null;
        }
      } else autoClose(answerAt);
    }
  } else if (d.dueAt < now) {
    escalated = 1;
    event({ at: d.dueAt, actor: 'system', type: 'escalated', reason: 'overdue' });
  }
  const last = events.reduce((m, e) => Math.max(m, e.at), createdAt);
  return {
    organisationId,
    executorId,
    status,
    registeredAt: d.registeredAt,
    dueAt: d.dueAt,
    operationalDueAt: d.operationalDueAt,
    redirectDueAt: d.redirectDueAt,
    createdAt,
    updatedAt: last,
    firstResponseAt,
    answeredAt,
    closedAt,
    satisfaction,
    rating,
    escalated,
    events,
  };
}
