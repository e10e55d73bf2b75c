/**
 * Server configuration: one TypeBox schema, filled from (highest first)
 * explicit overrides, SINIF_* environment variables, an optional JSON file,
 * then defaults. Anything unknown or malformed is refused at start with a
 * ConfigError naming the key, so a typo never silently runs with a default.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { checker } from '@sinif/shared';

const LogLevel = Type.Union([
  Type.Literal('fatal'),
  Type.Literal('error'),
  Type.Literal('warn'),
  Type.Literal('info'),
  Type.Literal('debug'),
  Type.Literal('trace'),
  Type.Literal('silent'),
]);

export const ServerConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    dataDir: Type.String({ minLength: 1 }),
    logLevel: LogLevel,
    bodyLimitBytes: Type.Integer({ minimum: 1 }),
    sessionTtlHours: Type.Number({ exclusiveMinimum: 0 }),
    seedDemo: Type.Boolean(),
    /** Failed sign-ins per account before exponential waits start. */
    signInAccountFreeFailures: Type.Integer({ minimum: 1 }),
    /** Failed sign-ins allowed per client address per 10 minutes (a lab shares one address). */
    signInAddressFailureBudget: Type.Integer({ minimum: 1 }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  },
  { additionalProperties: false },
);

export type ServerConfig = Static<typeof ServerConfigSchema>;

type ConfigKey = keyof ServerConfig;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.key = key;
  }
}

const repoRoot = resolve(import.meta.dirname, '..', '..');

export function defaultConfig(): ServerConfig {
  return {
    host: '0.0.0.0',
    port: 8700,
    dataDir: resolve(repoRoot, 'data', 'server'),
    logLevel: 'info',
    bodyLimitBytes: 1024 * 1024,
    sessionTtlHours: 12,
    seedDemo: true,
    signInAccountFreeFailures: 5,
    signInAddressFailureBudget: 200,
  };
}

/** Env var → key, with how to read its text. */
const envKeys: Record<string, { key: ConfigKey; kind: 'string' | 'integer' | 'number' | 'boolean' }> = {
  SINIF_HOST: { key: 'host', kind: 'string' },
  SINIF_PORT: { key: 'port', kind: 'integer' },
  SINIF_DATA_DIR: { key: 'dataDir', kind: 'string' },
  SINIF_LOG_LEVEL: { key: 'logLevel', kind: 'string' },
  SINIF_BODY_LIMIT_BYTES: { key: 'bodyLimitBytes', kind: 'integer' },
  SINIF_SESSION_TTL_HOURS: { key: 'sessionTtlHours', kind: 'number' },
  SINIF_SEED_DEMO: { key: 'seedDemo', kind: 'boolean' },
  SINIF_SIGN_IN_ACCOUNT_FREE_FAILURES: { key: 'signInAccountFreeFailures', kind: 'integer' },
  SINIF_SIGN_IN_ADDRESS_FAILURE_BUDGET: { key: 'signInAddressFailureBudget', kind: 'integer' },
  SINIF_PUBLIC_URL: { key: 'publicUrl', kind: 'string' },
};
/** Read by main.ts, not a config key. */
const envNotKeys = new Set(['SINIF_CONFIG']);

function parseEnvValue(name: string, text: string, kind: 'string' | 'integer' | 'number' | 'boolean'): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'integer':
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || (kind === 'integer' && !Number.isInteger(value))) {
        throw new ConfigError(name, `${name}=${JSON.stringify(text)} is not ${kind === 'integer' ? 'an integer' : 'a number'}`);
      }
      return value;
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['1', 'true', 'yes'].includes(lower)) return true;
      if (['0', 'false', 'no'].includes(lower)) return false;
      throw new ConfigError(name, `${name}=${JSON.stringify(text)} is not a boolean (use true or false)`);
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function fromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith('SINIF_') || envNotKeys.has(name) || text === undefined) continue;
    const entry = envKeys[name];
    if (!entry) {
      throw new ConfigError(name, `unknown environment variable ${name} (known: ${Object.keys(envKeys).join(', ')})`);
    }
    values[entry.key] = parseEnvValue(name, text, entry.kind);
  }
  return values;
}

function fromFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError('SINIF_CONFIG', `cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('SINIF_CONFIG', `config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('SINIF_CONFIG', `config file ${file} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

const knownKeys = new Set(Object.keys(ServerConfigSchema.properties));
const configChecker = checker(ServerConfigSchema);

function rejectUnknownKeys(values: Record<string, unknown>, source: string): void {
  for (const key of Object.keys(values)) {
    if (!knownKeys.has(key)) {
      throw new ConfigError(key, `unknown config key "${key}" in ${source} (known: ${[...knownKeys].join(', ')})`);
    }
  }
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  file?: string;
  overrides?: Partial<ServerConfig>;
}

export function loadConfig(opts: LoadConfigOptions = {}): ServerConfig {
  const fileValues = opts.file ? fromFile(opts.file) : {};
  rejectUnknownKeys(fileValues, `config file ${opts.file}`);
  const envValues = fromEnv(opts.env ?? {});
  const overrides: Record<string, unknown> = { ...(opts.overrides ?? {}) };
  rejectUnknownKeys(overrides, 'overrides');
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete overrides[key];

  const merged: Record<string, unknown> = { ...defaultConfig(), ...fileValues, ...envValues, ...overrides };
  for (const key of knownKeys) {
    const value = merged[key];
    const single = { ...defaultConfig(), [key]: value };
    if (value !== undefined && !configChecker.check(single)) {
      const why = configChecker.problems(single)[0] ?? 'invalid';
      throw new ConfigError(key, `config key "${key}" has a bad value ${JSON.stringify(value)}: ${why}`);
    }
  }
  if (!configChecker.check(merged)) {
    throw new ConfigError('config', `invalid config: ${configChecker.problems(merged).join('; ')}`);
  }
  const config = merged as ServerConfig;
  return { ...config, dataDir: resolve(config.dataDir) };
}
