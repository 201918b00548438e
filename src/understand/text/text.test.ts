import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, featurize, featurizeTraced } from './features.js';
import { foldToken, latinToCyr, scriptOf } from './fold.js';
import { stemKazakh } from './stem-kk.js';
import { tokenize, wordInfo } from './tokens.js';

describe('folding', () => {
  it.each([
    ['қаласында', 'каласында'],
    ['qalasynda', 'каласында'],
    ['şağym', 'шагым'],
    ['suw', 'суу'],
    ['suu', 'суу'],
    ['joq', 'жок'],
    ['jok', 'жок'],
    ['жоқ', 'жок'],
    ['Ёлка'.toLowerCase(), 'елка'],
    ['бiз', 'биз'],
    ['тaраз', 'тараз'],
    ['zhambyl', 'жамбыл'],
    ['shu', 'шу'],
    ['öndırıs', 'ондирис'],
    ['mūnai', 'мунаи'],
  ])('%s -> %s', (word, folded) => {
    expect(foldToken(word)).toBe(folded);
  });

  it('knows scripts', () => {
    expect(scriptOf('тараз')).toBe('cyr');
    expect(scriptOf('taraz')).toBe('lat');
    expect(scriptOf('2024')).toBe('num');
    expect(latinToCyr('chashka')).toBe('чашка');
  });
});

describe('Kazakh stemmer', () => {
  it.each([
    ['каласында', 'кала'],
    ['ауданында', 'аудан'],
    ['мектептерде', 'мектеп'],
    ['балаларымыздын', 'бала'],
    ['кошесинде', 'коше'],
    ['жанатаста', 'жанатас'],
    ['кордайда', 'кордай'],
    ['меркеде', 'мерке'],
    ['жок', 'жок'],
    ['су', 'су'],
  ])('%s -> %s', (folded, stem) => {
    expect(stemKazakh(folded)).toBe(stem);
  });

  it('gives Cyrillic, no-letter and Latin Kazakh the same stem', () => {
    const stems = ['қаласында', 'каласында', 'qalasynda'].map((w) => wordInfo(w).kk);
    expect(new Set(stems).size).toBe(1);
  });
});

describe('tokens and features', () => {
  it('tokenises with UTF-16 offsets into the original text', () => {
    const text = 'В Кордае 👋 нет света! Su joq.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'В',
      'Кордае',
      'нет',
      'света',
      'Su',
      'joq',
    ]);
    expect(tokens[3]!.info.ru).toBe('свет');
  });

  it('hashes into a fixed space, L2-normalised, deterministic', () => {
    const a = featurize('Прорвало трубу на улице Абая', DEFAULT_FEATURES);
    const b = featurize('Прорвало трубу на улице Абая', DEFAULT_FEATURES);
    expect([...a.idx]).toEqual([...b.idx]);
    expect(new Set(a.idx).size).toBe(a.idx.length);
    for (const ix of a.idx) expect(ix).toBeLessThan(1 << DEFAULT_FEATURES.bits);
    const norm = [...a.val].reduce((s, v) => s + v * v, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('shares features between scripts of the same Kazakh word', () => {
    const a = new Set(featurize('су жоқ', DEFAULT_FEATURES).idx);
    const b = featurize('suu joq', DEFAULT_FEATURES).idx;
    const shared = [...b].filter((x) => a.has(x)).length;
    expect(shared / b.length).toBeGreaterThan(0.5);
  });

  it('traces every emitted feature back to its token', () => {
    const t = featurizeTraced('нет воды', DEFAULT_FEATURES);
    expect(t.emitIdx.length).toBe(t.emitTok.length);
    expect(new Set(t.emitTok)).toEqual(new Set([0, 1]));
  });
});
