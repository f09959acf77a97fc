// Sums vitest JSON reports and the plain checks of .ci/run into the line CI reads: "N passed, N failed".
//   node .ci/tally.mjs <report.json>... -- <checks passed> <checks failed>
// A report that is missing (type check or lint failed before vitest ran) or whose files failed to load counts as a
// failure, never as a silent pass. Exit 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const reports = args.slice(0, sep);
let passed = Number(args[sep + 1] ?? 0);
let failed = Number(args[sep + 2] ?? 0);
let skipped = 0;
for (const file of reports) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (its run stopped before vitest reported): 1 failure`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const loadFailures = r.success ? 0 : Math.max(r.numFailedTests ? 0 : 1, r.numFailedTestSuites ?? 0);
  passed += r.numPassedTests;
  failed += r.numFailedTests + loadFailures;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests + loadFailures} failed`);
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed ? 1 : 0);
