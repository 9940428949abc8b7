import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/server/config.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { dialect: 'sqlite', file: './data/fuwu.db' },
      demoData: false,
      defaultTimezone: 'Asia/Shanghai',
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads PostgreSQL URLs and flags', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://fuwu@db:5432/fuwu', DEMO_DATA: '0', PORT: '8080' });
    expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://fuwu@db:5432/fuwu' });
    expect(config.demoData).toBe(false);
    expect(config.port).toBe(8080);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEFAULT_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud', ADMIN_PASSWORD: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(problems).toEqual(['ADMIN_PASSWORD', 'DATABASE_URL', 'DEFAULT_TIMEZONE', 'LOG_LEVEL', 'PORT']);
  });
});
