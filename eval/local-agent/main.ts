/** `npm run eval`: accuracy per class and overall; `--verbose` prints every failing case with its reasons. */
import { runEval } from './run.js';

const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
const report = await runEval();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const width = Math.max(...report.byClass.map((c) => c.class.length), 'overall'.length);
console.log(`${'class'.padEnd(width)}  passed  accuracy`);
for (const c of report.byClass)
  console.log(
    `${c.class.padEnd(width)}  ${`${c.passed}/${c.total}`.padStart(6)}  ${pct(c.accuracy).padStart(8)}`,
  );
console.log(
  `${'overall'.padEnd(width)}  ${`${report.passed}/${report.total}`.padStart(6)}  ${pct(report.accuracy).padStart(8)}`,
);
const failed = report.results.filter((r) => !r.pass);
if (failed.length > 0) {
  console.log(`\n${failed.length} failing case(s)${verbose ? '' : ' (--verbose for the answers)'}:`);
  for (const f of failed) {
    console.log(`✗ [${f.class}] ${f.id}: ${f.problems.join('; ')}`);
    if (verbose) console.log(`  answer: ${f.answer.replace(/\n/g, '\n          ')}`);
  }
}
