import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, rowLevelSecurityOf } from '../src/config.ts';

describe('server configuration', () => {
  it('starts with no environment at all: embedded database, demo on, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, ZX_DEMO: 'auto', cookieSecure: false });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ZX_DATA_DIR).toMatch(/data\/pglite$/);
  });

  it('names every invalid variable at once, with what it must be', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ZX_PROVINCE: 'Hebei' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ZX_PROVINCE: 'Hebei' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
      expect(message).toContain('ZX_PROVINCE: a two-digit province code');
    }
  });

  it('uses secure cookies in production unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ZX_COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('runs requests under row-level security with a PostgreSQL server, not on embedded PGlite, unless told otherwise', () => {
    const server = 'postgres://zx@db.internal:5432/zhenxing';
    expect(rowLevelSecurityOf(loadConfig({}))).toBe(false);
    expect(rowLevelSecurityOf(loadConfig({ DATABASE_URL: server }))).toBe(true);
    expect(rowLevelSecurityOf(loadConfig({ DATABASE_URL: server, ZX_ROW_LEVEL_SECURITY: 'false' }))).toBe(false);
    expect(rowLevelSecurityOf(loadConfig({ ZX_ROW_LEVEL_SECURITY: 'true' }))).toBe(true);
  });
});
