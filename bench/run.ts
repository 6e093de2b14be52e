/**
 * `npm run bench`: runs every benchmark case in turn, writes bench/results/<name>.json per case,
 * bench/results/summary.json and a dated copy of it (bench/results/summary-<UTC time>.json, the one to commit when
 * the figures in docs/performance.md change), and prints a table. A case that cannot run is reported with its error; the run
 * never fails because a machine is slow.
 *
 *   npm run bench                                   all cases
 *   npm run bench -- slack-ack cli                  only the named cases
 *   npm run bench -- --compare bench/results/summary-….json
 *                                                   also print each figure's ratio to that recorded run
 */
import { readFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { cli } from './cases/cli.js';
import { coldStart } from './cases/coldStart.js';
import { dashboardApi } from './cases/dashboardApi.js';
import { ddlEngine } from './cases/ddlEngine.js';
import { localE2e } from './cases/localE2e.js';
import { localPipeline } from './cases/localPipeline.js';
import { memory } from './cases/memory.js';
import { relay, relayAvailable } from './cases/relay.js';
import { slackAck } from './cases/slackAck.js';
import { slackFirstReply } from './cases/slackFirstReply.js';
import { compareWith, printComparison } from './lib/compare.js';
import { WAREHOUSE_PLACEMENT } from './lib/localStack.js';
import { type CaseResult, checkTargets, datedName, writeResult } from './lib/result.js';
import { round } from './lib/stats.js';

const CASES: { name: string; title: string; run: () => Promise<CaseResult> }[] = [
  { name: 'ddl-engine', title: 'DDL engine', run: ddlEngine },
  { name: 'local-pipeline', title: 'Local pipeline', run: localPipeline },
  { name: 'local-e2e', title: 'Local end to end', run: localE2e },
  { name: 'slack-ack', title: 'Slack ack', run: slackAck },
  { name: 'slack-first-reply', title: 'Slack first reply', run: slackFirstReply },
  { name: 'dashboard-api', title: 'Dashboard API', run: dashboardApi },
  { name: 'cli', title: 'Command line', run: cli },
  { name: 'cold-start', title: 'Start and stop', run: coldStart },
  { name: 'memory', title: 'Memory over conversations', run: memory },
  ...(relayAvailable() ? [{ name: 'relay', title: 'Teams relay', run: relay }] : []),
];

function machine() {
  const cpu = cpus()[0];
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpu?.model ?? 'unknown',
    memTotalGb: round(totalmem() / 1024 ** 3, 1),
    memFreeGb: round(freemem() / 1024 ** 3, 1),
    /** 1, 5 and 15 minute load averages: above the core count, other work shared the CPUs. */
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

/** `--compare FILE` (or `--compare=FILE`), read before any case runs so a wrong path fails at once. */
function compareArg(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--compare' || a.startsWith('--compare='));
  if (i < 0) return undefined;
  const a = argv[i]!;
  const file = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  if (!file || file.startsWith('-'))
    throw new Error('--compare needs a file: a summary JSON of an earlier run');
  return file;
}

function printTable(results: CaseResult[]): void {
  const rows: string[][] = [['case', 'metric', 'value', 'target']];
  for (const r of results) {
    if (r.error) {
      rows.push([r.name, 'ERROR', r.error.slice(0, 100), '']);
      continue;
    }
    for (const [k, v] of Object.entries(r.metrics)) {
      const t = r.targets.find((x) => x.metric === k);
      const target = t
        ? `${t.op} ${t.value} ${t.unit} ${t.met ? 'ok' : `MISSED${t.why ? ` (${t.why})` : ''}`}`
        : '';
      rows.push([r.name, k, String(v), target]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const compareFile = compareArg(argv);
  const recorded = compareFile ? JSON.parse(await readFile(compareFile, 'utf8')) : undefined;
  const only = argv.filter((a, i) => !a.startsWith('-') && argv[i - 1] !== '--compare');
  const unknown = only.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length)
    throw new Error(
      `unknown case ${unknown.join(', ')}; the cases are ${CASES.map((c) => c.name).join(', ')}`,
    );
  const selected = only.length ? CASES.filter((c) => only.includes(c.name)) : CASES;
  const results: CaseResult[] = [];
  const startedAt = new Date().toISOString();
  const machineAtStart = machine();
  for (const c of selected) {
    process.stderr.write(`bench: ${c.name}…\n`);
    const t0 = performance.now();
    let result: CaseResult;
    try {
      result = await c.run();
    } catch (err) {
      result = {
        name: c.name,
        title: c.title,
        metrics: {},
        targets: [],
        notes: [],
        durationMs: 0,
        error: err instanceof Error ? err.message : String(err),
      };
    }
    result.durationMs = round(performance.now() - t0, 0);
    checkTargets(result);
    await writeResult(result, c.name);
    results.push(result);
    process.stderr.write(
      `bench: ${c.name} ${result.error ? `failed: ${result.error}` : 'done'} in ${result.durationMs} ms\n`,
    );
  }
  const summary = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { ...machineAtStart, loadAverageAtEnd: machine().loadAverage },
    /** Where the in-process cases opened the embedded warehouse (BENCH_WAREHOUSE). */
    warehouse: WAREHOUSE_PLACEMENT,
    cases: results,
    targets: results.flatMap((r) => r.targets.map((t) => ({ case: r.name, ...t }))),
    /** Every selected case ran and every target was met: what a reader of this file should check first. */
    allTargetsMet: results.every((r) => !r.error && r.targets.every((t) => t.met === true)),
  };
  const file = await writeResult(summary, 'summary');
  const dated = await writeResult(summary, datedName(startedAt));
  printTable(results);
  if (recorded) printComparison(compareWith(summary, recorded), compareFile as string);
  console.log(`\nall targets met: ${summary.allTargetsMet ? 'yes' : 'no'}`);
  console.log(
    `\nresults: ${file}\nrecorded as: ${dated} (commit it with the figures in docs/performance.md)`,
  );
}

try {
  await main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
