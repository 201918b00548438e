import type { Channel, Kind, Topic } from '../shared/taxonomy.js';
import type { CorpusIndex, CorpusText } from './corpus.js';
import { newsItem } from './news.js';
import { drawOutage, type Outage, outageMessage } from './outages.js';
import type { Place, Places } from './places.js';
import { apportion, type Rng, Weighted } from './rng.js';
import { type Timeline, topicWeights } from './season.js';
import { vary } from './variation.js';

/** The study's Table 2: the 109 service's 80,758 appeals of 2020 by kind. */
export const KIND_SHARES: Readonly<Record<Kind, number>> = {
  consultation: 0.797,
  incident: 0.178,
  complaint: 0.015,
  proposal: 0.009,
  gratitude: 0.002,
};

/**
 * Channels of the study's Table 2 (call centre 109, WhatsApp, Instagram, Telegram bot, the mobile app,
 * 27 of 80,758 = 0.03 %); the table gives no split between the first four, so the call centre carries
 * half, WhatsApp a quarter. Plus a little web form, Facebook and VK.
 */
export const CHANNEL_SHARES: Readonly<Partial<Record<Channel, number>>> = {
  call_center: 0.52,
  whatsapp: 0.27,
  telegram: 0.085,
  instagram: 0.075,
  web: 0.02,
  facebook: 0.012,
  vk: 0.008,
  open311: 0.001,
};

export interface Labels {
  readonly kind: Kind;
  readonly topic: Topic;
  readonly district: string;
  readonly lang: string;
  readonly sentiment: string;
  readonly urgency: string;
}

export interface AppealPlan extends Labels {
  readonly channel: Channel;
  readonly receivedAt: number;
  readonly text: string;
  readonly address: string | null;
  /** Corpus line the text was made from, or `outage` for a generated outage message. */
  readonly origin: string;
  /** The corpus text before variation (null for outage messages). */
  readonly source: string | null;
  /** Places of the district the variation wrote into the text. */
  readonly placed: readonly Place[];
}

export interface MentionPlan extends Labels {
  readonly channel: Channel;
  readonly receivedAt: number;
  readonly text: string;
  readonly origin: string;
  readonly source: string | null;
  readonly placed: readonly Place[];
  readonly post: string;
  readonly reach: Record<string, number>;
  /** News outlet name (news items only). */
  readonly outlet: string | null;
}

export interface AppealSlot {
  readonly kind: Kind;
  t: number;
  outage: Outage | null;
  hours: number;
}

const MENTION_KINDS: Readonly<Record<Kind, number>> = {
  complaint: 0.35,
  incident: 0.2,
  consultation: 0.2,
  gratitude: 0.13,
  proposal: 0.12,
};

/** Generates a year of appeals, social-media mentions and news, in memory, from the labelled corpus. */
export class HistoryPlanner {
  private readonly channels = Weighted.of(CHANNEL_SHARES as Record<Channel, number>);
  private readonly topicDraws = new Map<string, Weighted<Topic>>();

  constructor(
    private readonly corpus: CorpusIndex,
    private readonly places: Places,
    private readonly timeline: Timeline,
    private readonly rng: Rng,
  ) {}

  private topic(style: CorpusText['style'], kind: Kind, month: number): Topic {
    const key = `${style}|${kind}|${month}`;
    let draw = this.topicDraws.get(key);
    if (!draw) {
      const weights = topicWeights(month);
      const available = this.corpus.topicsOf(style, kind);
      draw = new Weighted(
        available,
        available.map((t) => weights[t]),
      );
      this.topicDraws.set(key, draw);
    }
    return draw.draw(this.rng);
  }

  /** A corpus text of this kind and topic for `district`: written there, or placeless (then placed). */
  private source(style: CorpusText['style'], kind: Kind, topic: Topic, district: string): CorpusText {
    const here = this.corpus.textsOf(style, kind, topic, district);
    const placeless = this.corpus.textsOf(style, kind, topic, null);
    if (here.length && (this.rng.chance(0.55) || !placeless.length)) return this.rng.pick(here);
    if (placeless.length) return this.rng.pick(placeless);
    return this.rng.pick(this.corpus.texts(style, kind, topic));
  }

  private written(kind: Kind, month: number, channel: Channel, forcedDistrict?: string) {
    const rng = this.rng;
    const operator = channel === 'call_center' && rng.chance(0.35);
    const style = operator && this.corpus.topicsOf('operator', kind).length ? 'operator' : 'appeal';
    const topic = this.topic(style, kind, month);
    const wanted = forcedDistrict ?? this.places.drawDistrict(rng).code;
    const src = this.source(style, kind, topic, wanted);
    const district = src.district ?? wanted;
    const v = vary(src, district, this.places, rng);
    return {
      kind,
      topic,
      district,
      lang: src.lang,
      sentiment: src.sentiment,
      urgency: src.urgency,
      text: v.text,
      address: v.address,
      origin: src.origin,
      source: src.text,
      placed: v.placed,
    };
  }

  /**
   * When each of `n` appeals arrives and of what kind (Table 2 proportions), in time order; a share of the
   * incidents come together as outages about one street of one place. Cheap: texts are made later.
   */
  appealSlots(n: number): AppealSlot[] {
    const rng = this.rng;
    const counts = apportion(n, KIND_SHARES);
    const kinds: Kind[] = [];
    for (const [k, c] of Object.entries(counts) as Array<[Kind, number]>)
      for (let i = 0; i < c; i++) kinds.push(k);
    const slots: AppealSlot[] = rng
      .shuffle(kinds)
      .map((kind) => ({ kind, t: this.timeline.draw(rng), outage: null, hours: 0 }));
    const incidents = slots.filter((s) => s.kind === 'incident');
    const bursts = Math.max(1, Math.round(n / 3500));
    for (let b = 0; b < bursts && incidents.length > 10; b++) {
      const start = this.timeline.draw(rng);
      const o = drawOutage(this.places, rng, this.timeline.month(start));
      if (!o) continue;
      const size = Math.min(rng.int(12, 35), Math.floor(incidents.length / (bursts - b + 1)));
      for (let i = 0; i < size; i++) {
        const slot = incidents.splice(rng.int(0, incidents.length - 1), 1)[0];
        if (!slot) break;
        const hours = rng.between(0, 5) * (i / size);
        slot.t = Math.round(Math.min(this.timeline.end, start + hours * 3600_000 + rng.int(0, 600_000)));
        slot.outage = o;
        slot.hours = hours + 1;
      }
    }
    return slots.sort((a, b) => a.t - b.t);
  }

  /** The appeal of a slot: channel, text and labels. */
  appeal(slot: AppealSlot): AppealPlan {
    const rng = this.rng;
    const channel = this.channels.draw(rng);
    if (slot.outage) {
      const m = outageMessage(slot.outage, rng, slot.hours);
      return {
        ...m,
        channel,
        receivedAt: slot.t,
        address: null,
        origin: 'outage',
        source: null,
        placed: [slot.outage.place],
      };
    }
    return { ...this.written(slot.kind, this.timeline.month(slot.t), channel), channel, receivedAt: slot.t };
  }

  /** `n` appeals in time order (small samples; the seed materialises slots chunk by chunk). */
  appeals(n: number): AppealPlan[] {
    return this.appealSlots(n).map((s) => this.appeal(s));
  }

  /** Comments on the akimat's Instagram, Facebook and VK pages: public mentions with reach. */
  mentions(n: number): MentionPlan[] {
    const rng = this.rng;
    const channels = Weighted.of({ instagram: 0.5, facebook: 0.3, vk: 0.2 } as Record<Channel, number>);
    const kinds = Weighted.of(MENTION_KINDS);
    const posts = Math.max(3, Math.round(n / 18));
    const out: MentionPlan[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.timeline.draw(rng);
      const channel = channels.draw(rng);
      const w = this.written(kinds.draw(rng), this.timeline.month(t), channel);
      out.push({
        ...w,
        channel,
        receivedAt: t,
        post: `${channel}-post-${Math.floor((t - this.timeline.start) / ((this.timeline.end - this.timeline.start) / posts))}`,
        reach: { likes: Math.round(rng.logNormal(3, 1.2)), comments: rng.int(0, 6) },
        outlet: null,
      });
    }
    return out.sort((a, b) => a.receivedAt - b.receivedAt);
  }

  /** News leads about the region's places, with views and shares. */
  news(n: number): MentionPlan[] {
    const rng = this.rng;
    const out: MentionPlan[] = [];
    for (let i = 0; i < n; i++) {
      const t = this.timeline.draw(rng);
      const item = newsItem(this.places, this.corpus, rng, this.places.drawDistrict(rng).code);
      const views = Math.round(rng.logNormal(2500, 1.0));
      out.push({
        kind: item.kind,
        topic: item.topic,
        district: item.district ?? this.places.drawDistrict(rng).code,
        lang: item.lang,
        sentiment: item.sentiment,
        urgency: item.urgency,
        channel: 'news',
        receivedAt: t,
        text: item.text,
        origin: 'origin' in item ? item.origin : 'news-template',
        source: null,
        placed: [],
        post: `news-${i}`,
        reach: {
          views,
          likes: Math.round(views * rng.between(0.005, 0.03)),
          shares: Math.round(views * rng.between(0.001, 0.01)),
          comments: Math.round(views * rng.between(0.001, 0.008)),
        },
        outlet: item.outlet,
      });
    }
    return out.sort((a, b) => a.receivedAt - b.receivedAt);
  }
}
