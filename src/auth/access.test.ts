import { describe, expect, it } from 'vitest';
import { secretsEqual } from './access.js';

describe('secretsEqual', () => {
  const secret = 'bench-secret_0123456789';
  it('accepts only the very same secret', () => {
    expect(secretsEqual(secret, secret)).toBe(true);
    expect(secretsEqual(`${secret}`.slice(0), secret)).toBe(true);
    for (const other of [
      '',
      'b',
      secret.slice(0, -1),
      `${secret}0`,
      `${secret}${secret}`,
      `X${secret.slice(1)}`,
      `${secret.slice(0, -1)}X`,
      secret.toUpperCase(),
      'ж'.repeat(secret.length),
    ])
      expect(secretsEqual(other, secret), other).toBe(false);
  });
  it('an empty secret equals only an empty one (callers refuse an unset secret first)', () => {
    expect(secretsEqual('', '')).toBe(true);
    expect(secretsEqual('x', '')).toBe(false);
  });
  it('compares UTF-16 code units, not bytes', () => {
    expect(secretsEqual('қазақ', 'қазақ')).toBe(true);
    expect(secretsEqual('қазаk', 'қазақ')).toBe(false);
  });
});
