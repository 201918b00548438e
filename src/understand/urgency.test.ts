import { describe, expect, it } from 'vitest';
import type { Prediction } from './model/linear.js';
import { tokenize } from './text/tokens.js';
import { ruleUrgency } from './urgency.js';
import { combineUrgency } from './urgency-model.js';

const rule = (text: string, kind: Parameters<typeof ruleUrgency>[1] = 'incident') =>
  ruleUrgency(tokenize(text), kind, text.toLowerCase());

describe('urgency rules', () => {
  it.each<[string, string, string]>([
    ['В подъезде сильно пахнет газом!', 'critical', 'gas_leak'],
    ['Подъезде газдың иісі қатты шығып тұр', 'critical', 'gas_leak'],
    ['Podezde gaz iisi bar', 'critical', 'gas_leak'],
    ['Strong gas smell in the stairwell', 'critical', 'gas_leak'],
    ['Газопровод повреждён трактором, шипит!', 'critical', 'gas_leak'],
    ['Пожар в частном доме на ул. Ленина', 'critical', 'fire'],
    ['Түймекент ауылында үй өртеніп жатыр', 'critical', 'fire'],
    ['Взрыв в котельной, выбило окна', 'critical', 'explosion'],
    ['ДТП, двое пострадавших, скорая не едет', 'critical', 'injury_or_medical'],
    ['Әжем есінен танып жатыр', 'critical', 'injury_or_medical'],
    ['Обрушилась часть стены дома', 'critical', 'collapse_or_flood'],
    ['Провод оборвался и искрит прямо на тротуаре', 'critical', 'live_wire'],
    ['Сым үзіліп жерде жатыр', 'critical', 'live_wire'],
    ['Соседка угорела от колонки', 'critical', 'injury_or_medical'],
    ['Нет отопления, в квартире 14 градусов', 'high', 'no_heating'],
    ['Үйде жылу жоқ, балалар тоңып отыр', 'high', 'no_heating'],
    ['Третий день нет воды во всём доме', 'high', 'water_outage_day'],
    ['Екі күн болды су жоқ', 'high', 'water_outage_day_kk'],
    ['Eki kün boldy suw joq', 'high', 'water_outage_day_kk'],
    ['Вторые сутки без света на улице', 'high', 'power_outage_day'],
    ['Подвал затопило канализацией, стоки выходят во двор', 'high', 'sewage_flood'],
    ['Прорвало трубу во дворе', 'high', 'burst_pipe'],
    ['Лифт не работает, на 9 этаже инвалид-колясочник', 'high', 'vulnerable_at_risk'],
    ['По стене подъезда пошла трещина', 'high', 'structural_danger'],
  ])('%s -> %s (%s)', (text, level, id) => {
    const r = rule(text);
    expect(r.value).toBe(level);
    expect(r.explain).toContain(`rule:${id}`);
  });

  it.each<[string, Parameters<typeof ruleUrgency>[1], string]>([
    ['Рахмет әкімдікке, жолды жөндеп берді!', 'gratitude', 'low'],
    ['Предлагаю поставить больше скамеек в парке', 'proposal', 'low'],
    ['Подскажите, как получить справку?', 'consultation', 'low'],
    ['Мусор не вывозят уже неделю', 'complaint', 'normal'],
    ['Ауданның орталығында сельский клуб жабық', 'complaint', 'normal'],
    ['Перевозчик тек орталыққа барады', 'complaint', 'normal'],
  ])('%s -> %s', (text, kind, level) => {
    expect(rule(text, kind).value).toBe(level);
  });
});

describe('combining rules and the model', () => {
  const pred = (label: string, confidence = 0.8): Prediction => ({
    index: 0,
    label,
    confidence,
    probs: new Float64Array([confidence]),
  });
  const tokens = tokenize('Мусор не вывозят');
  const gas = tokenize('Пахнет газом в подъезде');

  it('lets rules decide critical and the model the rest (hybrid)', () => {
    expect(combineUrgency(gas, 'incident', pred('low'), 'hybrid').value).toBe('critical');
    expect(combineUrgency(tokens, 'complaint', pred('high'), 'hybrid').value).toBe('high');
    expect(combineUrgency(tokens, 'complaint', pred('critical'), 'hybrid').value).toBe('high');
  });

  it('takes the more urgent of the two (max)', () => {
    expect(combineUrgency(tokens, 'complaint', pred('critical'), 'max').value).toBe('critical');
    expect(combineUrgency(gas, 'incident', pred('normal'), 'max').value).toBe('critical');
  });

  it('falls back to rules and kind without a model', () => {
    expect(combineUrgency(tokens, 'proposal', null).value).toBe('low');
  });
});
