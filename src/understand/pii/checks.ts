/** Check-digit and plausibility tests for identifiers found in text. */

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weighted(d: readonly number[], w: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 11; i++) s += d[i]! * w[i]!;
  return s % 11;
}

/**
 * Kazakhstan IIN check digit (../shared/reference/protocols.md): Σ d[i]·i (i = 1..11) mod 11; if that is 10,
 * recompute with weights 3..11,1,2; a second 10 means the number is never issued.
 */
export function iinChecksumOk(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  let c = weighted(d, W1);
  if (c === 10) c = weighted(d, W2);
  if (c === 10) return false;
  return c === d[11];
}

/** YYMMDD plus the century/sex digit (1–2: 1800s, 3–4: 1900s, 5–6: 2000s) make a real, past date. */
export function iinDateOk(digits: string, now = new Date()): boolean {
  const centuryDigit = Number(digits[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return false;
  const year = 1800 + Math.floor((centuryDigit - 1) / 2) * 100 + Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return false;
  return Date.UTC(year, month - 1, day) <= now.getTime() && year >= 1890;
}

export function isIin(digits: string, now?: Date): boolean {
  return iinChecksumOk(digits) && iinDateOk(digits, now);
}

/** Luhn check over a digit string. */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Payment card: 13–19 digits, a known scheme's first digit (2–6: Mir/MC, Amex, Visa, MC, UnionPay), Luhn. */
export function isCard(digits: string): boolean {
  return (
    digits.length >= 13 &&
    digits.length <= 19 &&
    /^[2-6]/.test(digits) &&
    !/^(\d)\1+$/.test(digits) &&
    luhnOk(digits)
  );
}
