import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLang } from './lang.js';
import { wordLangModel } from './lang-model.js';
import { loadModel } from './model/io.js';
import { MODELS_DIR } from './paths.js';
import { tokenize } from './text/tokens.js';

const CASES: [string, string][] = [
  ['Здравствуйте, у нас третий день нет воды, примите меры', 'ru'],
  ['Подскажите, пожалуйста, куда обращаться по поводу отопления?', 'ru'],
  ['Сәлеметсіз бе, бізде үш күннен бері су жоқ', 'kk'],
  ['Қордай ауданында жарық жоқ, көмектесіңіздер', 'kk'],
  // Kazakh typed without its letters
  ['Салеметсиз бе, биздин ауылда жарык жок', 'kk'],
  ['Кошеде шункыр коп, машина журе алмайды', 'kk'],
  // Latin Kazakh: 2021 official and informal
  ['Suw joq, qalasynda şağym jazdyq', 'kk'],
  ['Taraz qalasynda su jok, komektesinizder', 'kk'],
  ['suu jok 3 kun boldy', 'kk'],
  ['Raqmet äkimdikke, joldy jöndep berdi', 'kk'],
  // Kazakh–Russian code-switching
  ['Сәлеметсіз бе, у нас свет жоқ с утра, когда дадут?', 'mixed'],
  ['Үйде вода жоқ третий день, біз бесінші қабатта, бабушка жүре алмайды', 'mixed'],
  ['Скажите пожалуйста, электрикті қалай шақыруға болады? Щиток сгорел', 'mixed'],
  ['No water in our building since Monday, please help', 'en'],
  ['The street lights on our road do not work', 'en'],
];

describe('language identification (rules only)', () => {
  it.each(CASES.filter(([, l]) => l !== 'mixed'))('%s -> %s', (text, lang) => {
    expect(detectLang(tokenize(text), { text }).value).toBe(lang);
  });

  it('explains with the words that decided', () => {
    const r = detectLang(tokenize('Бізде су жоқ'), { text: 'Бізде су жоқ' });
    expect(r.explain[0]).toMatch(/^kk: /);
    expect(r.confidence).toBeGreaterThan(0.5);
  });

  it('does not let place names with Kazakh letters make a Russian message mixed', () => {
    const text = 'Будут ли в Мыңбұлаке делать тротуары? Сейчас ходим по грязи вдоль трассы';
    expect(detectLang(tokenize(text), { text }).value).toBe('ru');
  });
});

describe('language identification (shipped word model)', () => {
  const model = wordLangModel(loadModel(join(MODELS_DIR, 'lang.json')));
  it.each(CASES)('%s -> %s', (text, lang) => {
    expect(detectLang(tokenize(text), { text, model }).value).toBe(lang);
  });
});
