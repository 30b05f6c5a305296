import { describe, expect, it } from 'vitest';
// The suite's own runner (scripts/test.mjs) is plain Node; its report and browser checks are specified here.
import { ensureBrowser } from '../../../scripts/ensure-browser.mjs';
import { countResults, summarize } from '../../../scripts/test-report.mjs';

const passingFile = { name: '/repo/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] };
const failingFile = { name: '/repo/b.test.ts', status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] };
// What vitest writes for a file whose beforeAll threw ("Chromium not found"): failed, with no failed test.
const crashedFile = { name: '/repo/e2e/login.e2e.test.ts', status: 'failed', message: 'Chromium not found', assertionResults: [{ status: 'skipped' }] };

function report(files: object[], failedTests: number, passedTests: number) {
  return {
    numPassedTests: passedTests,
    numFailedTests: failedTests,
    numPendingTests: 0,
    numTodoTests: 0,
    numTotalTests: passedTests + failedTests,
    testResults: files,
  };
}

describe('the closing "N passed, N failed" line', () => {
  it('counts a crashed test file as one failure and names it', () => {
    const counts = countResults(report([passingFile, crashedFile], 0, 2));
    expect(counts.failed).toBe(1);
    expect(counts.crashedFiles).toEqual(['/repo/e2e/login.e2e.test.ts']);
  });

  it('does not count a file twice when its failure is a failed test', () => {
    expect(countResults(report([passingFile, failingFile], 1, 3)).failed).toBe(1);
  });

  it('never says 0 failed for a half that exited non-zero', () => {
    const summary = summarize([{ name: 'PGlite half', status: 1, passed: 498, failed: 0, skipped: 0, crashedFiles: [] }]);
    expect(summary.failed).toBe(1);
    expect(summary.ok).toBe(false);
    expect(summary.problems.join('\n')).toMatch(/exited 1 without a failed test/);
  });

  it('treats a half that ran no tests as a failure', () => {
    const summary = summarize([{ name: 'PostgreSQL half', status: 0, passed: 0, failed: 0, skipped: 0, crashedFiles: [] }]);
    expect(summary.ok).toBe(false);
    expect(summary.problems.join('\n')).toMatch(/ran no tests/);
  });

  it('passes a clean run', () => {
    const summary = summarize([
      { name: 'PGlite half', status: 0, passed: 10, failed: 0, skipped: 1, crashedFiles: [] },
      { name: 'PostgreSQL half', status: 0, passed: 5, failed: 0, skipped: 0, crashedFiles: [] },
    ]);
    expect(summary).toMatchObject({ ok: true, passed: 15, failed: 0 });
  });
});

describe('the browser check before the suite', () => {
  it('stops with one line naming the fix when CHROMIUM_PATH points nowhere (and installs nothing)', () => {
    const previous = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const problem = ensureBrowser({ log: () => {} });
      expect(problem).toMatch(/CHROMIUM_PATH=\/nonexistent\/chromium does not exist/);
      expect(problem).toMatch(/apt-get install -y --no-install-recommends chromium fonts-noto-cjk/);
      expect(problem?.split('\n')).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = previous;
    }
  });
});
