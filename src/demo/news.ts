import type { Kind, Topic } from '../shared/taxonomy.js';
import type { CorpusIndex } from './corpus.js';
import type { Places } from './places.js';
import type { Rng } from './rng.js';

interface NewsTemplate {
  readonly lang: 'ru' | 'kk';
  readonly kind: Kind;
  readonly topic: Topic;
  readonly sentiment: 'negative' | 'neutral' | 'positive';
  readonly text: string;
}

/** News leads of the kind regional sites and Telegram channels publish: {In} where, {place} a village. */
const TEMPLATES: readonly NewsTemplate[] = [
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'water',
    sentiment: 'negative',
    text: '{In} из-за порыва водовода без воды остались жители {place}. Аварийная бригада ведёт работы, подачу обещают восстановить к вечеру.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'electricity',
    sentiment: 'negative',
    text: '{In} после сильного ветра повреждены линии электропередачи, без света около {n} домов в {place}. Энергетики работают на месте.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'heating',
    sentiment: 'negative',
    text: '{In} из-за аварии на котельной остались без тепла школа и несколько жилых домов в {place}.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'gas',
    sentiment: 'negative',
    text: '{In} при земляных работах повреждён газопровод в {place}, подача газа временно прекращена для {n} абонентов.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'roads',
    sentiment: 'neutral',
    text: '{In} начался ямочный ремонт дорог: в этом году планируют отремонтировать {n} улиц, в том числе в {place}.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'agriculture',
    sentiment: 'negative',
    text: '{In} фермеры жалуются на нехватку поливной воды: очерёдность полива в {place} сорвана, посевы под угрозой.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'safety',
    sentiment: 'negative',
    text: '{In} в {place} произошёл пожар в жилом доме, пострадавших нет. Причины устанавливаются.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'healthcare',
    sentiment: 'neutral',
    text: '{In} в сельской амбулатории {place} открылся кабинет врача общей практики, приём ведётся ежедневно.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'education',
    sentiment: 'neutral',
    text: '{In} к новому учебному году отремонтировали школу в {place}, по программе модернизации закуплено {n} компьютеров.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'transport',
    sentiment: 'negative',
    text: '{In} перевозчик отменил утренний рейс до {place}, жители просят акимат вмешаться.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'waste',
    sentiment: 'negative',
    text: '{In} в {place} выявлены стихийные свалки, на нарушителей составлено {n} протоколов.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'digital',
    sentiment: 'positive',
    text: '{In} к сети мобильного интернета 4G подключили {place}, работы продолжатся в соседних сёлах.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'social',
    sentiment: 'neutral',
    text: '{In} {n} семей из {place} получили адресную социальную помощь к началу отопительного сезона.',
  },
  {
    lang: 'ru',
    kind: 'incident',
    topic: 'environment',
    sentiment: 'negative',
    text: '{In} жители {place} жалуются на запах от несанкционированного слива стоков, экологи взяли пробы.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'water',
    sentiment: 'negative',
    text: '{In} су құбыры жарылып, {place} тұрғындары сусыз қалды. Апаттық бригада жұмыс істеп жатыр.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'electricity',
    sentiment: 'negative',
    text: '{In} қатты желден кейін электр желілері зақымданып, {place} ауылында {n} үй жарықсыз қалды.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'heating',
    sentiment: 'negative',
    text: '{In} қазандықтағы апатқа байланысты {place} ауылындағы мектеп пен бірнеше тұрғын үй жылусыз қалды.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'roads',
    sentiment: 'neutral',
    text: '{In} жол жөндеу жұмыстары басталды: биыл {n} көше жөнделеді, оның ішінде {place} ауылында.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'agriculture',
    sentiment: 'negative',
    text: '{In} шаруалар суармалы судың жетіспеушілігіне шағымданып отыр: {place} ауылында су кезегі бұзылды.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'safety',
    sentiment: 'negative',
    text: '{In} {place} ауылында тұрғын үйде өрт шықты, зардап шеккендер жоқ.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'digital',
    sentiment: 'positive',
    text: '{In} {place} ауылы 4G мобильді интернетіне қосылды.',
  },
  {
    lang: 'kk',
    kind: 'incident',
    topic: 'education',
    sentiment: 'neutral',
    text: '{In} {place} ауылындағы мектеп жөндеуден өтіп, {n} компьютер сатып алынды.',
  },
];

const OUTLETS = [
  'Региональный новостной портал',
  'Аудандық газет',
  'Городской Telegram-канал',
  'Облыстық телеарна',
];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A news lead for `district`: written from a template, or one of the corpus's own news lines. */
export function newsItem(places: Places, corpus: CorpusIndex, rng: Rng, district: string) {
  const d = places.district(district);
  const own = corpus.news.filter((n) => n.district === district);
  if (own.length && rng.chance(0.2)) {
    const n = rng.pick(own);
    return { ...n, district, outlet: rng.pick(OUTLETS) };
  }
  const t = rng.pick(TEMPLATES);
  const entry = places.byDistrict.get(district);
  const where = places.isCity(district) ? entry?.micro : entry?.settlements;
  const place = where?.length ? rng.pick(where) : null;
  const placeName = place ? (t.lang === 'kk' ? place.kk : place.ru) : (d?.ru ?? '');
  const inWhere = d ? (t.lang === 'kk' ? d.inKk : d.inRu) : '';
  const city = places.isCity(district);
  let text = t.text
    .replace('{In}', capital(inWhere))
    .replace('{place}', city && t.lang === 'ru' ? `мкр ${placeName}` : placeName)
    .replace('{n}', String(rng.int(3, 60)));
  // In a city the place is a microdistrict, not a village.
  if (city) text = text.replace(`${placeName} ауыл`, `${placeName} шағынаудан`);
  return {
    text,
    lang: t.lang,
    kind: t.kind,
    topic: t.topic,
    sentiment: t.sentiment,
    district,
    urgency: t.sentiment === 'negative' ? 'normal' : 'low',
    outlet: rng.pick(OUTLETS),
  };
}
