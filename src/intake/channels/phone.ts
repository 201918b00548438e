import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A phone number as E.164 (`+77011234567`). Providers send international numbers without the plus
 * (WhatsApp wa_id, often Telegram); a Kazakh national number with the trunk 8 is read as KZ.
 * Whatever cannot be validated is kept as `+digits` rather than dropped.
 */
export function toE164(input: string): string | null {
  // Parsing a number costs tens of microseconds, and the same people write again and again.
  const known = recent.get(input);
  if (known !== undefined) return known;
  const e164 = parse(input);
  if (recent.size >= RECENT) recent.clear();
  recent.set(input, e164);
  return e164;
}

/** Numbers normalised lately (a bounded map, emptied when full). */
const RECENT = 10_000;
const recent = new Map<string, string | null>();

function parse(input: string): string | null {
  const digits = input.replace(/\D/g, '');
  if (!digits) return null;
  if (input.trim().startsWith('+')) return parsePhoneNumberFromString(`+${digits}`)?.number ?? `+${digits}`;
  const international = parsePhoneNumberFromString(`+${digits}`);
  if (international?.isValid()) return international.number;
  const national = parsePhoneNumberFromString(digits, 'KZ');
  if (national?.isValid()) return national.number;
  return `+${digits}`;
}
