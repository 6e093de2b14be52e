/**
 * CALL: the statement form (positional and `NAME => expr` arguments, evaluated by DuckDB) and the checks and
 * conversions Snowflake applies before a procedure body runs.
 */
import { WarehouseError } from '../../../bot/core/contracts.js';
import { compilationError, doesNotExist, syntaxError } from './errors.js';
import type { SessionRole } from './privileges.js';
import type { ProcedureCall } from './procedureHost/host.js';
import type { ParsedProcedure } from './procedureHost/source.js';
import { identValue, isOp, type Token } from './sqlLexer.js';
import { matchParen, splitArgs } from './tokenGroups.js';
import type { SnowflakeTranslator } from './translate.js';
import { newQueryId, type ResultColumn, type StatementResult, type toDuckBind } from './values.js';

export interface CallContext {
  database: string;
  schema: string;
  translator: SnowflakeTranslator;
  procedures: Map<string, ParsedProcedure>;
  /** Runs DuckDB SQL as it is. */
  run(duckSql: string, binds: ReturnType<typeof toDuckBind>[]): Promise<StatementResult>;
  invoke(name: string, args: unknown[], fromSql: boolean, role: SessionRole): Promise<unknown>;
}

export async function runCallStatement(
  c: CallContext,
  tokens: Token[],
  binds: ReturnType<typeof toDuckBind>[],
  role: SessionRole,
): Promise<StatementResult> {
  let j = 1;
  const parts: string[] = [];
  while (tokens[j] && (tokens[j]?.type === 'word' || tokens[j]?.type === 'qident')) {
    parts.push(identValue(tokens[j] as Token));
    j++;
    if (isOp(tokens[j], '.')) j++;
    else break;
  }
  if (parts.length === 0 || !isOp(tokens[j], '('))
    throw syntaxError(1, tokens[j]?.offset ?? 0, tokens[j]?.text ?? '<EOF>');
  const close = matchParen(tokens, j);
  if (close !== tokens.length - 1)
    throw syntaxError(1, tokens[close + 1]?.offset ?? 0, tokens[close + 1]?.text ?? '');
  const name = parts[parts.length - 1] as string;
  const rawArgs = splitArgs(tokens.slice(j + 1, close)).filter((a) => a.length > 0);
  // Named arguments (`NAME => expr`) are placed by the procedure's signature.
  const named = rawArgs.map((a) =>
    (a[0]?.type === 'word' || a[0]?.type === 'qident') && isOp(a[1], '=>') ? identValue(a[0]) : undefined,
  );
  const argTokens = rawArgs.map((a, k) => (named[k] === undefined ? a : a.slice(2)));
  let values: unknown[] = [];
  if (argTokens.length > 0) {
    const select = `SELECT ${argTokens.map((a, k) => `${c.translator.translate(a)} AS "a${k}"`).join(', ')}`;
    const r = await c.run(select, binds);
    const row = r.rows[0] ?? {};
    values = argTokens.map((_, k) => row[`a${k}`]);
  }
  if (named.some((n) => n !== undefined)) {
    const proc = c.procedures.get(name.toUpperCase());
    if (!proc) throw doesNotExist('Procedure', `${c.database}.${c.schema}.${name.toUpperCase()}`);
    const placed: unknown[] = proc.args.map(() => null);
    values.forEach((v, k) => {
      const n = named[k];
      const at = n === undefined ? k : proc.args.findIndex((a) => a.name.toUpperCase() === n);
      if (at < 0)
        throw compilationError(`Invalid argument name '${n}' for procedure '${proc.name}'.`, '001044');
      placed[at] = v;
    });
    values = placed;
  }
  const result = await c.invoke(name, values, true, role);
  const columns: ResultColumn[] = [{ name, type: 'VARIANT' }];
  return { columns, rows: [{ [name]: result }], rowsAffected: 0, queryId: newQueryId() };
}

/**
 * The call the procedure host runs: arguments checked against the signature and converted to the declared types,
 * and the role it runs as.
 */
export function procedureCallFor(
  c: Pick<CallContext, 'database' | 'schema' | 'procedures'>,
  name: string,
  args: unknown[],
  fromSql: boolean,
  role: SessionRole,
): ProcedureCall {
  const proc = c.procedures.get(name.toUpperCase());
  if (!proc) throw doesNotExist('Procedure', `${c.database}.${c.schema}.${name.toUpperCase()}`);
  if (args.length > proc.args.length || proc.args.slice(args.length).some((a) => !a.hasDefault)) {
    const types = args.map((a) =>
      typeof a === 'number' ? 'NUMBER' : typeof a === 'object' && a !== null ? 'VARIANT' : 'VARCHAR',
    );
    throw compilationError(
      `error line 1 at position 5\nInvalid argument types for function '${proc.name}': (${types.join(', ')})`,
      '001044',
    );
  }
  const vars: Record<string, unknown> = {};
  proc.args.forEach((a, k) => {
    vars[a.name.toUpperCase()] = coerceArg(args[k] ?? null, a.sqlType, fromSql);
  });
  // EXECUTE AS OWNER runs with the owner's privileges; EXECUTE AS CALLER with the calling session's role.
  const runAs: SessionRole = proc.rights === 'OWNER' ? 'owner' : role;
  return { name: proc.name, body: proc.body, args: vars, runAs };
}

/** Snowflake converts CALL arguments to the declared SQL type; the body sees JS values of that type. */
function coerceArg(value: unknown, sqlType: string, fromSql: boolean): unknown {
  if (value === null || value === undefined) return null;
  const t = sqlType.toUpperCase().replace(/\(.*$/, '');
  if (['VARCHAR', 'STRING', 'TEXT', 'CHAR'].includes(t)) {
    if (value instanceof Date) return value.toISOString();
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  if (['NUMBER', 'NUMERIC', 'DECIMAL', 'INT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'REAL'].includes(t)) {
    const n = Number(value);
    if (Number.isNaN(n))
      throw new WarehouseError('100038', `Numeric value '${String(value)}' is not recognized`, {
        sqlState: '22018',
      });
    return n;
  }
  if (t === 'BOOLEAN') {
    if (typeof value === 'string') return ['TRUE', 'T', 'YES', 'Y', 'ON', '1'].includes(value.toUpperCase());
    return Boolean(value);
  }
  if (value instanceof Date) return value.toISOString();
  // VARIANT / OBJECT / ARRAY: values arrive parsed; from SQL a plain `?` string stays a string, as in Snowflake.
  void fromSql;
  return value;
}
