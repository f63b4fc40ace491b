// Adds up the JSON reports every project's vitest run writes (see vitest.shared.ts) and prints one
// closing line, so a run over many Nx projects ends with a single "N passed, N failed" verdict.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const reportDir = join(import.meta.dirname, '../../dist/test-results');
const reports = existsSync(reportDir)
  ? readdirSync(reportDir).filter((f) => f.endsWith('.json'))
  : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log(`Projects: ${reports.length}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exit(1);
