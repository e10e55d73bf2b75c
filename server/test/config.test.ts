import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';

const dirs: string[] = [];
function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'sinif-config-'));
  dirs.push(dir);
  const file = join(dir, 'sinif.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults with nothing set', () => {
    const config = loadConfig();
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8700,
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      sessionTtlHours: 12,
      seedDemo: true,
    });
    expect(config.dataDir).toBe(resolve(import.meta.dirname, '..', '..', 'data', 'server'));
    expect(config.publicUrl).toBeUndefined();
  });

  it('refuses an unknown key in the file and names it', () => {
    const error = configError(() => loadConfig({ file: configFile({ prot: 9000 }) }));
    expect(error.key).toBe('prot');
    expect(error.message).toContain('prot');
  });

  it('refuses a bad value and names the key and the value', () => {
    const error = configError(() => loadConfig({ overrides: { port: 70000 } }));
    expect(error.key).toBe('port');
    expect(error.message).toContain('70000');
    expect(configError(() => loadConfig({ file: configFile({ logLevel: 'loud' }) })).key).toBe('logLevel');
  });

  it('refuses an env var that is not a number where one is needed', () => {
    const error = configError(() => loadConfig({ env: { SINIF_PORT: 'eighty' } }));
    expect(error.key).toBe('SINIF_PORT');
    expect(error.message).toContain('eighty');
  });

  it('refuses an unknown SINIF_ env var but ignores SINIF_CONFIG and other vars', () => {
    const error = configError(() => loadConfig({ env: { SINIF_PROT: '1' } }));
    expect(error.key).toBe('SINIF_PROT');
    expect(() => loadConfig({ env: { SINIF_CONFIG: '/x.json', HOME: '/root' } })).not.toThrow();
  });

  it('refuses a file that is not JSON', () => {
    expect(configError(() => loadConfig({ file: configFile('{nope') })).message).toMatch(/not valid JSON/);
  });

  it('takes overrides over env over file over defaults', () => {
    const file = configFile({ port: 1001, host: '10.0.0.1', logLevel: 'debug', sessionTtlHours: 2 });
    const env = { SINIF_PORT: '1002', SINIF_HOST: '10.0.0.2', SINIF_SEED_DEMO: 'false' };
    const config = loadConfig({ file, env, overrides: { port: 1003 } });
    expect(config.port).toBe(1003);
    expect(config.host).toBe('10.0.0.2');
    expect(config.logLevel).toBe('debug');
    expect(config.sessionTtlHours).toBe(2);
    expect(config.seedDemo).toBe(false);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('accepts port 0 and an http public URL', () => {
    const config = loadConfig({ env: { SINIF_PORT: '0', SINIF_PUBLIC_URL: 'https://sinif.example.az' } });
    expect(config.port).toBe(0);
    expect(config.publicUrl).toBe('https://sinif.example.az');
  });
});
