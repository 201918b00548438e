import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { DIALECTS } from '../../test/helpers/db.js';
import type { Labeler } from './labeler.js';
import { labelPending } from './labelling.js';
import { ingest } from './service.js';

/** A tiny deterministic labeler standing in for the trained models (the sweep is what is tested). */
const keywordLabeler: Labeler = (text) => ({
  lang: /[әғқңөұүһі]/i.test(text) ? 'kk' : 'ru',
  kind: 'incident',
  topic: /вод|су/i.test(text) ? 'water' : 'other',
  sentiment: 'negative',
  district: /шу/i.test(text) ? 'shu' : null,
  urgency: 'normal',
  textRedacted: text.replace(/\+7\d{10}/g, '[PHONE]'),
  details: { confidence: { topic: 0.9 } },
});

describe.each(DIALECTS)('labelling sweep on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => app.stop());

  it('labels signals stored while no model was loaded, keeping labels a person gave', async () => {
    const a = await ingest(app.ctx, {
      channel: 'web',
      externalId: 'l1',
      text: 'В Шу нет воды, звоните +77011234567',
      raw: {},
    });
    const b = await ingest(app.ctx, {
      channel: 'call_center',
      externalId: 'l2',
      text: 'Нет воды',
      raw: {},
      given: { topic: 'housing', district: 'taraz' },
    });
    expect(await labelPending(app.ctx)).toBe(0); // no labeler in this app
    const labelled = { ...app.ctx, labeler: keywordLabeler };
    expect(await labelPending(labelled)).toBe(2);
    const rows = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', 'in', [a.signalId, b.signalId])
      .orderBy('id')
      .execute();
    expect(rows[0]).toMatchObject({
      topic: 'water',
      district: 'shu',
      text_redacted: 'В Шу нет воды, звоните [PHONE]',
    });
    expect(rows[1]).toMatchObject({ topic: 'housing', district: 'taraz', sentiment: 'negative' });
    expect(rows.every((r) => r.labelled_at !== null)).toBe(true);
    expect(await labelPending(labelled)).toBe(0);
  });
});
