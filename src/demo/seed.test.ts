import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import { KINDS } from '../shared/taxonomy.js';
import { loadCorpus } from './corpus.js';
import { formOf, Places } from './places.js';
import { type SeedReport, seedDemoHistory } from './seed.js';
import { foldKazakh } from './variation.js';

const N = 3000;
const TABLE_2: Record<string, number> = {
  consultation: 0.797,
  incident: 0.178,
  complaint: 0.015,
  proposal: 0.009,
  gratitude: 0.002,
};

const fold = (s: string) => foldKazakh(s).toLowerCase().replace(/ё/g, 'е');
const LETTER = /[a-zа-яёәіңғүұқөһäöüışğūñ]/i;
function namesWord(text: string, form: string): boolean {
  const t = fold(text);
  const f = fold(form);
  for (let at = t.indexOf(f); at >= 0; at = t.indexOf(f, at + 1)) {
    const before = t[at - 1];
    const after = t[at + f.length];
    if ((!before || !LETTER.test(before)) && (!after || !LETTER.test(after))) return true;
  }
  return false;
}

describe.each(DIALECTS)('demo history seed on %s', (dialect) => {
  let app: TestApp;
  let report: SeedReport;
  type Row = {
    id: number;
    text: string;
    kind: string | null;
    topic: string | null;
    district: string | null;
    channel: string;
    received_at: number;
    labels: string | null;
    status: string;
    is_demo: number;
    case_id: number | null;
    reach: string | null;
  };
  let signals: Row[];
  const now = Date.now();

  beforeAll(async () => {
    app = await startTestApp(dialect, {}, { now: () => now });
    report = await seedDemoHistory(app.ctx, { appeals: N, seed: 7 });
    signals = (await app.ctx.db
      .selectFrom('signals')
      .select([
        'id',
        'text',
        'kind',
        'topic',
        'district',
        'channel',
        'received_at',
        'labels',
        'status',
        'is_demo',
        'case_id',
        'reach',
      ])
      .execute()) as Row[];
  });
  afterAll(async () => app.stop());

  const appeals = () => signals.filter((s) => s.status === 'received');

  it('writes the appeals with cases, and mentions and news, all marked as demo', async () => {
    expect(report.appeals).toBe(N);
    expect(appeals()).toHaveLength(N);
    expect(signals.every((s) => s.is_demo === 1)).toBe(true);
    expect(appeals().every((s) => s.case_id !== null)).toBe(true);
    const cases = await app.ctx.db
      .selectFrom('cases')
      .select(['is_demo', 'organisation_id', 'executor_id', 'registered_at', 'due_at', 'number'])
      .execute();
    expect(cases).toHaveLength(N);
    expect(
      cases.every((c) => c.is_demo === 1 && c.organisation_id !== null && c.due_at > c.registered_at),
    ).toBe(true);
    expect(cases.filter((c) => c.executor_id !== null).length).toBeGreaterThan(N * 0.95);
    expect(cases[0]?.number).toMatch(/^[A-Z]{3}-\d{4}-\d{6}$/);
    const users = await app.ctx.db.selectFrom('users').select(['is_demo']).execute();
    expect(users.length).toBeGreaterThan(20);
    expect(users.every((u) => u.is_demo === 1)).toBe(true);
    const authors = await app.ctx.db
      .selectFrom('author_contacts')
      .select(['phone', 'display_name'])
      .execute();
    const phones = authors.map((a) => a.phone).filter((p): p is string => p !== null);
    expect(phones.length).toBeGreaterThan(100);
    expect(phones.every((p) => /^\+77\d{2}000\d{4}$/.test(p))).toBe(true);
    expect(authors.every((a) => a.display_name === null || !a.display_name.includes(' '))).toBe(true);
  });

  it("keeps the proportions of the study's Table 2", () => {
    for (const k of KINDS) {
      const share = appeals().filter((s) => s.kind === k).length / N;
      expect(Math.abs(share - (TABLE_2[k] ?? 0)), k).toBeLessThan(0.003);
    }
  });

  it('spreads appeals over the channels of Table 1 and a few others, call centre first', () => {
    const by = new Map<string, number>();
    for (const s of appeals()) by.set(s.channel, (by.get(s.channel) ?? 0) + 1);
    for (const c of ['call_center', 'whatsapp', 'instagram', 'telegram', 'web', 'facebook'])
      expect(by.get(c), c).toBeGreaterThan(0);
    const top = [...by.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(top).toBe('call_center');
  });

  it('covers every district, weighted by population', async () => {
    const districts = await app.ctx.db.selectFrom('districts').select(['code', 'population']).execute();
    const count = (d: string) => appeals().filter((s) => s.district === d).length;
    for (const d of districts) expect(count(d.code), d.code).toBeGreaterThan(0);
    const biggest = [...districts].sort((a, b) => b.population - a.population)[0]!;
    const smallest = [...districts].sort((a, b) => a.population - b.population)[0]!;
    expect(count(biggest.code)).toBeGreaterThan(count(smallest.code) * 3);
  });

  it('has seasons: heating in January, not in July; irrigation in spring', () => {
    const share = (month: number, topic: string) => {
      const inMonth = appeals().filter((s) => new Date(s.received_at + 5 * 3600_000).getUTCMonth() === month);
      return inMonth.filter((s) => s.topic === topic).length / Math.max(1, inMonth.length);
    };
    expect(share(0, 'heating')).toBeGreaterThan(share(6, 'heating') * 3);
    expect(share(4, 'agriculture')).toBeGreaterThan(share(11, 'agriculture'));
    expect(signals.every((s) => s.received_at <= now && s.received_at > now - 366 * 86_400_000)).toBe(true);
  });

  it('writes realistic, varied texts: no placeholders, few exact repeats', () => {
    for (const s of signals) expect(s.text).not.toMatch(/lorem|ipsum|test message|тестов|\{\w+\}/i);
    const texts = appeals().map((s) => s.text);
    expect(new Set(texts).size / texts.length).toBeGreaterThan(0.7);
  });

  it('never names a place of another district that the corpus line did not already name', () => {
    const places = new Places(resolve(app.ctx.config.regionDir));
    const corpus = new Map(loadCorpus().map((c) => [c.origin, c]));
    let checked = 0;
    for (const s of signals) {
      const origin = (JSON.parse(s.labels ?? '{}') as { origin?: string }).origin ?? '';
      const source = corpus.get(origin);
      if (source?.district) expect(s.district, origin).toBe(source.district);
      for (const [code, entry] of places.byDistrict) {
        if (code === s.district) continue;
        for (const p of [...entry.settlements, ...entry.micro]) {
          for (const script of ['ru', 'kk', 'latin'] as const) {
            const form = formOf(p, script);
            if (!form || form.length < 4 || !namesWord(s.text, form)) continue;
            checked++;
            expect(source && namesWord(source.text, form), `${s.district}: ${form} in "${s.text}"`).toBe(
              true,
            );
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('plays cases through: most answered in time, a few overdue now, ratings for a share', async () => {
    const cases = await app.ctx.db
      .selectFrom('cases')
      .select(['status', 'answered_at', 'due_at', 'rating', 'satisfaction', 'escalated', 'closed_at'])
      .execute();
    const answered = cases.filter((c) => c.answered_at !== null);
    expect(answered.length / N).toBeGreaterThan(0.9);
    const overdue = cases.filter(
      (c) => ['new', 'assigned', 'in_progress', 'reopened'].includes(c.status) && c.due_at < now,
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length / N).toBeLessThan(0.03);
    expect(overdue.every((c) => c.escalated === 1)).toBe(true);
    const rated = cases.filter((c) => c.rating !== null);
    expect(rated.length / N).toBeGreaterThan(0.15);
    expect(rated.every((c) => c.rating! >= 1 && c.rating! <= 5)).toBe(true);
    expect(new Set(cases.map((c) => c.satisfaction))).toEqual(
      new Set([null, 'solved', 'partly', 'not_solved']),
    );
    expect(cases.filter((c) => c.status === 'closed').every((c) => c.closed_at !== null)).toBe(true);
    const events = await app.ctx.db.selectFrom('case_events').select(['type', 'at']).execute();
    // Epoch milliseconds are integers (PostgreSQL's bigint refuses anything else).
    expect(events.every((e) => Number.isInteger(e.at))).toBe(true);
    expect(cases.every((c) => c.answered_at === null || Number.isInteger(c.answered_at))).toBe(true);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['created', 'transition', 'answer', 'feedback']) expect(types, t).toContain(t);
    expect(events.filter((e) => e.type === 'created')).toHaveLength(N);
  });

  it('shows what each case sent its citizen: the acknowledgement with the number, then the answer', async () => {
    const cases = await app.ctx.db
      .selectFrom('cases')
      .select(['id', 'number', 'answered_at', 'channel'])
      .execute();
    const outbox = await app.ctx.db
      .selectFrom('outbox')
      .select(['case_id', 'purpose', 'status', 'text', 'sent_at', 'created_at', 'recipient', 'channel'])
      .execute();
    const byCase = new Map<number, typeof outbox>();
    for (const m of outbox) byCase.set(m.case_id!, [...(byCase.get(m.case_id!) ?? []), m]);
    const replying = cases.filter((c) => c.channel !== 'news');
    expect(replying.length).toBe(N);
    for (const c of replying) {
      const sent = byCase.get(c.id) ?? [];
      const ack = sent.find((m) => m.purpose === 'acknowledgement');
      expect(ack?.text, c.number).toContain(c.number);
      if (c.answered_at !== null)
        expect(
          sent.some((m) => m.purpose === 'answer'),
          c.number,
        ).toBe(true);
    }
    expect(outbox.every((m) => m.status === 'sent' && m.sent_at! >= m.created_at)).toBe(true);
    // Call-centre replies go through the SMS gateway: no phone number is copied into the outbox.
    expect(outbox.filter((m) => m.channel === 'call_center').every((m) => !m.recipient.includes('+7'))).toBe(
      true,
    );
  });

  it('adds social-media mentions and news with reach', () => {
    const mentions = signals.filter((s) => s.status === 'mention' && s.channel !== 'news');
    const news = signals.filter((s) => s.channel === 'news');
    expect(mentions.length).toBe(report.mentions);
    expect(new Set(mentions.map((m) => m.channel))).toEqual(new Set(['instagram', 'facebook', 'vk']));
    expect(news.length).toBeGreaterThan(10);
    expect(news.every((n) => (JSON.parse(n.reach ?? '{}') as { views?: number }).views! > 0)).toBe(true);
    expect(mentions.every((m) => m.case_id === null)).toBe(true);
  });
});
