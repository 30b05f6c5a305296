import { mkdir } from 'node:fs/promises';
import { openDatabase, redactUrl, type DatabaseHandle } from '@zhenxing/db';
import type { ServerConfig } from './config.ts';

export async function openConfiguredDatabase(config: ServerConfig): Promise<{ handle: DatabaseHandle; description: string }> {
  if (config.DATABASE_URL) {
    return { handle: await openDatabase({ driver: 'postgres', url: config.DATABASE_URL }), description: `PostgreSQL ${redactUrl(config.DATABASE_URL)}` };
  }
  await mkdir(config.ZX_DATA_DIR, { recursive: true });
  return { handle: await openDatabase({ driver: 'pglite', dataDir: config.ZX_DATA_DIR }), description: `PGlite ${config.ZX_DATA_DIR}` };
}
