/** The common language of DESIGN.md: stable codes used by tests, exports and the API. */
export const CHANNELS = [
  'call_center',
  'whatsapp',
  'telegram',
  'instagram',
  'facebook',
  'vk',
  'open311',
  'web',
  'email',
  'egov',
  'import',
  'news',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const KINDS = ['consultation', 'incident', 'complaint', 'proposal', 'gratitude'] as const;
export type Kind = (typeof KINDS)[number];

export const TOPICS = [
  'electricity',
  'water',
  'gas',
  'heating',
  'housing',
  'roads',
  'transport',
  'waste',
  'healthcare',
  'education',
  'social',
  'land',
  'agriculture',
  'safety',
  'environment',
  'economy',
  'digital',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const LANGS = ['kk', 'ru', 'en', 'mixed'] as const;
export type Lang = (typeof LANGS)[number];
