// Turns vitest's JSON reports into the suite's closing lines. A file that failed with no failed
// test inside (a crash, an import error, a failing hook) and a half that exited non-zero without a
// failed test each count as failures, so "N passed, 0 failed" is never printed for a broken run.

/** Tests by outcome, plus the files that failed with no failed test in them. */
export function countResults(json) {
  const crashedFiles = (json.testResults ?? [])
    .filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'))
    .map((file) => file.name);
  return {
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + crashedFiles.length,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    total: json.numTotalTests ?? 0,
    crashedFiles,
  };
}

/** @param halves {{ name: string, status: number, passed: number, failed: number, skipped: number, crashedFiles: string[] }[]} */
export function summarize(halves) {
  const lines = [];
  const problems = [];
  let failed = 0;
  for (const half of halves) {
    let halfFailed = half.failed;
    if (half.status !== 0 && halfFailed === 0) {
      halfFailed = 1;
      problems.push(`${half.name} exited ${half.status} without a failed test (unhandled error or no report): counted as one failure.`);
    }
    if (half.passed === 0) problems.push(`${half.name} ran no tests: that is a failure, not a pass.`);
    lines.push(`${half.name}: ${half.passed} passed, ${halfFailed} failed, ${half.skipped} skipped (exit ${half.status})`);
    for (const file of half.crashedFiles ?? []) lines.push(`  crashed (counted as one failure): ${file}`);
    failed += halfFailed;
  }
  const passed = halves.reduce((sum, half) => sum + half.passed, 0);
  const ok = failed === 0 && halves.every((half) => half.passed > 0);
  return { lines, problems, passed, failed, ok };
}
