import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { auditRetentionDaysSchema, loadSecretKey, MIN_AUDIT_RETENTION_DAYS, secretKeySchema } from '@zhenxing/core';
import { z } from 'zod';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may set X-Forwarded-For (Fastify's `trustProxy`): `none` (default), a hop count,
 * or a comma-separated list of addresses/CIDRs. Never `true`: any client could forge its address.
 */
const trustProxySetting = z
  .string()
  .trim()
  .default('none')
  .transform((value, context): false | number | string[] => {
    if (value === '' || value === 'none') return false;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const invalid = entries.filter((entry) => !isAddressOrCidr(entry));
    if (entries.length === 0 || invalid.length > 0) {
      context.addIssue({ code: 'custom', message: 'none, a hop count, or a comma-separated list of IP addresses / CIDRs (e.g. 10.0.0.0/8)' });
      return z.NEVER;
    }
    return entries;
  });

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** PostgreSQL server; without it the embedded PGlite database under ZX_DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  ZX_DATA_DIR: z.string().min(1).default(`${repositoryRoot}data/pglite`),
  /** auto: seed the demo on an empty embedded database; on/off force it. */
  ZX_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Province of a production first run (its admin is created with a one-time password). */
  ZX_PROVINCE: z
    .string()
    .regex(/^\d{2}$/, 'a two-digit province code, e.g. 13 for Hebei')
    .default('13'),
  ZX_ADMIN_DIST: z.string().min(1).default(`${repositoryRoot}apps/admin/dist`),
  ZX_COOKIE_SECURE: flag.optional(),
  ZX_JOBS: flag.default(true),
  /** Comma-separated plugin ids this deployment hosts (default: every plugin under plugins/). */
  ZX_PLUGINS: z.string().optional(),
  /** Requests per minute per client address before 429. */
  ZX_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  ZX_TRUST_PROXY: trustProxySetting,
  /** Platform secret (≥ 32 characters) for audit checkpoints; without it a key is generated beside ZX_DATA_DIR. */
  ZX_SECRET_KEY: secretKeySchema.optional(),
  /**
   * Run API requests as zx_app under row-level security, the second wall behind ctx.access.
   * Default: on with a PostgreSQL server (DATABASE_URL), off on the embedded PGlite demo.
   */
  ZX_ROW_LEVEL_SECURITY: flag.optional(),
  /** Days the audit log keeps entries; 等保 2.0 asks for at least 180. */
  ZX_AUDIT_RETENTION_DAYS: auditRetentionDaysSchema.default(MIN_AUDIT_RETENTION_DAYS),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type TrustProxy = false | number | string[];

export type ServerConfig = z.output<typeof configSchema> & {
  cookieSecure: boolean;
  rateLimitPerMinute: number;
  trustProxy: TrustProxy;
  repositoryRoot: string;
};

/** Reads and validates the environment; every problem is reported at once, by variable name. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid server configuration:\n${lines.join('\n')}`);
  }
  return {
    ...parsed.data,
    cookieSecure: parsed.data.ZX_COOKIE_SECURE ?? parsed.data.NODE_ENV === 'production',
    rateLimitPerMinute: parsed.data.ZX_RATE_LIMIT,
    trustProxy: parsed.data.ZX_TRUST_PROXY,
    repositoryRoot,
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Row-level security: as configured, else on with a PostgreSQL server and off on embedded PGlite. */
export function rowLevelSecurityOf(config: Pick<ServerConfig, 'ZX_ROW_LEVEL_SECURITY' | 'DATABASE_URL'>): boolean {
  return config.ZX_ROW_LEVEL_SECURITY ?? config.DATABASE_URL !== undefined;
}

/** The host's secret, audit retention and row-level security, from the configuration. */
export function hostSecurityOptions(config: ServerConfig): { secretKey: Buffer; auditRetentionDays: number; rowLevelSecurity: boolean } {
  return {
    rowLevelSecurity: rowLevelSecurityOf(config),
    secretKey: loadSecretKey({ configured: config.ZX_SECRET_KEY, dataDir: config.ZX_DATA_DIR }),
    auditRetentionDays: config.ZX_AUDIT_RETENTION_DAYS,
  };
}
