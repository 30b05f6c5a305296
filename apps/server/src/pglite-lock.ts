import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The file a PGlite server writes beside its data directory while it runs. */
export function pgliteLockFile(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.server.pid`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live server holding `dataDir`, or null (no lock file, or one left by a dead process). */
export function runningServerPid(dataDir: string): number | null {
  const lock = pgliteLockFile(dataDir);
  if (!existsSync(lock)) return null;
  const pid = Number(readFileSync(lock, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : null;
}

/**
 * The embedded database serves one process at a time: a second server (or a backup) on the same
 * data directory would corrupt it. The server claims the directory with a pid file beside it; a
 * file left by a process that died (kill -9) is taken over. Returns the release function.
 */
export function claimPgliteDirectory(dataDir: string): () => void {
  const pid = runningServerPid(dataDir);
  if (pid !== null) throw new Error(`Another server (pid ${pid}) is running on ${dataDir}; stop it first, or set ZX_DATA_DIR to another directory.`);
  const lock = pgliteLockFile(dataDir);
  mkdirSync(dirname(lock), { recursive: true });
  writeFileSync(lock, `${process.pid}\n`);
  return () => rmSync(lock, { force: true });
}
