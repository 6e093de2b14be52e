/**
 * Runs evaluation cases through the LocalAgent — the class the bot constructs in local mode — with the real
 * generators, one fresh thread per case, and scores each case's last turn against its expectation.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalAgent } from '../../adapters/local/agent/index.js';
import { type AgentEvent, agentEventSchema } from '../../bot/core/contracts.js';
import { GENERATORS } from '../../procedures/generators/index.js';
import type { ToolName } from '../../procedures/names.js';
import { normalizeType } from '../../procedures/sql/types.js';
import { type Ask, casesFileSchema, type EvalCase, type PlanExpect } from './schema.js';

const ASK_TEXT: Record<Ask, RegExp> = {
  location: /Where are the files\?/,
  cloud: /Which cloud is bucket/,
  format: /What format are the files in/,
  awsRoleArn: /Which IAM role/,
  azureTenantId: /Azure tenant id/,
  columns: /Which columns do the files have/,
  header: /first line of each file hold the column names/,
  partitionLayout: /How are the dates laid out/,
};

export function loadCases(): EvalCase[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const cases = casesFileSchema.parse(JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')));
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
  }
  return cases;
}

interface Turn {
  text: string;
  calls: { tool: ToolName; input: Record<string, unknown> }[];
  results: { tool: ToolName; ok: boolean; name?: string; ddl?: string }[];
  assumptions: string[];
}

export interface CaseResult {
  id: string;
  class: string;
  pass: boolean;
  /** Why it failed, one line per mismatch. */
  problems: string[];
  answer: string;
}

export interface EvalReport {
  results: CaseResult[];
  byClass: { class: string; passed: number; total: number; accuracy: number }[];
  passed: number;
  total: number;
  accuracy: number;
}

const callTool = async (tool: ToolName, input: Record<string, unknown>) => GENERATORS[tool].run(input);

async function converse(turns: string[], thread: string): Promise<Turn[]> {
  const agent = new LocalAgent({ callTool });
  const out: Turn[] = [];
  for (const text of turns) {
    const events: AgentEvent[] = [];
    for await (const e of agent.run({
      thread: { channel: 'local', id: thread },
      user: { channel: 'local', id: 'eval' },
      text,
      signal: new AbortController().signal,
    })) {
      events.push(agentEventSchema.parse(e));
    }
    const done = events.find((e) => e.type === 'done');
    const turn: Turn = {
      text: done?.type === 'done' ? done.text : '',
      calls: [],
      results: [],
      assumptions: [],
    };
    if (done?.type === 'done') turn.assumptions = (done.assumptions ?? []).map((a) => a.text);
    for (const e of events) {
      if (e.type === 'tool_use') turn.calls.push({ tool: e.tool, input: e.input as Record<string, unknown> });
      if (e.type === 'tool_result') {
        const o = e.output as { name?: string; ddl?: string };
        turn.results.push({ tool: e.tool, ok: e.ok, name: o.name, ddl: o.ddl });
      }
    }
    out.push(turn);
  }
  return out;
}

const input = (t: Turn, tool: ToolName) => t.calls.find((c) => c.tool === tool)?.input;
const bare = (name: string | undefined) => name?.split('.').pop()?.replace(/"/g, '').toUpperCase();
const typeSql = (t: string) => {
  const r = normalizeType(t);
  return r.ok ? r.type.sql : `invalid:${t}`;
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function checkPlan(t: Turn, p: PlanExpect, problems: string[]): void {
  if (t.calls.length === 0) {
    problems.push('expected a plan, got no tool call');
    return;
  }
  const failed = t.results.filter((r) => !r.ok);
  if (failed.length > 0) problems.push(`generator refused: ${failed.map((r) => r.tool).join(', ')}`);
  const integ = input(t, 'GENERATE_STORAGE_INTEGRATION_DDL') ?? {};
  const ff = input(t, 'GENERATE_FILE_FORMAT_DDL') ?? {};
  const stage = input(t, 'GENERATE_EXTERNAL_STAGE_DDL') ?? {};
  const table = input(t, 'GENERATE_EXTERNAL_TABLE_DDL');
  if (p.cloud && integ['cloud_provider'] !== p.cloud)
    problems.push(`cloud ${String(integ['cloud_provider'])} ≠ ${p.cloud}`);
  if (p.location) {
    if (stage['url'] !== p.location) problems.push(`stage url ${String(stage['url'])} ≠ ${p.location}`);
    if (!same(integ['allowed_locations'], [p.location]))
      problems.push(`allowed_locations ${JSON.stringify(integ['allowed_locations'])} ≠ [${p.location}]`);
  }
  if (p.format && ff['format_type'] !== p.format)
    problems.push(`format ${String(ff['format_type'])} ≠ ${p.format}`);
  const options = (ff['format_options'] ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(p.options ?? {}))
    if (!same(options[k], v))
      problems.push(`format option ${k} = ${JSON.stringify(options[k])} ≠ ${JSON.stringify(v)}`);
  for (const k of p.absentOptions ?? [])
    if (k in options) problems.push(`format option ${k} should be absent, is ${JSON.stringify(options[k])}`);
  for (const [k, v] of Object.entries(p.integration ?? {}))
    if (!same(integ[k], v))
      problems.push(`integration ${k} = ${JSON.stringify(integ[k])} ≠ ${JSON.stringify(v)}`);
  if (p.inference === true && table) problems.push('expected the inference flow (no table), got a table');
  if (p.inference === false && !table) problems.push('expected a table, got the inference flow');
  if (p.columns) {
    const got = ((table?.['columns'] ?? []) as { name: string; type: string }[]).map((c) => ({
      name: c.name.toUpperCase(),
      type: typeSql(c.type),
    }));
    const want = p.columns.map((c) => {
      const m = /^("[^"]+"|\S+)(?:\s+(.+))?$/.exec(c.trim())!;
      return { name: m[1]!.replace(/"/g, '').toUpperCase(), type: m[2] ? typeSql(m[2]) : undefined };
    });
    const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(', ');
    if (names(got) !== names(want)) problems.push(`columns [${names(got)}] ≠ [${names(want)}]`);
    else
      for (const [i, w] of want.entries())
        if (w.type && got[i]!.type !== w.type)
          problems.push(`column ${w.name} type ${got[i]!.type} ≠ ${w.type}`);
  }
  if (p.partitions) {
    const got = (table?.['partitions'] ?? []) as Record<string, unknown>[];
    if (got.length !== p.partitions.length)
      problems.push(`partitions ${JSON.stringify(got)} ≠ ${JSON.stringify(p.partitions)}`);
    else
      for (const [i, w] of p.partitions.entries())
        for (const [k, v] of Object.entries(w)) {
          const g = k === 'name' ? String(got[i]![k]).toUpperCase() : got[i]![k];
          const e = k === 'name' ? String(v).toUpperCase() : k === 'type' ? typeSql(String(v)) : v;
          const gg = k === 'type' ? typeSql(String(g)) : g;
          if (!same(gg, e))
            problems.push(`partition ${i + 1} ${k} = ${JSON.stringify(g)} ≠ ${JSON.stringify(v)}`);
        }
  }
  for (const [k, v] of Object.entries(p.table ?? {}))
    if (!same(table?.[k], v))
      problems.push(`table ${k} = ${JSON.stringify(table?.[k])} ≠ ${JSON.stringify(v)}`);
  const kinds: Record<string, ToolName> = {
    integration: 'GENERATE_STORAGE_INTEGRATION_DDL',
    format: 'GENERATE_FILE_FORMAT_DDL',
    stage: 'GENERATE_EXTERNAL_STAGE_DDL',
    table: 'GENERATE_EXTERNAL_TABLE_DDL',
  };
  for (const [k, v] of Object.entries(p.names ?? {})) {
    const got = bare(t.results.find((r) => r.tool === kinds[k])?.name);
    if (got !== v.toUpperCase()) problems.push(`${k} name ${got} ≠ ${v.toUpperCase()}`);
  }
  for (const a of p.assumes ?? [])
    if (!t.assumptions.some((s) => new RegExp(a, 'i').test(s)))
      problems.push(`no stated assumption matches /${a}/ (stated: ${JSON.stringify(t.assumptions)})`);
  for (const a of p.notAssumes ?? [])
    if (t.assumptions.some((s) => new RegExp(a, 'i').test(s)))
      problems.push(`assumed /${a}/ although it was said (stated: ${JSON.stringify(t.assumptions)})`);
}

export async function runCase(c: EvalCase, index: number): Promise<CaseResult> {
  const problems: string[] = [];
  let turns: Turn[];
  try {
    turns = await converse(c.turns, `eval-${index}-${c.id}`);
  } catch (err) {
    return { id: c.id, class: c.class, pass: false, problems: [`threw: ${String(err)}`], answer: '' };
  }
  const last = turns[turns.length - 1]!;
  const e = c.expect;
  if (e.plan) checkPlan(last, e.plan, problems);
  if (e.ask) {
    if (last.calls.length > 0) problems.push(`expected the question "${e.ask}", got a plan`);
    else if (!ASK_TEXT[e.ask].test(last.text)) problems.push(`expected the question "${e.ask}"`);
  }
  if (e.noPlan && last.calls.length > 0) problems.push('expected no plan, got tool calls');
  if (e.text && !new RegExp(e.text, 'i').test(last.text)) problems.push(`answer does not match /${e.text}/`);
  if (e.notText && new RegExp(e.notText, 'i').test(last.text)) problems.push(`answer matches /${e.notText}/`);
  if (e.ddlExcludes) {
    const re = new RegExp(e.ddlExcludes, 'i');
    for (const t of turns)
      for (const r of t.results) if (r.ddl && re.test(r.ddl)) problems.push(`DDL matches /${e.ddlExcludes}/`);
  }
  return { id: c.id, class: c.class, pass: problems.length === 0, problems, answer: last.text };
}

export async function runEval(cases: EvalCase[] = loadCases()): Promise<EvalReport> {
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) results.push(await runCase(c, i));
  const classes = [...new Set(cases.map((c) => c.class))];
  const byClass = classes.map((cls) => {
    const rs = results.filter((r) => r.class === cls);
    const passed = rs.filter((r) => r.pass).length;
    return { class: cls, passed, total: rs.length, accuracy: passed / rs.length };
  });
  const passed = results.filter((r) => r.pass).length;
  return { results, byClass, passed, total: results.length, accuracy: passed / results.length };
}
