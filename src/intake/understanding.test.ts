import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.js';
import { ingest } from './service.js';

/** The shipped models label every committed signal at intake, and personal data is redacted. */
describe('intake with the shipped text understanding', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite', {}, { understanding: true });
  });
  afterAll(async () => app.stop());

  it('labels, places and redacts a message as it is stored', async () => {
    expect(app.ctx.labeler).not.toBeNull();
    const r = await ingest(app.ctx, {
      channel: 'whatsapp',
      externalId: 'wamid.understanding.1',
      text: 'Здравствуйте, в Шу третий день нет воды, дети без воды! Мой номер 87011234567, ИИН 900101300126',
      raw: {},
    });
    const s = await app.ctx.db
      .selectFrom('signals')
      .selectAll()
      .where('id', '=', r.signalId)
      .executeTakeFirstOrThrow();
    expect(s.labelled_at).not.toBeNull();
    expect(s.topic).toBe('water');
    expect(s.district).toBe('shu');
    expect(s.lang).toBe('ru');
    expect(s.text_redacted).not.toContain('87011234567');
    const details = JSON.parse(s.labels ?? '{}');
    expect(details.confidence.topic).toBeGreaterThan(0);
    expect(JSON.stringify(details)).not.toContain('87011234567');
    expect(JSON.stringify(details)).not.toContain('900101300126');
    expect(s.text_redacted).not.toContain('900101300126');
  });
});
