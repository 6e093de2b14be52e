/**
 * Queries whose sources are staged files or INFER_SCHEMA, e.g.
 *   SELECT $1, $2 FROM @db.sch.stage/orders/ (FILE_FORMAT => 'db.sch.fmt', PATTERN => '.*[.]csv') LIMIT 3
 *   SELECT $1:id::TEXT, METADATA$FILENAME FROM @stage/events/ t
 *   SELECT COLUMN_NAME, TYPE FROM TABLE(INFER_SCHEMA(LOCATION => '@stage/x/', FILE_FORMAT => 'fmt'))
 * Each such source is computed into a temporary DuckDB table, the source in the token stream is replaced by that
 * table's name, and the statement then goes through the ordinary translator — so `$1:"a"."b"::NUMBER`, casts and
 * functions work as they do in external-table columns. Staged CSV columns are text (`$1` … `$n`, NULL past a
 * record's end); JSON and Parquet records are one VARIANT `$1`. Everything runs under the session lock and the
 * temporary tables are dropped afterwards.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { EngineContext } from './ddl.js';
import { DuckSession } from './duck.js';
import { duckString } from './duckQuote.js';
import { compilationError, syntaxError, unsupportedLocally } from './errors.js';
import { loadStagedFile } from './externalTable.js';
import { INFER_SCHEMA_COLUMNS, inferSchema, parseInferArgs } from './inferSchema.js';
import { isOp, isWord, type Token } from './sqlLexer.js';
import { namedFormat, parseStageLocation, stagedFiles, stageFormat } from './stagedFiles.js';
import { matchParen, splitArgs } from './tokenGroups.js';
import type { StatementResult } from './values.js';

/** Does this query read staged files or INFER_SCHEMA (and so need the rewrite)? */
export function readsStagedSources(tokens: readonly Token[]): boolean {
  return tokens.some(
    (t, i) => (isOp(t, '@') && isWord(tokens[i - 1], 'FROM', 'JOIN')) || isWord(t, 'INFER_SCHEMA'),
  );
}

/** End offset of a stage reference that starts at `@` (it is read from the text: `/` and `=` are part of it). */
function stageRefEnd(sql: string, at: number): number {
  let j = at + 1;
  let quoted = false;
  while (j < sql.length) {
    const c = sql[j] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && /[\s,();]/.test(c)) break;
    j++;
  }
  return j;
}

interface Rewrite {
  tokens: Token[];
  binds: DuckDBValue[];
  temps: string[];
}

let tempCounter = 0;
function tempName(kind: string): string {
  tempCounter = (tempCounter + 1) % 1_000_000;
  return `__DEA_${kind}_${tempCounter}`;
}

/** Highest `$n` the statement mentions, so CSV sources expose at least that many columns. */
function maxPositional(tokens: readonly Token[]): number {
  let max = 1;
  tokens.forEach((t, i) => {
    const n = tokens[i + 1];
    if (isOp(t, '$') && n?.type === 'number' && n.offset === t.offset + 1)
      max = Math.max(max, Number(n.value));
  });
  return max;
}

/** `(FILE_FORMAT => 'f', PATTERN => 'p')` after a stage reference. */
function stageOptions(group: Token[]): { fileFormat?: string; pattern?: string } {
  const out: { fileFormat?: string; pattern?: string } = {};
  for (const arg of splitArgs(group)) {
    const [name, arrow, value, extra] = arg;
    if (!isWord(name, 'FILE_FORMAT', 'PATTERN') || !isOp(arrow, '=>') || value?.type !== 'string' || extra) {
      const bad = arg.find((t, k) => k > 2 || (k === 2 && t.type !== 'string')) ?? name;
      throw syntaxError(1, bad?.offset ?? 0, bad?.text ?? '<EOF>');
    }
    if (name?.value === 'FILE_FORMAT') out.fileFormat = value.value;
    else out.pattern = value.value;
  }
  return out;
}

async function stagedTable(
  ctx: EngineContext,
  location: string,
  opts: { fileFormat?: string; pattern?: string },
  columnsWanted: number,
): Promise<string> {
  const loc = parseStageLocation(ctx, location);
  const selection = await stagedFiles(ctx, loc, { pattern: opts.pattern ?? null });
  const format =
    opts.fileFormat !== undefined
      ? await namedFormat(ctx, opts.fileFormat)
      : await stageFormat(ctx, selection.stage);
  const type = format.type.toUpperCase();
  if (type === 'ORC' || type === 'XML') {
    throw unsupportedLocally(
      `Querying ${type} files is not supported locally: the embedded warehouse has no offline ${type} reader. Run the query on Snowflake, or use CSV, JSON or Parquet locally.`,
    );
  }
  if (type === 'CSV' && String(format.options.PARSE_HEADER ?? '').toUpperCase() === 'TRUE') {
    // Snowflake accepts PARSE_HEADER only where columns are matched by name.
    throw compilationError(
      'Invalid file format "PARSE_HEADER" is only allowed for CSV INFER_SCHEMA and MATCH_BY_COLUMN_NAME',
      '002140',
    );
  }
  const raw = tempName('STAGED_RAW');
  const table = tempName('STAGED');
  await DuckSession.run(
    ctx.conn,
    `CREATE TEMP TABLE ${raw} (VALUE JSON, "METADATA$FILENAME" VARCHAR, "METADATA$FILE_ROW_NUMBER" BIGINT)`,
  );
  try {
    for (const f of selection.files) await loadStagedFile(ctx.conn, raw, f, format);
    let values: string[];
    if (type === 'CSV') {
      const r = await DuckSession.run(
        ctx.conn,
        `SELECT COALESCE(MAX(json_array_length(json_keys(VALUE))), 0) AS N FROM ${raw}`,
      );
      const width = Math.max(Number(r.rows[0]?.N ?? 0), columnsWanted);
      values = Array.from(
        { length: width },
        (_, i) => `CAST(VALUE->>${duckString(`$.c${i + 1}`)} AS VARCHAR) AS "$${i + 1}"`,
      );
    } else values = ['VALUE AS "$1"'];
    await DuckSession.run(
      ctx.conn,
      `CREATE TEMP TABLE ${table} AS SELECT ${values.join(', ')}, "METADATA$FILENAME", "METADATA$FILE_ROW_NUMBER" FROM ${raw} ORDER BY "METADATA$FILENAME", "METADATA$FILE_ROW_NUMBER"`,
    );
  } finally {
    await DuckSession.run(ctx.conn, `DROP TABLE IF EXISTS ${raw}`);
  }
  return table;
}

async function inferTable(
  ctx: EngineContext,
  inner: Token[],
  takeBind: (t: Token) => DuckDBValue,
): Promise<string> {
  const rows = await inferSchema(ctx, parseInferArgs(inner, takeBind));
  const table = tempName('INFER');
  await DuckSession.run(ctx.conn, `CREATE TEMP TABLE ${table} (${INFER_SCHEMA_COLUMNS})`);
  for (const r of rows) {
    await DuckSession.run(ctx.conn, `INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?)`, [
      r.COLUMN_NAME,
      r.TYPE,
      r.NULLABLE,
      r.EXPRESSION,
      r.FILENAMES,
      r.ORDER_ID,
    ]);
  }
  return table;
}

function tableToken(name: string, at: Token): Token {
  return { type: 'word', text: name, value: name, offset: at.offset };
}

/** Replaces staged and INFER_SCHEMA sources by temporary tables and `$n` by the column `"$n"`. */
async function rewrite(
  ctx: EngineContext,
  sql: string,
  tokens: Token[],
  binds: DuckDBValue[],
): Promise<Rewrite> {
  const out: Token[] = [];
  const temps: string[] = [];
  const consumed = new Set<number>();
  const paramIndex = new Map<Token, number>();
  for (const t of tokens) if (t.type === 'param') paramIndex.set(t, paramIndex.size);
  const takeBind = (t: Token): DuckDBValue => {
    const k = paramIndex.get(t) ?? -1;
    consumed.add(k);
    return binds[k] ?? null;
  };
  const wanted = maxPositional(tokens);
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (
      isWord(t, 'TABLE') &&
      isOp(tokens[i + 1], '(') &&
      isWord(tokens[i + 2], 'INFER_SCHEMA') &&
      isOp(tokens[i + 3], '(')
    ) {
      const outer = matchParen(tokens, i + 1);
      const inner = matchParen(tokens, i + 3);
      if (inner !== outer - 1)
        throw syntaxError(1, tokens[inner + 1]?.offset ?? 0, tokens[inner + 1]?.text ?? '');
      const name = await inferTable(ctx, tokens.slice(i + 4, inner), takeBind);
      temps.push(name);
      out.push(tableToken(name, t));
      i = outer + 1;
      continue;
    }
    if (isOp(t, '@') && isWord(tokens[i - 1], 'FROM', 'JOIN')) {
      const end = stageRefEnd(sql, t.offset);
      let j = i + 1;
      while (j < tokens.length && (tokens[j] as Token).offset < end) j++;
      let opts: { fileFormat?: string; pattern?: string } = {};
      if (isOp(tokens[j], '(') && isWord(tokens[j + 1], 'FILE_FORMAT', 'PATTERN')) {
        const close = matchParen(tokens, j);
        opts = stageOptions(tokens.slice(j + 1, close));
        j = close + 1;
      }
      const name = await stagedTable(ctx, sql.slice(t.offset, end), opts, wanted);
      temps.push(name);
      out.push(tableToken(name, t));
      i = j;
      continue;
    }
    const n = tokens[i + 1];
    if (isOp(t, '$') && n?.type === 'number' && n.offset === t.offset + 1) {
      out.push({ type: 'qident', text: `$${n.value}`, value: `$${n.value}`, offset: t.offset });
      i += 2;
      continue;
    }
    out.push(t);
    i++;
  }
  return { tokens: out, binds: binds.filter((_, k) => !consumed.has(k)), temps };
}

/**
 * Names unaliased items of the top-level select list the way Snowflake does: the expression's text, upper-cased
 * (so `SELECT $1, METADATA$FILENAME` answers columns `$1` and `METADATA$FILENAME`).
 */
function aliasSelectList(sql: string, tokens: Token[]): Token[] {
  if (!isWord(tokens[0], 'SELECT')) return tokens;
  let start = 1;
  if (isWord(tokens[start], 'DISTINCT', 'ALL')) start++;
  let end = start;
  let depth = 0;
  for (; end < tokens.length; end++) {
    const t = tokens[end] as Token;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth === 0 && isWord(t, 'FROM')) break;
  }
  const items = splitArgs(tokens.slice(start, end));
  const rebuilt: Token[] = [];
  items.forEach((item, k) => {
    if (k > 0) rebuilt.push({ type: 'op', text: ',', value: ',', offset: item[0]?.offset ?? 0 });
    rebuilt.push(...item);
    const last = item[item.length - 1];
    const before = item[item.length - 2];
    const aliased =
      item.length > 1 &&
      (last?.type === 'qident' || (last?.type === 'word' && !isWord(last, 'END', 'NULL', 'TRUE', 'FALSE'))) &&
      before !== undefined &&
      (before.type !== 'op' || isOp(before, ')') || isOp(before, ']'));
    const star = isOp(last, '*');
    if (aliased || star || !item[0] || !last) return;
    const display = sql.slice(item[0].offset, last.offset + last.text.length).toUpperCase();
    rebuilt.push(
      { type: 'word', text: 'AS', value: 'AS', offset: last.offset },
      { type: 'qident', text: display, value: display, offset: last.offset },
    );
  });
  return [...tokens.slice(0, start), ...rebuilt, ...tokens.slice(end)];
}

/** Runs a query over staged files / INFER_SCHEMA. The caller holds the session lock. */
export async function runStagedQuery(
  ctx: EngineContext,
  sql: string,
  tokens: Token[],
  binds: DuckDBValue[],
): Promise<StatementResult> {
  let temps: string[] = [];
  try {
    const r = await rewrite(ctx, sql, tokens, binds);
    temps = r.temps;
    const translated = ctx.translator.translate(aliasSelectList(sql, r.tokens));
    return await DuckSession.run(ctx.conn, translated, r.binds);
  } finally {
    for (const t of temps) await DuckSession.run(ctx.conn, `DROP TABLE IF EXISTS ${t}`);
  }
}
