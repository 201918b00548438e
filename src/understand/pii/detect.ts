import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isCard, isIin } from './checks.js';

export type PiiType = 'iin' | 'phone' | 'email' | 'card';

/** A piece of personal data: `start`/`end` are UTF-16 offsets into the original text. */
export interface PiiSpan {
  readonly type: PiiType;
  /** Normalised value: digits for IIN and card, E.164 for phones, lower-case e-mail. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

interface Group {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
  readonly plus: boolean;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const DIGITS = /\d+/g;
const GAP = /^[ \t\u00a0\-()]{1,3}$/;
/** Words before a number that make it an account, contract or document number rather than personal data. */
const NOT_PERSONAL_WORD =
  '(?<![\\p{L}])(?:сч[её]т|л/с|лицев|договор|инн|бин|бик|иик|окпо|заказ|накладн|квитанц|шот|шарт|тапсырыс|invoice|account|order|№|номер обращ|талон|ведомост|кадастр)[\\p{L}/]*';
/**
 * For IINs and cards: the word and at most two more words right before the number ("лицевой счёт
 * абонента 900101300126"); a comma, bracket or quote between them ends the phrase.
 */
const NOT_PERSONAL = new RegExp(`${NOT_PERSONAL_WORD}(?:\\s+[\\p{L}.]+){0,2}[\\s:#№-]*$`, 'iu');
/**
 * For phone numbers (rarely mistaken for a document number): only the word itself right before the
 * number ("договор № 87011234567", not "по договору бесплатно: 87011234567").
 */
const NOT_PERSONAL_NEAR = new RegExp(`${NOT_PERSONAL_WORD}[\\s:#№-]*$`, 'iu');
const PERSONAL =
  /(?<![\p{L}])(?:иин|жсн|iin|тел|ватсап|whatsapp|карт|card|звон|байланыс|моб|сотов)[^\d.?!\n]{0,20}$/iu;

function groups(text: string): Group[] {
  const out: Group[] = [];
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m !== null; m = DIGITS.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length, digits: m[0], plus: text[m.index - 1] === '+' });
  }
  return out;
}

function phone(digits: string, plus: boolean): string | null {
  let candidate: string;
  if (plus) candidate = `+${digits}`;
  else if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7'))
    candidate = `+7${digits.slice(1)}`;
  else if (digits.length === 10 && digits[0] === '7') candidate = `+7${digits}`;
  else return null;
  const p = parsePhoneNumberFromString(candidate, 'KZ');
  if (!p?.isValid()) return null;
  if (!plus && p.country !== 'KZ' && p.country !== 'RU') return null;
  return p.number;
}

function classify(
  digits: string,
  plus: boolean,
  contiguous: boolean,
): { type: PiiType; value: string } | null {
  if (!plus && contiguous && digits.length === 12 && isIin(digits)) return { type: 'iin', value: digits };
  if (!plus && digits.length >= 13 && isCard(digits)) return { type: 'card', value: digits };
  if (digits.length >= 10 && digits.length <= 12) {
    const e164 = phone(digits, plus);
    if (e164) return { type: 'phone', value: e164 };
  }
  if (!plus && digits.length === 12 && isIin(digits)) return { type: 'iin', value: digits };
  return null;
}

/** Digit-based personal data: chains of digit groups joined by spaces, dashes or brackets. */
function numeric(text: string): PiiSpan[] {
  const gs = groups(text);
  const out: PiiSpan[] = [];
  let i = 0;
  while (i < gs.length) {
    const first = gs[i]!;
    const left = text[first.start - (first.plus ? 2 : 1)];
    let found: { span: PiiSpan; next: number } | null = null;
    const glued =
      left !== undefined &&
      /\p{L}/u.test(left) &&
      PERSONAL.test(text.slice(Math.max(0, first.start - 12), first.start));
    if (left === undefined || !/[\p{L}\p{N}_/.,]/u.test(left) || left === ',' || glued) {
      let digits = '';
      for (let j = i; j < gs.length && digits.length <= 19; j++) {
        const g = gs[j]!;
        if (j > i && (!GAP.test(text.slice(gs[j - 1]!.end, g.start)) || g.plus)) break;
        digits += g.digits;
        const right = text[g.end];
        const nextJoins = j + 1 < gs.length && GAP.test(text.slice(g.end, gs[j + 1]!.start));
        if (right !== undefined && /[\p{L}_]/u.test(right)) continue;
        if ((right === '.' || right === ',') && /\d/.test(text[g.end + 1] ?? '')) continue;
        const hit = classify(digits, first.plus, j === i);
        if (hit) {
          const start = first.start - (first.plus ? 1 : 0);
          found = { span: { ...hit, start, end: g.end }, next: j + 1 };
        }
        if (!nextJoins) break;
      }
    }
    if (found) {
      const before = text.slice(Math.max(0, found.span.start - 40), found.span.start);
      const { type } = found.span;
      // A number written with "+" is a phone whatever stands before it.
      const notPersonal =
        type !== 'phone' ? NOT_PERSONAL : text[found.span.start] === '+' ? null : NOT_PERSONAL_NEAR;
      if (!notPersonal?.test(before) || PERSONAL.test(before)) {
        out.push(found.span);
        i = found.next;
        continue;
      }
    }
    i++;
  }
  return out;
}

/** Every IIN, phone, e-mail and card number in the text, in order, without overlaps. */
export function findPii(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (text.includes('@')) {
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
      spans.push({ type: 'email', value: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
  }
  if (/\d{2}/.test(text)) {
    for (const s of numeric(text)) if (!spans.some((e) => s.start < e.end && e.start < s.end)) spans.push(s);
  }
  return spans.sort((a, b) => a.start - b.start);
}

const MARK: Record<PiiType, string> = { iin: '[IIN]', phone: '[PHONE]', email: '[EMAIL]', card: '[CARD]' };

/** The text with every span replaced by its type marker. */
export function redact(text: string, spans: readonly PiiSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + MARK[s.type];
    at = s.end;
  }
  return out + text.slice(at);
}
