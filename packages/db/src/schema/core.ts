import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

/** Core tables live in their own Postgres schema; each plugin gets one named after its id. */
export const core = pgSchema('core');

/** 统计用区划代码 tree: 12-digit codes, level 1 province … 5 village. Scope filters use code prefixes. */
export const regions = core.table(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: smallint('level').notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
  },
  (table) => [index('regions_parent_idx').on(table.parentCode), index('regions_code_prefix_idx').using('btree', sql`${table.code} text_pattern_ops`)],
);

export const users = core.table(
  'users',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: varchar('username', { length: 64 }).notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: varchar('role', { length: 32 }).notNull(),
    /** The one region node this user works in (province, city, county, township or village). */
    scopeCode: varchar('scope_code', { length: 12 }).notNull(),
    locale: varchar('locale', { length: 8 }).notNull().default('zh-CN'),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Usernames are unique regardless of case: `Admin` cannot sit next to `admin`.
  (table) => [uniqueIndex('users_username_lower_idx').on(sql`lower(${table.username})`), index('users_scope_idx').on(table.scopeCode)],
);

/**
 * Login throttle, one row per (lower(username), client address): an attempt is counted before the
 * password is checked, in one upsert, so parallel guesses cannot slip past the count. A lock from
 * one address never blocks the same account from another, so an outsider cannot lock a user out.
 */
export const loginThrottle = core.table(
  'login_throttle',
  {
    usernameKey: varchar('username_key', { length: 64 }).notNull(),
    address: varchar('address', { length: 64 }).notNull(),
    /** Consecutive attempts not yet followed by a success. */
    failures: integer('failures').notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** Nonce of the last attempt let through: tells the upsert's caller whether it was admitted. */
    lastAdmitted: varchar('last_admitted', { length: 64 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.usernameKey, table.address] }), index('login_throttle_updated_idx').on(table.updatedAt)],
);

/** Server-side sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const sessions = core.table(
  'sessions',
  {
    tokenHash: varchar('token_hash', { length: 64 }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Signed in with a password only where the province requires a second factor: until the user enrols one, only auth.* answers. */
    totpEnrollmentRequired: boolean('totp_enrollment_required').notNull().default(false),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/**
 * A user's TOTP second factor (RFC 6238). The secret is AES-256-GCM encrypted with a subkey of the
 * platform secret; `lastStep` is the last accepted 30-second step, so a code is never accepted twice.
 */
export const userTotp = core.table('user_totp', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretCiphertext: text('secret_ciphertext').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-province security policy set by its security administrator (等保 2.0 level 3: two factors for admins). */
export const securityPolicies = core.table('security_policies', {
  provinceCode: varchar('province_code', { length: 2 }).primaryKey(),
  totpRequiredForAdmins: boolean('totp_required_for_admins').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: bigint('updated_by', { mode: 'number' }),
});

/** Which modules a county has enabled, and its validated per-county settings. */
export const countyModules = core.table(
  'county_modules',
  {
    countyCode: varchar('county_code', { length: 6 }).notNull(),
    pluginId: varchar('plugin_id', { length: 64 }).notNull(),
    enabled: boolean('enabled').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: bigint('updated_by', { mode: 'number' }),
  },
  (table) => [primaryKey({ columns: [table.countyCode, table.pluginId] })],
);

/** Province-level defaults: whether a module starts enabled in a county, and whether it is required. */
export const modulePolicies = core.table(
  'module_policies',
  {
    provinceCode: varchar('province_code', { length: 2 }).notNull(),
    pluginId: varchar('plugin_id', { length: 64 }).notNull(),
    enabledByDefault: boolean('enabled_by_default').notNull().default(false),
    required: boolean('required').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provinceCode, table.pluginId] })],
);

/**
 * Append-only audit log, hash-chained per county: each entry's hash covers its content and the
 * previous entry's hash, so an edited or deleted entry breaks the chain (`zx audit verify`).
 */
export const auditLog = core.table(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** County the write belongs to; '000000' for writes above county level (province/city). */
    chainKey: varchar('chain_key', { length: 6 }).notNull(),
    sequence: integer('sequence').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    username: text('username'),
    regionCode: varchar('region_code', { length: 12 }),
    plugin: varchar('plugin', { length: 64 }).notNull(),
    action: varchar('action', { length: 128 }).notNull(),
    entityType: varchar('entity_type', { length: 64 }),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    previousHash: varchar('previous_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
  },
  (table) => [
    uniqueIndex('audit_chain_idx').on(table.chainKey, table.sequence),
    index('audit_region_idx').using('btree', sql`${table.regionCode} text_pattern_ops`),
    index('audit_at_idx').on(table.at),
  ],
);

/**
 * Where a retention purge cut each chain: the last removed entry's sequence and hash, so verify
 * links the first kept entry to it. Written only by `core.purge_audit_log` (migration 0004).
 */
export const auditHorizons = core.table('audit_horizons', {
  chainKey: varchar('chain_key', { length: 6 }).primaryKey(),
  throughSequence: integer('through_sequence').notNull(),
  throughHash: varchar('through_hash', { length: 64 }).notNull(),
  purgedAt: timestamp('purged_at', { withTimezone: true }).notNull(),
});

/**
 * Signed heads of the audit chains (HMAC-SHA256 over chain, sequence, hash and count): a chain
 * that no longer reaches its last checkpoint lost its newest entries. Append-only at the database.
 */
export const auditCheckpoints = core.table(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chainKey: varchar('chain_key', { length: 6 }).notNull(),
    sequence: integer('sequence').notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
    entryCount: integer('entry_count').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    signature: varchar('signature', { length: 64 }).notNull(),
  },
  (table) => [index('audit_checkpoints_chain_idx').on(table.chainKey, table.id)],
);

/**
 * One row per (job, tick). The instance that inserts the row runs the tick; every other instance's
 * insert conflicts and skips it. This gives "one run per tick" on PGlite and across many servers.
 */
export const jobRuns = core.table(
  'job_runs',
  {
    jobId: varchar('job_id', { length: 128 }).notNull(),
    tick: timestamp('tick', { withTimezone: true }).notNull(),
    instanceId: varchar('instance_id', { length: 64 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    status: varchar('status', { length: 16 }).notNull().default('running'),
    error: text('error'),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.tick] })],
);

/**
 * Durable event outbox: events raised by a write are inserted in that write's transaction and
 * delivered after commit; each subscribed plugin's handler runs in its own transaction, which also
 * appends the plugin to `delivered_to` (so a redelivery after a crash or a failure skips it). The
 * row is deleted once every plugin has had it; rows left behind are redelivered at start-up and
 * by the scheduler's poll, up to a few attempts.
 */
export const eventOutbox = core.table('event_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: varchar('name', { length: 128 }).notNull(),
  payload: jsonb('payload').notNull(),
  source: varchar('source', { length: 64 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredTo: text('delivered_to')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});

/** Raw bytes: pg hands back a Buffer, PGlite a Uint8Array; both come out as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/**
 * Files uploaded once through `POST /upload/<plugin>/<purpose>` and then referred to by id (import
 * preview and commit). In the database rather than the data directory so that every server
 * instance sees the same file and a backup holds it. Deleted after use or by `core.purge-uploads`.
 */
export const uploads = core.table(
  'uploads',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    plugin: varchar('plugin', { length: 64 }).notNull(),
    purpose: varchar('purpose', { length: 64 }).notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    /** The county the upload is for (from the requested region or the uploader's scope); null above county level. */
    countyCode: varchar('county_code', { length: 6 }),
    fileName: text('file_name').notNull(),
    /** The sniffed content type: xlsx, xls, csv, jpeg, png or webp. */
    type: varchar('type', { length: 8 }).notNull(),
    bytes: integer('bytes').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when a plugin attached the upload to a record (`keepUpload`): the purge leaves it. */
    keptAt: timestamp('kept_at', { withTimezone: true }),
  },
  (table) => [index('uploads_created_idx').on(table.createdAt)],
);

/**
 * How far the work on an upload has got (an import's preview or commit), written as it runs so
 * that a poll on any server instance can answer. Kept after the upload is deleted; purged with it.
 */
export const uploadProgress = core.table(
  'upload_progress',
  {
    uploadId: varchar('upload_id', { length: 36 }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    /** reading → checking → writing → done | failed (the plugin names its phases). */
    phase: varchar('phase', { length: 16 }).notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    /** Known once the file has been read. */
    rowsTotal: integer('rows_total'),
    percent: smallint('percent'),
    problems: integer('problems').notNull().default(0),
    /** What went wrong, when failed (zh-CN and en). */
    error: jsonb('error').$type<{ 'zh-CN': string; en: string }>(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('upload_progress_updated_idx').on(table.updatedAt)],
);

/**
 * Policy parameter sets (the numbers of every rule), per province, as governed data (issue 18).
 * A draft is written by one province admin and published by another with its effective date;
 * published and discarded rows never change (trigger `parameter_sets_guard`, migration 0006). A
 * published set runs from `effective_from` to the day before the next published set of its
 * province starts (the last is open-ended), so periods can neither overlap nor leave a gap. `values`
 * is the set as the rules' `ParameterSetSchema` validated it; its period fields are filled in from
 * the columns when read.
 */
export const parameterSets = core.table(
  'parameter_sets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provinceCode: varchar('province_code', { length: 2 }).notNull(),
    version: varchar('version', { length: 32 }).notNull(),
    /** draft → published | discarded. */
    status: varchar('status', { length: 16 }).notNull(),
    /** `seed` (shipped with the rules, published at bootstrap) or `user` (drafted in the app). */
    origin: varchar('origin', { length: 8 }).notNull(),
    /** First day in force; for a draft the date its author proposes. */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    /** The version a draft was copied from. */
    basedOn: varchar('based_on', { length: 32 }),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdByName: varchar('created_by_name', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    publishedBy: bigint('published_by', { mode: 'number' }),
    publishedByName: varchar('published_by_name', { length: 64 }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('parameter_sets_version_idx').on(table.version),
    uniqueIndex('parameter_sets_published_start_idx')
      .on(table.provinceCode, table.effectiveFrom)
      .where(sql`${table.status} = 'published'`),
    index('parameter_sets_province_idx').on(table.provinceCode, table.status),
    check('parameter_sets_status_check', sql`${table.status} in ('draft', 'published', 'discarded')`),
    check('parameter_sets_origin_check', sql`${table.origin} in ('seed', 'user')`),
    check('parameter_sets_published_check', sql`${table.status} <> 'published' or (${table.effectiveFrom} is not null and ${table.publishedAt} is not null)`),
    check(
      'parameter_sets_four_eyes_check',
      sql`${table.status} <> 'published' or ${table.origin} = 'seed' or (${table.publishedBy} is not null and ${table.createdBy} is not null and ${table.publishedBy} <> ${table.createdBy})`,
    ),
  ],
);
