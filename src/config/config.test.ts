import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults: SQLite file in the data dir, port 3000, demo on', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({ dialect: 'sqlite', file: expect.stringMatching(/data\/tyndau\.db$/) });
    expect(c.demo).toBe(true);
    expect(c.telegram.apiBase).toBe('https://api.telegram.org');
  });

  it('selects PostgreSQL for a postgres URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/tyndau' });
    expect(c.database).toEqual({ dialect: 'postgres', url: 'postgres://u@127.0.0.1:5432/tyndau' });
  });

  it('is frozen, deeply', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.telegram)).toBe(true);
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', TYNDAU_ADMIN_TOKEN: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('LOG_LEVEL');
      expect(msg).toContain('TYNDAU_ADMIN_TOKEN');
    }
  });

  it('rejects an unknown database scheme', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
