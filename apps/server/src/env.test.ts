import { describe, expect, it } from 'vitest';
import { configFromEnv, defaultConfig } from './env.ts';

describe('configuration', () => {
  it('[A1] reads the access settings: SIGNUP, COOKIE_SECURE, SESSION_TTL_MS, LOGIN_ATTEMPTS_PER_MINUTE, PASSWORD_SCRYPT_COST', () => {
    expect(configFromEnv({})).toMatchObject({
      signup: 'open',
      cookieSecure: false,
      sessionTtlMs: 30 * 24 * 3600 * 1000,
      loginAttemptsPerMinute: 10,
    });
    expect(
      configFromEnv({
        SIGNUP: 'closed',
        COOKIE_SECURE: 'true',
        SESSION_TTL_MS: '60000',
        LOGIN_ATTEMPTS_PER_MINUTE: '5',
        PASSWORD_SCRYPT_COST: '65536',
      }),
    ).toMatchObject({ signup: 'closed', cookieSecure: true, sessionTtlMs: 60_000, loginAttemptsPerMinute: 5, passwordCost: 65_536 });
    expect(() => configFromEnv({ SIGNUP: 'maybe' })).toThrow(/SIGNUP must be open or closed/);
    expect(() => configFromEnv({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE must be true or false/);
    expect(() => configFromEnv({ PASSWORD_SCRYPT_COST: '1000' })).toThrow(/power of two/);
  });

  it('defaults to SQLite in ./data, a snapshot every 100 patches and 10,000 kept in the log', () => {
    expect(configFromEnv({})).toMatchObject({ dataDir: './data', databaseUrl: null, snapshotEvery: 100, logRetention: 10_000 });
  });

  it('reads the storage settings from the environment', () => {
    const config = configFromEnv({
      DATA_DIR: '/var/lib/tandem',
      DATABASE_URL: 'postgres://tandem@db/tandem',
      SNAPSHOT_EVERY: '25',
      LOG_RETENTION: '500',
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    expect(config).toMatchObject({
      dataDir: '/var/lib/tandem',
      databaseUrl: 'postgres://tandem@db/tandem',
      snapshotEvery: 25,
      logRetention: 500,
      shutdownTimeoutMs: 2000,
    });
  });

  it('treats empty values as unset and refuses numbers that are not', () => {
    expect(configFromEnv({ DATABASE_URL: '', DATA_DIR: '' })).toMatchObject({ databaseUrl: null, dataDir: defaultConfig.dataDir });
    expect(() => configFromEnv({ SNAPSHOT_EVERY: 'often' })).toThrow(/SNAPSHOT_EVERY must be a non-negative integer/);
    expect(configFromEnv({ SNAPSHOT_EVERY: '0' }).snapshotEvery).toBe(1);
  });

  it('reads the page-creation limit and the read cache, and lets 0 turn the limit off', () => {
    expect(configFromEnv({})).toMatchObject({ pagesPerMinute: 60, readCacheBytes: 32 * 1024 * 1024 });
    expect(configFromEnv({ PAGES_PER_MINUTE: '0', READ_CACHE_BYTES: '1000' })).toMatchObject({ pagesPerMinute: 0, readCacheBytes: 1000 });
    expect(() => configFromEnv({ PAGES_PER_MINUTE: '-1' })).toThrow(/PAGES_PER_MINUTE must be a non-negative integer/);
  });

  it('reads the publishing settings, and refuses values that would break the CSP or are no origin', () => {
    expect(configFromEnv({})).toMatchObject({ publishFrameAncestors: "'none'", publicUrl: null });
    expect(
      configFromEnv({ PUBLISH_FRAME_ANCESTORS: " 'self' https://embed.example.com ", PUBLIC_URL: 'https://pages.example.com/' }),
    ).toMatchObject({
      publishFrameAncestors: "'self' https://embed.example.com",
      publicUrl: 'https://pages.example.com',
    });
    expect(() => configFromEnv({ PUBLISH_FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/PUBLISH_FRAME_ANCESTORS/);
    expect(() => configFromEnv({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL/);
    expect(() => configFromEnv({ PUBLIC_URL: 'not a url' })).toThrow(/PUBLIC_URL/);
  });
});
