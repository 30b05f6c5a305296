import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropRunDatabases } from '../src/databases.ts';
import { testRunId } from '../src/environment.ts';

/** Drops this run's databases and PGlite snapshots when the run ends, pass or fail. */
export default function setup() {
  const runId = testRunId();
  return async () => {
    await dropRunDatabases(runId);
    await rm(join(tmpdir(), `zx-test-${runId}`), { recursive: true, force: true });
  };
}
