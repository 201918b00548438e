/** Plain explanations of anomalies and alerts in Russian, Kazakh and English. */

export type Lang = 'ru' | 'kk' | 'en';
export type Texts = Record<Lang, string>;

const TOPIC: Record<string, Texts> = {
  electricity: { ru: 'электричество', kk: 'электр қуаты', en: 'electricity' },
  water: { ru: 'вода', kk: 'су', en: 'water' },
  gas: { ru: 'газ', kk: 'газ', en: 'gas' },
  heating: { ru: 'отопление', kk: 'жылу', en: 'heating' },
  housing: { ru: 'жильё', kk: 'тұрғын үй', en: 'housing' },
  roads: { ru: 'дороги', kk: 'жолдар', en: 'roads' },
  transport: { ru: 'транспорт', kk: 'көлік', en: 'transport' },
  waste: { ru: 'вывоз мусора', kk: 'қоқыс', en: 'waste' },
  healthcare: { ru: 'здравоохранение', kk: 'денсаулық сақтау', en: 'healthcare' },
  education: { ru: 'образование', kk: 'білім', en: 'education' },
  social: { ru: 'социальная помощь', kk: 'әлеуметтік көмек', en: 'social support' },
  land: { ru: 'земля', kk: 'жер', en: 'land' },
  agriculture: { ru: 'сельское хозяйство', kk: 'ауыл шаруашылығы', en: 'agriculture' },
  safety: { ru: 'безопасность', kk: 'қауіпсіздік', en: 'safety' },
  environment: { ru: 'экология', kk: 'экология', en: 'environment' },
  economy: { ru: 'экономика', kk: 'экономика', en: 'economy' },
  digital: {
    ru: 'госуслуги и связь',
    kk: 'мемлекеттік қызмет және байланыс',
    en: 'e-services and connectivity',
  },
  other: { ru: 'другое', kk: 'басқа', en: 'other' },
};

const ANY: Texts = { ru: 'все темы', kk: 'барлық тақырып', en: 'all topics' };
const REGION: Texts = { ru: 'вся область', kk: 'бүкіл облыс', en: 'whole region' };

export type Names = ReadonlyMap<string, Texts>;

export function topicName(topic: string | null, lang: Lang): string {
  return topic ? (TOPIC[topic]?.[lang] ?? topic) : ANY[lang];
}

export function districtName(district: string | null, names: Names, lang: Lang): string {
  return district ? (names.get(district)?.[lang] ?? district) : REGION[lang];
}

const each = (f: (lang: Lang) => string): Texts => ({ ru: f('ru'), kk: f('kk'), en: f('en') });
const num = (x: number) => String(Math.round(x));
/** Small expectations keep one decimal ("0.4 expected" says more than "0 expected"). */
const approx = (x: number) => String(x < 10 ? Math.round(x * 10) / 10 : Math.round(x));

/** "water, Shu district: 37 in the last 3 h against 4 expected" */
export function spikeText(
  topic: string | null,
  district: string | null,
  names: Names,
  count: number,
  expected: number,
  hours: number,
): Texts {
  const where = (l: Lang) => `${topicName(topic, l)}, ${districtName(district, names, l)}`;
  return each((l) => {
    const w = where(l);
    if (l === 'ru') return `${w}: ${num(count)} за последние ${hours} ч при ожидаемых ${approx(expected)}`;
    if (l === 'kk') return `${w}: соңғы ${hours} сағатта ${num(count)}, күтілгені ${approx(expected)}`;
    return `${w}: ${num(count)} in the last ${hours} h against ${approx(expected)} expected`;
  });
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function sentimentText(
  topic: string | null,
  district: string | null,
  names: Names,
  share: number,
  baseline: number,
  n: number,
): Texts {
  return each((l) => {
    const w = `${topicName(topic, l)}, ${districtName(district, names, l)}`;
    if (l === 'ru') return `${w}: негативных ${pct(share)} из ${n} за сутки против обычных ${pct(baseline)}`;
    if (l === 'kk') return `${w}: тәулікте ${n} хабарламаның ${pct(share)} жағымсыз, әдетте ${pct(baseline)}`;
    return `${w}: ${pct(share)} negative of ${n} in the last 24 h against ${pct(baseline)} usually`;
  });
}

/** A post's reach against its channel's usual reach, or against a rule's threshold. */
export function reachText(
  channel: string,
  reach: number,
  reference: number,
  negative: boolean,
  against: 'typical' | 'threshold' = 'typical',
): Texts {
  return each((l) => {
    const tone = negative ? { ru: 'негативный ', kk: 'жағымсыз ', en: 'negative ' }[l] : '';
    const ref = {
      typical: { ru: 'обычно', kk: 'әдетте', en: 'typically' },
      threshold: { ru: 'порог', kk: 'шегі', en: 'threshold' },
    }[against][l];
    if (l === 'ru') return `${channel}: ${tone}пост с охватом ${num(reach)} (${ref} ${num(reference)})`;
    if (l === 'kk') return `${channel}: ${tone}жазбаның қамтуы ${num(reach)} (${ref} ${num(reference)})`;
    return `${channel}: ${tone}post with a reach of ${num(reach)} (${ref} ${num(reference)})`;
  });
}

export function keywordText(
  keyword: string,
  count: number,
  topic: string | null,
  district: string | null,
  names: Names,
): Texts {
  return each((l) => {
    const w = `${topicName(topic, l)}, ${districtName(district, names, l)}`;
    if (l === 'ru') return `«${keyword}»: ${count} сообщ. (${w})`;
    if (l === 'kk') return `«${keyword}»: ${count} хабарлама (${w})`;
    return `"${keyword}": ${count} message(s) (${w})`;
  });
}

export function overdueText(count: number, threshold: number): Texts {
  return each((l) => {
    if (l === 'ru') return `просрочено обращений: ${count} (порог ${num(threshold)})`;
    if (l === 'kk') return `мерзімі өткен өтініштер: ${count} (шегі ${num(threshold)})`;
    return `overdue appeals: ${count} (threshold ${num(threshold)})`;
  });
}
