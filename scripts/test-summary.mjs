// Counting for `npm test`'s closing line. Every stage counts: the type check and the build
// as one check each, a test file that failed without a failing test (an import error, a
// failing beforeAll) as one failure, and a stage that did not run, or ran fewer tests than
// it must, as failed. Pure functions, so the harness itself is tested (tests/harness/).

/** Counts from a Vitest JSON report, including files that failed outside any test. */
export function countVitestReport(report) {
  const counts = {passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests, problems: []};
  for (const file of report.testResults ?? []) {
    if (file.status !== 'failed') continue;
    if ((file.assertionResults ?? []).some((test) => test.status === 'failed')) continue;
    counts.failed += 1;
    const why = (file.message ?? '').split('\n')[0] || 'a hook failed or the file failed to load';
    counts.problems.push(`${file.name}: failed outside any test (${why})`);
  }
  return counts;
}

/**
 * One stage's share of the totals. `result` is undefined when the stage did not run;
 * `counts` is absent for a stage that is a single check (type check, build).
 */
export function stageTotals({title, minimum = 1, result}) {
  if (result === undefined) {
    return {passed: 0, failed: minimum, skipped: 0, problems: [`${title}: did not run (counted as ${minimum} failed)`]};
  }
  if (!result.counts) {
    return result.ok ? {passed: 1, failed: 0, skipped: 0, problems: []} : {passed: 0, failed: 1, skipped: 0, problems: [`${title}: failed`]};
  }
  const {passed, failed, skipped, problems} = result.counts;
  const total = passed + failed + skipped;
  const out = {passed, failed, skipped, problems: [...problems]};
  if (total < minimum) {
    out.failed += minimum - total;
    out.problems.push(`${title}: ${total} tests ran, fewer than the ${minimum} expected (the shortfall counts as failed)`);
  }
  if (!result.ok && out.failed === 0) {
    // The runner failed (a crash, an unreadable report) although no test did: that is a failure too.
    out.failed = 1;
    out.problems.push(`${title}: the runner failed`);
  }
  return out;
}

export function summarize(stages) {
  const totals = {passed: 0, failed: 0, skipped: 0, problems: []};
  for (const stage of stages) {
    const share = stageTotals(stage);
    totals.passed += share.passed;
    totals.failed += share.failed;
    totals.skipped += share.skipped;
    totals.problems.push(...share.problems);
  }
  return totals;
}

export const closingLine = ({passed, failed, skipped}) => `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
