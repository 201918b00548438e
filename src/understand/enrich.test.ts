import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEnricher } from './enrich.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/gazetteer.json', import.meta.url));

describe('createEnricher', () => {
  const enricher = createEnricher();
  const text =
    'Здравствуйте! В Кордае на ул. Абая 12, кв 5 третий день нет воды, дети без воды. ИИН 900101300126, тел 87011234567';
  const e = enricher.enrich(text);

  it('labels every signal with a value, a confidence in [0, 1] and an explanation', () => {
    expect(e.lang.value).toBe('ru');
    expect(e.kind.value).toBe('incident');
    expect(e.topic.value).toBe('water');
    expect(e.sentiment.value).toBe('negative');
    expect(e.district.value).toBe('kordai');
    expect(['high', 'critical']).toContain(e.urgency.value);
    for (const l of [e.lang, e.kind, e.topic, e.sentiment, e.district, e.urgency]) {
      expect(l.confidence).toBeGreaterThanOrEqual(0);
      expect(l.confidence).toBeLessThanOrEqual(1);
      expect(l.explain.length).toBeGreaterThan(0);
    }
    expect(e.topic.explain.some((w) => ['воды', 'вода'].includes(w))).toBe(true);
    expect(e.urgency.explain.some((x) => x.startsWith('rule:'))).toBe(true);
  });

  it('extracts address parts, personal data and a redacted copy', () => {
    expect(e.address).toMatchObject({ street: 'Абая', house: '12', flat: '5' });
    expect(e.pii.map((s) => s.type)).toEqual(['iin', 'phone']);
    expect(e.redacted).toContain('ИИН [IIN], тел [PHONE]');
    expect(e.redacted).not.toContain('900101300126');
    expect(e.clusterKey).toBe('water|kordai|s:аба');
    expect(e.fingerprint.startsWith('f1|water')).toBe(true);
  });

  it('gives the same labels through labels() as through enrich()', () => {
    const l = enricher.labels(text);
    expect(l.kind.value).toBe(e.kind.value);
    expect(l.topic.confidence).toBe(e.topic.confidence);
    expect(l.district.value).toBe(e.district.value);
  });

  it('returns null district when no place is named, and handles empty text', () => {
    expect(enricher.enrich('Когда будет перерасчёт за отопление?').district.value).toBeNull();
    const empty = enricher.enrich('');
    expect(empty.pii).toEqual([]);
    expect(empty.redacted).toBe('');
  });

  it('takes another region’s gazetteer as a parameter', () => {
    const other = createEnricher({ gazetteerPath: FIXTURE, explain: false });
    expect(other.enrich('в мкр Жайлау нет света').district.value).toBe('taraz');
  });
});
