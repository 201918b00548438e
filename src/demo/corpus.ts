import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KINDS, type Kind, SENTIMENTS, TOPICS, type Topic, URGENCIES } from '../shared/taxonomy.js';

/** One labelled message of the project's corpus (data/corpus/train). */
export interface CorpusText {
  readonly text: string;
  readonly lang: string;
  readonly kind: Kind;
  readonly topic: Topic;
  readonly sentiment: string;
  readonly district: string | null;
  readonly urgency: string;
  /** `file:line`, so a generated row can be traced to the line it came from. */
  readonly origin: string;
  /** appeal: a citizen's own words; operator: a call-centre registration; news: a news lead. */
  readonly style: 'appeal' | 'operator' | 'news';
}

export const CORPUS_TRAIN_DIR = resolve('data/corpus/train');

const OPERATOR =
  /^(Оператор|Обратил|Звонил|Звонок|Звонящ|Обращение|Заявител|Сообщение из|Абонент|Поступил|Жительниц|Житель )/;
const NEWS =
  /^(В [А-ЯЁ]\S* район|В Таразе |На трассе|На Кордайском)|сообщает пресс|пресс-служб|зафиксирован|госпитализирован|мәліметінше|деп хабарлады|тексеріс бастады|жұмыстары басталды/;

function styleOf(text: string, kind: Kind): CorpusText['style'] {
  if (OPERATOR.test(text)) return 'operator';
  if (NEWS.test(text) && kind === 'incident' && !text.includes('?')) return 'news';
  return 'appeal';
}

const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/** Reads every JSONL file of the folder; lines with labels outside the taxonomy are skipped. */
export function loadCorpus(dir = CORPUS_TRAIN_DIR): CorpusText[] {
  const out: CorpusText[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const r = JSON.parse(line) as Record<string, unknown>;
        const text = typeof r.text === 'string' ? r.text.trim() : '';
        if (!text || !oneOf(KINDS, r.kind) || !oneOf(TOPICS, r.topic)) return;
        out.push({
          text,
          lang: typeof r.lang === 'string' ? r.lang : 'ru',
          kind: r.kind,
          topic: r.topic,
          sentiment: oneOf(SENTIMENTS, r.sentiment) ? r.sentiment : 'neutral',
          district: typeof r.district === 'string' ? r.district : null,
          urgency: oneOf(URGENCIES, r.urgency) ? r.urgency : 'normal',
          origin: `${file}:${i + 1}`,
          style: styleOf(text, r.kind),
        });
      });
  }
  return out;
}

/** The corpus indexed for drawing: by style, kind and topic. */
export class CorpusIndex {
  private readonly byKey = new Map<string, CorpusText[]>();
  private readonly topics = new Map<string, Topic[]>();
  readonly news: CorpusText[];

  constructor(readonly all: readonly CorpusText[]) {
    const add = (key: string, t: CorpusText) => {
      const list = this.byKey.get(key) ?? [];
      list.push(t);
      this.byKey.set(key, list);
    };
    for (const t of all) {
      add(`${t.style}|${t.kind}|${t.topic}`, t);
      add(`${t.style}|${t.kind}|${t.topic}|${t.district ?? '-'}`, t);
    }
    this.news = all.filter((t) => t.style === 'news');
  }

  texts(style: CorpusText['style'], kind: Kind, topic: Topic): readonly CorpusText[] {
    return this.byKey.get(`${style}|${kind}|${topic}`) ?? [];
  }

  /** Texts of this style, kind and topic written about `district` (null: naming no district). */
  textsOf(
    style: CorpusText['style'],
    kind: Kind,
    topic: Topic,
    district: string | null,
  ): readonly CorpusText[] {
    return this.byKey.get(`${style}|${kind}|${topic}|${district ?? '-'}`) ?? [];
  }

  /** Topics that have at least one text of this style and kind. */
  topicsOf(style: CorpusText['style'], kind: Kind): readonly Topic[] {
    const key = `${style}|${kind}`;
    let list = this.topics.get(key);
    if (!list) {
      list = TOPICS.filter((t) => this.texts(style, kind, t).length > 0);
      this.topics.set(key, list);
    }
    return list;
  }
}
