import type { CaseStatus } from './lifecycle.js';

export type ReplyLang = 'kk' | 'ru';

export function replyLang(lang: string | null): ReplyLang {
  return lang === 'kk' ? 'kk' : 'ru';
}

/** Fills {placeholders}; unknown ones stay visible so a broken template is noticed, not hidden. */
export function render(body: string, vars: Record<string, string>): string {
  return body.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

export function localDate(ms: number, offsetMinutes = 300): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${d.getUTCFullYear()}`;
}

const STATUS_WORDS: Record<ReplyLang, Record<CaseStatus, string>> = {
  ru: {
    new: 'зарегистрировано',
    assigned: 'передано исполнителю',
    in_progress: 'в работе',
    answered: 'дан ответ',
    closed: 'закрыто',
    redirected: 'направлено по компетенции',
    merged: 'объединено с другим обращением',
    rejected: 'отклонено',
    reopened: 'снова в работе',
  },
  kk: {
    new: 'тіркелді',
    assigned: 'орындаушыға берілді',
    in_progress: 'орындалуда',
    answered: 'жауап берілді',
    closed: 'жабылды',
    redirected: 'құзыреті бойынша жіберілді',
    merged: 'басқа өтінішпен біріктірілді',
    rejected: 'қабылданбады',
    reopened: 'қайта орындалуда',
  },
};

export function statusWord(status: string, lang: ReplyLang): string {
  return STATUS_WORDS[lang][status as CaseStatus] ?? status;
}

export type Satisfaction = 'solved' | 'not_solved' | 'partly';

/** Reads a citizen's reply to "is it solved?": yes / no / partly, and a 1–5 rating if present. */
export function parseFeedback(text: string): { satisfaction: Satisfaction | null; rating: number | null } {
  const t = text.toLowerCase().replace(/ё/g, 'е').trim();
  let satisfaction: Satisfaction | null = null;
  if (/(частично|ішінара|ишинара|отчасти|не полностью|partly|partially)/.test(t)) satisfaction = 'partly';
  else if (
    /(^|[^а-яәіңғүұқөһa-z])(нет|не решен\w*|не решили|жоқ|жок|шешілмеді|шешилмеди|no|not solved)([^а-яәіңғүұқөһa-z]|$)/.test(
      t,
    )
  )
    satisfaction = 'not_solved';
  else if (
    /(^|[^а-яәіңғүұқөһa-z])(да|решен\w*|решили|иә|ия|иа|ия|шешілді|шешилди|yes|solved|ok|ок)([^а-яәіңғүұқөһa-z]|$)/.test(
      t,
    )
  )
    satisfaction = 'solved';
  const r = /(^|\D)([1-5])(\s*(\/\s*5|балл\w*|из 5|ұпай))?(\D|$)/.exec(t);
  const rating = r ? Number(r[2]) : null;
  return { satisfaction, rating };
}

/** "/status", "статус", "мәртебе", or a case number typed alone. */
export function parseStatusCommand(text: string): { number: string | null } | null {
  const t = text.trim();
  const num = /\b([A-Z]{2,4}-\d{4}-\d{6})\b/.exec(t.toUpperCase());
  if (/^\/status\b/i.test(t) || /^(статус|мәртебе|status)\b/i.test(t)) return { number: num?.[1] ?? null };
  if (num && t.length <= num[1]!.length + 2) return { number: num[1]! };
  return null;
}
