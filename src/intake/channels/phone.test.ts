import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('toE164', () => {
  it('reads international numbers, Kazakh national ones and keeps the rest as +digits', () => {
    expect(toE164('77011234567')).toBe('+77011234567');
    expect(toE164('+7 (701) 123-45-67')).toBe('+77011234567');
    expect(toE164('8 701 123 45 67')).toBe('+77011234567');
    expect(toE164('12')).toBe('+12');
    expect(toE164('no digits')).toBeNull();
  });

  it('answers the same from its memory of recent numbers, also past its bound', () => {
    const first = Array.from({ length: 10_050 }, (_, i) => toE164(`7701${String(i).padStart(7, '0')}`));
    const again = Array.from({ length: 10_050 }, (_, i) => toE164(`7701${String(i).padStart(7, '0')}`));
    expect(again).toEqual(first);
    expect(first[42]).toBe('+77010000042');
  });
});
