import { describe, expect, it } from 'vitest';
import { iinChecksumOk, isCard, isIin, luhnOk } from './checks.js';
import { findPii, type PiiType, redact } from './detect.js';

/** [text, expected spans as [type, value]] — positives. */
const POSITIVES: [string, [PiiType, string][]][] = [
  ['ИИН 900101300126', [['iin', '900101300126']]],
  ['мой иин: 950702300003, прошу проверить', [['iin', '950702300003']]],
  ['ЖСН 650412400318 бойынша анықтама керек', [['iin', '650412400318']]],
  ['IIN 880215300407', [['iin', '880215300407']]],
  ['Анықтама 991231401206 ЖСН-ге берілмеді', [['iin', '991231401206']]],
  ['ребенок 050315501200, садик не дают', [['iin', '050315501200']]],
  ['ИИН 900101 300126', [['iin', '900101300126']]],
  ['(010101600307)', [['iin', '010101600307']]],
  ['иин851125300504', [['iin', '851125300504']]],
  ['930630200409.', [['iin', '930630200409']]],
  // Keywords match whole words only ("бин" is not in "глубиной") and stop at the sentence end.
  ['дыра метр глубиной 560526398763.', [['iin', '560526398763']]],
  ['шарт жасау керек? 880409371133', [['iin', '880409371133']]],
  ['тел 87011234567', [['phone', '+77011234567']]],
  ['звоните 8(701)123-45-67', [['phone', '+77011234567']]],
  ['+7 701 123 45 67', [['phone', '+77011234567']]],
  ['7 701 123 45 67 вечером', [['phone', '+77011234567']]],
  ['8 705 123 4567', [['phone', '+77051234567']]],
  ['+77021234567 WhatsApp', [['phone', '+77021234567']]],
  ['8-747-318-22-05', [['phone', '+77473182205']]],
  ['8 (7262) 43-21-56', [['phone', '+77262432156']]],
  ['номер 8 777 555 66 77, Айгерим', [['phone', '+77775556677']]],
  ['7011234567 деп жазыңыз', [['phone', '+77011234567']]],
  ['+7 (708) 554-12-90', [['phone', '+77085541290']]],
  ['+7 916 123 45 67 (родственник в Москве)', [['phone', '+79161234567']]],
  ['87759902134 нөміріне хабарласыңыз', [['phone', '+77759902134']]],
  // A document word further back does not hide a phone, IIN or card the citizen typed later on.
  ['по договору бесплатно: 87021048038!', [['phone', '+77021048038']]],
  ['пришёл с талонами, ушёл ни с чем (020509626043)', [['iin', '020509626043']]],
  ['заказ привезли разбитым, карта 4400 4301 2345 6789', [['card', '4400430123456789']]],
  ['пишите на aigerim.s@mail.kz', [['email', 'aigerim.s@mail.kz']]],
  ['E-mail: Nurlan_88@Gmail.com.', [['email', 'nurlan_88@gmail.com']]],
  ['почта: test-user+kz@yandex.ru, спасибо', [['email', 'test-user+kz@yandex.ru']]],
  ['карта 4400 4301 2345 6789', [['card', '4400430123456789']]],
  ['списали с карты 5200-0012-3456-7894', [['card', '5200001234567894']]],
  ['2202201234567895 картасына', [['card', '2202201234567895']]],
  ['card 4000 0000 0000 0002 expired', [['card', '4000000000000002']]],
  [
    'ИИН 900101300126, тел. 8 701 123 45 67, почта a@b.kz',
    [
      ['iin', '900101300126'],
      ['phone', '+77011234567'],
      ['email', 'a@b.kz'],
    ],
  ],
  [
    'тел 87011234567, 87021234567',
    [
      ['phone', '+77011234567'],
      ['phone', '+77021234567'],
    ],
  ],
  [
    'Карта 5356 1234 5678 9014, номер телефона +77011234567',
    [
      ['card', '5356123456789014'],
      ['phone', '+77011234567'],
    ],
  ],
];

/** Look-alikes: nothing here is personal data. */
const LOOKALIKES: string[] = [
  'лицевой счёт 123456789012',
  'лицевой счет 900101300126 по воде',
  'у жителей лицевой счёт 950702300003',
  'договор № 880215300407',
  'номер договора: 87011234567',
  'заявка № 87011234567',
  'лицевой счёт абонента 900101300126',
  'номер обращения 2024-11-0453',
  '12-значный номер 123456789012 не проходит проверку',
  'ИИН 880215300456',
  '900101300120',
  'сумма 15 000 тг',
  'долг 1 500 000 тенге',
  '2 500 000 000 тг бюджет',
  '31 000 тг за 48 квадратов',
  'дата 12.03.2024',
  'с 01.10.2024 по 15.10.2024',
  'в 14:30 и 18:00',
  'дом 12, кв 5',
  'ул. Абая 132, 2 подъезд',
  'Заявка №2187 от 14.10',
  'маршрут 41, бортовой 241',
  'карта 4400 4301 2345 6780',
  'счёт 4400430123456789 в банке',
  'квитанция 5200001234567894',
  'ИНН 7707083893',
  'индекс 080000',
  'кадастровый номер 06-097-001-123',
  'координаты 42.9001, 71.3667',
  'температура -15, 16 градусов',
  '3 000 000 000',
  'год 1965, 2 этаж',
  'версия 1.13.16',
  'госномер 850 ABZ 08',
  '12 345 678 901 тг',
  'тариф 19 500 тг за октябрь',
];

describe('personal data', () => {
  it.each(POSITIVES)('finds %s', (text, expected) => {
    const spans = findPii(text);
    expect(spans.map((s) => [s.type, s.value])).toEqual(expected);
    for (const s of spans) {
      const raw = text.slice(s.start, s.end);
      expect(raw.replace(/\D/g, '').length > 0 || s.type === 'email').toBe(true);
      if (s.type === 'email') expect(raw.toLowerCase()).toBe(s.value);
    }
  });

  it.each(LOOKALIKES)('ignores %s', (text) => {
    expect(findPii(text)).toEqual([]);
  });

  it('has a thorough table', () => {
    expect(POSITIVES.length + LOOKALIKES.length).toBeGreaterThanOrEqual(60);
  });

  it('redacts spans with type markers and keeps offsets in UTF-16', () => {
    const text = 'Сәлем 👋 ИИН 900101300126, тел 8(701)123-45-67';
    const spans = findPii(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['900101300126', '8(701)123-45-67']);
    expect(redact(text, spans)).toBe('Сәлем 👋 ИИН [IIN], тел [PHONE]');
  });

  it('checks IIN check digits, including the second weight pass, and dates', () => {
    expect(iinChecksumOk('123456789013')).toBe(true);
    expect(iinChecksumOk('123456789012')).toBe(false);
    expect(isIin('900101300126')).toBe(true);
    expect(isIin('950702300003')).toBe(true);
    // A valid check digit is not enough: month 34 is no date.
    expect(isIin('123456789013')).toBe(false);
    expect(isIin('900231300120')).toBe(false);
  });

  it('checks Luhn and card schemes', () => {
    expect(luhnOk('4400430123456789')).toBe(true);
    expect(luhnOk('4400430123456780')).toBe(false);
    expect(isCard('0000000000000000')).toBe(false);
    expect(isCard('4000000000000002')).toBe(true);
  });
});
