import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Database, DatabaseHandle } from './database.ts';

export interface MigrationSource {
  /** Owner of the migrations: 'core' or a plugin id. Each owner keeps its own history table. */
  owner: string;
  folder: string;
}

export const MIGRATIONS_SCHEMA = 'zx_migrations';

interface DialectWithMigrate {
  migrate(
    migrations: ReturnType<typeof readMigrationFiles>,
    session: unknown,
    config: { migrationsFolder: string; migrationsTable: string; migrationsSchema: string },
  ): Promise<void>;
}

/**
 * Applies each owner's drizzle-kit migrations in the order given (the host passes dependency
 * order). The same SQL files run on PGlite and PostgreSQL; both drivers share drizzle's PgDialect.
 * A transaction-scoped advisory lock keeps two servers starting together from racing.
 */
export async function applyMigrations(handle: DatabaseHandle, sources: MigrationSource[]): Promise<void> {
  await withSingleConnection(handle, async (db) => {
    // drizzle keeps dialect and session private; both pg drivers expose the same PgDialect.migrate.
    const internals = db as unknown as { dialect: DialectWithMigrate; session: unknown };
    await db.execute(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      for (const source of sources) {
        const migrations = readMigrationFiles({ migrationsFolder: source.folder });
        await internals.dialect.migrate(migrations, internals.session, {
          migrationsFolder: source.folder,
          migrationsTable: source.owner,
          migrationsSchema: MIGRATIONS_SCHEMA,
        });
      }
    } finally {
      await db.execute(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}

const MIGRATION_LOCK = 7326001;

/** Session-level advisory locks need one connection for lock, work and unlock. */
async function withSingleConnection<T>(handle: DatabaseHandle, work: (db: Database) => Promise<T>): Promise<T> {
  if (!handle.pool) return work(handle.db);
  const client = await handle.pool.connect();
  try {
    return await work(drizzle({ client }) as unknown as Database);
  } finally {
    client.release();
  }
}

export const coreMigrations: MigrationSource = {
  owner: 'core',
  folder: new URL('../drizzle', import.meta.url).pathname,
};
