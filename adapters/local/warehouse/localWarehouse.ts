/**
 * LocalWarehouse: the embedded DuckDB emulation of the Snowflake statements the project uses (docs/local-mode.md).
 * One statement per call, dispatched on its first words: the four CREATE kinds go through the project's parser,
 * SHOW / DESC / DROP / ALTER … REFRESH / LIST / CALL are handled here, and ordinary SQL on tables is translated
 * to DuckDB (translate.ts). Every statement runs under one lock (duck.ts), which is what makes the tracker's
 * conditional UPDATE an atomic claim.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from 'pino';
import { type ProcedureName, type Warehouse, WarehouseError } from '../../../bot/core/contracts.js';
import { parseStatement } from '../../../procedures/parser/parser.js';
import type { ApproverEntry } from '../../../procedures/tracker/approvers.js';
import { createBotTables, installApprovers } from './botTables.js';
import { ensureCatalog } from './catalog.js';
import { alter, type CommandResult, describe, drop, list, show, status } from './commands.js';
import { type EngineContext, runCreate } from './ddl.js';
import { DuckSession } from './duck.js';
import { compilationError, doesNotExist, syntaxError, unsupportedLocally } from './errors.js';
import { NOT_SUPPORTED_LOCALLY } from './externalTable.js';
import { refusalFor, type SessionRole } from './privileges.js';
import {
  type ProcedureCall,
  ProcedureHost,
  type ProcedureHostOptions,
  type StatementAnswer,
} from './procedures/host.js';
import { loadProcedures, type ParsedProcedure, proceduresFromText } from './procedures/source.js';
import {
  duckIdent,
  identValue,
  isOp,
  isWord,
  LexError,
  lineAndColumn,
  splitStatements,
  type Token,
  tokenizeSql,
} from './sqlLexer.js';
import { readsStagedSources, runStagedQuery } from './stagedQuery.js';
import { duckSchemaName, matchParen, SnowflakeTranslator, splitArgs, TranslateError } from './translate.js';
import { newQueryId, type ResultColumn, type StatementResult, toDuckBind } from './values.js';

export interface LocalWarehouseOptions {
  /** DuckDB file, or ':memory:'. */
  path: string;
  /** Folder standing in for s3:// gcs:// azure:// (DEA_LOCAL_STORAGE). */
  storageDir: string;
  database?: string;
  schema?: string;
  logger?: Logger;
  /** Name reported by CURRENT_USER() and used as object owner. */
  currentUser?: string;
  /** sql/procedures.sql path; found from the package root when omitted. */
  proceduresFile?: string;
  /** The text of a procedures.sql file, instead of reading one (tests). */
  proceduresSql?: string;
  procedureHost?: ProcedureHostOptions;
  /**
   * The role of this connection: `bot` has the bot's grants (read the tracker, call procedures; see
   * privileges.ts), `owner` everything. The bot is opened as `bot`; tests that seed rows use `owner` (the default)
   * or `asRole('owner')`.
   */
  role?: SessionRole;
  /** DEA_APPROVERS rows, written at open as the administrator would (replacing what the table held). */
  approvers?: readonly ApproverEntry[];
}

const QUERY_WORDS = new Set(['SELECT', 'WITH', 'VALUES', 'DESCRIBE_QUERY']);
const DML_WORDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE']);
const TX_WORDS = new Set(['BEGIN', 'COMMIT', 'ROLLBACK', 'START', 'USE']);
const OWNER_ROLE = 'DEA_LOCAL_OWNER';

export class LocalWarehouse implements Warehouse {
  readonly database: string;
  readonly schema: string;
  readonly storageDir: string;
  private readonly translator: SnowflakeTranslator;
  private readonly procedures: Map<string, ParsedProcedure>;
  private readonly host: ProcedureHost;
  readonly role: SessionRole;

  private constructor(
    private readonly session: DuckSession,
    opts: LocalWarehouseOptions,
    private readonly logger: Logger | undefined,
  ) {
    this.database = (opts.database ?? 'LEILA_APP').toUpperCase();
    this.schema = (opts.schema ?? 'PUBLIC').toUpperCase();
    this.storageDir = opts.storageDir;
    this.role = opts.role ?? 'owner';
    this.translator = new SnowflakeTranslator({
      database: this.database,
      schema: this.schema,
      currentUser: opts.currentUser ?? 'DEA_LOCAL_USER',
      currentRole: OWNER_ROLE,
    });
    this.procedures =
      opts.proceduresSql !== undefined
        ? proceduresFromText(opts.proceduresSql)
        : loadProcedures(opts.proceduresFile);
    this.host = new ProcedureHost(
      (sql, binds, call) => this.runForProcedure(sql, binds, call),
      opts.procedureHost,
    );
  }

  static async open(opts: LocalWarehouseOptions): Promise<LocalWarehouse> {
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    mkdirSync(opts.storageDir, { recursive: true });
    const session = await DuckSession.open(opts.path);
    const wh = new LocalWarehouse(session, opts, opts.logger);
    try {
      await session.exclusive(async (conn) => {
        await ensureCatalog(conn);
        await createBotTables(conn, wh.database, wh.schema);
        if (opts.approvers) await installApprovers(conn, wh.database, wh.schema, opts.approvers);
        const s = duckSchemaName(wh.database, wh.schema).replace(/'/g, "''");
        await DuckSession.run(conn, `SET schema = '"${s.replace(/"/g, '""')}"'`);
      });
    } catch (err) {
      await session.close();
      throw err;
    }
    wh.logger?.debug({ path: opts.path, storageDir: opts.storageDir }, 'local warehouse open');
    return wh;
  }

  async query<T = Record<string, unknown>>(sql: string, binds: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, binds)).rows as T[];
  }

  /** Rows with each column's Snowflake type and NUMBER scale (`dea sql exec` prints values by type). */
  async queryWithColumns(sql: string): Promise<Pick<StatementResult, 'columns' | 'rows'>> {
    const { columns, rows } = await this.run(sql);
    return { columns, rows };
  }

  async execute(sql: string, binds: unknown[] = []): Promise<{ rowsAffected: number }> {
    return { rowsAffected: (await this.run(sql, binds)).rowsAffected };
  }

  async call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    return this.invoke(procedure, args, false, this.role);
  }

  /** The same warehouse seen through another role (e.g. an administrator's session beside the bot's). */
  asRole(role: SessionRole): Warehouse & { run(sql: string, binds?: unknown[]): Promise<StatementResult> } {
    return {
      query: async <T = Record<string, unknown>>(sql: string, binds: unknown[] = []) =>
        (await this.run(sql, binds, role)).rows as T[],
      execute: async (sql: string, binds: unknown[] = []) => ({
        rowsAffected: (await this.run(sql, binds, role)).rowsAffected,
      }),
      call: (procedure: ProcedureName, args: unknown[]) => this.invoke(procedure, args, false, role),
      run: (sql: string, binds: unknown[] = []) => this.run(sql, binds, role),
      close: async () => undefined,
    };
  }

  /** Replaces DEA_APPROVERS, as `dea sql setup` does in Snowflake (an administrator's act, not the bot's). */
  async installApprovers(approvers: readonly ApproverEntry[]): Promise<void> {
    await this.session.exclusive((conn) => installApprovers(conn, this.database, this.schema, approvers));
  }

  async close(): Promise<void> {
    await this.host.close();
    await this.session.close();
  }

  /**
   * Runs one statement; the full result (columns with Snowflake types, rows, rowsAffected). `role` defaults to this
   * connection's; the statements a procedure issues arrive here with the role they run as.
   */
  async run(sql: string, binds: unknown[] = [], role: SessionRole = this.role): Promise<StatementResult> {
    return this.runAs(role, sql, binds);
  }

  private async runAs(role: SessionRole, sql: string, binds: unknown[]): Promise<StatementResult> {
    const started = Date.now();
    let tokens: Token[];
    try {
      tokens = tokenizeSql(sql);
    } catch (err) {
      if (err instanceof LexError) {
        const { line, column } = lineAndColumn(sql, err.offset);
        throw syntaxError(line, column, sql.slice(err.offset, err.offset + 10));
      }
      throw err;
    }
    const statements = splitStatements(tokens);
    if (statements.length === 0)
      throw new WarehouseError('000900', 'Empty SQL statement.', { sqlState: '42000' });
    if (statements.length > 1) {
      throw new WarehouseError(
        '000008',
        `Actual statement count ${statements.length} did not match the desired statement count 1.`,
        { sqlState: '0A000' },
      );
    }
    const duckBinds = binds.map((b, i) => {
      try {
        return toDuckBind(b, i);
      } catch (err) {
        throw new WarehouseError('002049', `SQL compilation error: ${(err as Error).message}`, {
          sqlState: '22000',
        });
      }
    });
    const denied = refusalFor(role, statements[0] as Token[]);
    if (denied) throw denied;
    try {
      const result = await this.dispatch(sql, statements[0] as Token[], duckBinds, role);
      this.logger?.debug({ ms: Date.now() - started, rows: result.rows.length }, 'local statement');
      return result;
    } catch (err) {
      if (err instanceof TranslateError) {
        const { line, column } = lineAndColumn(sql, err.offset);
        throw syntaxError(line, column, err.message);
      }
      if (err instanceof WarehouseError && err.message.includes(NOT_SUPPORTED_LOCALLY)) {
        throw unsupportedLocally(err.message.replace(/^SQL execution error: /, ''));
      }
      throw err;
    }
  }

  private context(conn: DuckDBConnection): EngineContext {
    return {
      conn,
      database: this.database,
      schema: this.schema,
      storageDir: this.storageDir,
      owner: OWNER_ROLE,
      translator: this.translator,
    };
  }

  private async dispatch(
    sql: string,
    tokens: Token[],
    binds: ReturnType<typeof toDuckBind>[],
    role: SessionRole,
  ): Promise<StatementResult> {
    const first = tokens[0] as Token;
    const word = first.type === 'word' ? first.value : '';
    if (QUERY_WORDS.has(word) || (first.type === 'op' && first.value === '(')) {
      if (readsStagedSources(tokens)) {
        return this.session.exclusive((conn) => runStagedQuery(this.context(conn), sql, tokens, binds));
      }
      return this.session.run(this.translator.translate(tokens), binds);
    }
    if (DML_WORDS.has(word)) {
      const r = await this.session.run(this.translator.translate(tokens), binds, true);
      const label =
        word === 'INSERT' ? 'inserted' : word === 'DELETE' || word === 'TRUNCATE' ? 'deleted' : 'updated';
      const column = `number of rows ${label}`;
      return { ...r, columns: [{ name: column, type: 'NUMBER' }], rows: [{ [column]: r.rowsAffected }] };
    }
    if (TX_WORDS.has(word)) return commandResult(status('Statement executed successfully.'));
    switch (word) {
      case 'CREATE':
        return this.create(sql, tokens);
      case 'SHOW':
        return this.locked((ctx) => show(ctx, tokens));
      case 'DESC':
      case 'DESCRIBE':
        return this.locked((ctx) => describe(ctx, tokens));
      case 'DROP':
        if (isWord(tokens[1], 'TABLE', 'VIEW', 'SCHEMA', 'DATABASE')) return this.dropOther(tokens);
        return this.locked((ctx) => drop(ctx, tokens));
      case 'ALTER':
        return this.locked((ctx) => alter(ctx, tokens));
      case 'LIST':
      case 'LS':
        return this.locked((ctx) => list(ctx, sql, tokens));
      case 'CALL':
        return this.callStatement(tokens, binds, role);
      default: {
        const { line, column } = lineAndColumn(sql, first.offset);
        throw syntaxError(line, column, first.text);
      }
    }
  }

  private locked(fn: (ctx: EngineContext) => Promise<CommandResult>): Promise<StatementResult> {
    return this.session.exclusive(async (conn) => commandResult(await fn(this.context(conn))));
  }

  private async create(sql: string, tokens: Token[]): Promise<StatementResult> {
    let i = 1;
    if (isWord(tokens[i], 'OR') && isWord(tokens[i + 1], 'REPLACE', 'ALTER')) i += 2;
    while (isWord(tokens[i], 'TEMPORARY', 'TEMP', 'TRANSIENT', 'LOCAL', 'GLOBAL', 'VOLATILE')) i++;
    const w = tokens[i]?.value;
    const kindWords =
      (w === 'STORAGE' && isWord(tokens[i + 1], 'INTEGRATION')) ||
      (w === 'FILE' && isWord(tokens[i + 1], 'FORMAT')) ||
      w === 'STAGE' ||
      (w === 'EXTERNAL' && isWord(tokens[i + 1], 'TABLE'));
    if (kindWords) {
      const parsed = parseStatement(sql);
      if (!parsed.ok) {
        const e = parsed.error;
        throw new WarehouseError(
          '001003',
          `SQL compilation error:\nsyntax error line ${e.line} at position ${Math.max(0, e.column - 1)}: ${e.message}`,
          { sqlState: '42000' },
        );
      }
      return this.locked(async (ctx) => status((await runCreate(ctx, parsed.statement)).status));
    }
    if (w === 'PROCEDURE') {
      const added = proceduresFromText(sql);
      if (added.size !== 1)
        throw unsupportedLocally('CREATE PROCEDURE other than the form written to sql/procedures.sql');
      for (const [name, p] of added) this.procedures.set(name, p);
      return commandResult(status(`Function ${[...added.keys()][0]} successfully created.`));
    }
    if (w === 'DATABASE' || w === 'SCHEMA') return this.createNamespace(tokens, i);
    if (w === 'TABLE' || w === 'VIEW') {
      return this.session.run(this.translateCreateTable(tokens, i + 1));
    }
    throw unsupportedLocally(`CREATE ${w ?? ''}`);
  }

  private async createNamespace(tokens: Token[], i: number): Promise<StatementResult> {
    const isDb = tokens[i]?.value === 'DATABASE';
    let j = i + 1;
    if (isWord(tokens[j], 'IF') && isWord(tokens[j + 1], 'NOT') && isWord(tokens[j + 2], 'EXISTS')) j += 3;
    const parts: string[] = [];
    while (tokens[j] && (tokens[j]?.type === 'word' || tokens[j]?.type === 'qident')) {
      parts.push(identValue(tokens[j] as Token));
      j++;
      if (isOp(tokens[j], '.')) j++;
      else break;
    }
    const [db, schema] = isDb
      ? [parts[0] ?? '', 'PUBLIC']
      : parts.length >= 2
        ? [parts[0] as string, parts[1] as string]
        : [this.database, parts[0] ?? ''];
    await this.session.run(`CREATE SCHEMA IF NOT EXISTS ${duckIdent(duckSchemaName(db, schema))}`);
    return commandResult(
      status(`${isDb ? 'Database' : 'Schema'} ${isDb ? db : schema} successfully created.`),
    );
  }

  /** CREATE TABLE with Snowflake column types mapped; the rest of the statement goes through the translator. */
  private translateCreateTable(tokens: Token[], afterKind: number): string {
    let j = afterKind;
    if (isWord(tokens[j], 'IF') && isWord(tokens[j + 1], 'NOT') && isWord(tokens[j + 2], 'EXISTS')) j += 3;
    while (tokens[j] && !isOp(tokens[j], '(') && !isWord(tokens[j], 'AS')) j++;
    if (!isOp(tokens[j], '(')) return this.translator.translate(tokens);
    const close = matchParen(tokens, j);
    const head = this.translator.translate(tokens.slice(0, j));
    const tail = this.translator.translate(tokens.slice(close + 1));
    const defs = splitArgs(tokens.slice(j + 1, close)).map((def) => {
      const name = def[0];
      if (!name || isWord(name, 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN'))
        return this.translator.translate(def);
      const { type, next } = this.translator.readType(def, 1);
      const rest: Token[] = [];
      for (let k = next; k < def.length; k++) {
        if (isWord(def[k], 'COMMENT') && def[k + 1]?.type === 'string') {
          k++;
          continue;
        }
        rest.push(def[k] as Token);
      }
      return `${this.translator.translate([name])} ${type} ${this.translator.translate(rest)}`;
    });
    return `${head} (${defs.join(', ')}) ${tail}`;
  }

  private async dropOther(tokens: Token[]): Promise<StatementResult> {
    if (isWord(tokens[1], 'TABLE', 'VIEW')) return this.session.run(this.translator.translate(tokens));
    throw unsupportedLocally(`DROP ${tokens[1]?.value}`);
  }

  // ------------------------------------------------------------------ procedures

  private async runForProcedure(
    sql: string,
    binds: unknown[],
    call: ProcedureCall,
  ): Promise<StatementAnswer> {
    const r = await this.run(sql, binds, call.runAs === 'owner' ? 'owner' : 'bot');
    const names = r.columns.map((c) => c.name);
    return {
      columns: names,
      rows: r.rows.map((row) => names.map((n) => row[n])),
      rowsAffected: r.rowsAffected,
      queryId: r.queryId,
    };
  }

  private async callStatement(
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
      const select = `SELECT ${argTokens.map((a, k) => `${this.translator.translate(a)} AS "a${k}"`).join(', ')}`;
      const r = await this.session.run(select, binds);
      const row = r.rows[0] ?? {};
      values = argTokens.map((_, k) => row[`a${k}`]);
    }
    if (named.some((n) => n !== undefined)) {
      const proc = this.procedures.get(name.toUpperCase());
      if (!proc) throw doesNotExist('Procedure', `${this.database}.${this.schema}.${name.toUpperCase()}`);
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
    const result = await this.invoke(name, values, true, role);
    const columns: ResultColumn[] = [{ name, type: 'VARIANT' }];
    return { columns, rows: [{ [name]: result }], rowsAffected: 0, queryId: newQueryId() };
  }

  private async invoke(name: string, args: unknown[], fromSql: boolean, role: SessionRole): Promise<unknown> {
    const proc = this.procedures.get(name.toUpperCase());
    if (!proc) throw doesNotExist('Procedure', `${this.database}.${this.schema}.${name.toUpperCase()}`);
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
    this.logger?.debug({ procedure: proc.name }, 'local CALL');
    // EXECUTE AS OWNER runs with the owner's privileges; EXECUTE AS CALLER with the calling session's role.
    const runAs: SessionRole = proc.rights === 'OWNER' ? 'owner' : role;
    return this.host.call({ name: proc.name, body: proc.body, args: vars, runAs });
  }
}

function commandResult(r: CommandResult): StatementResult {
  const columns: ResultColumn[] = r.columns.map((name) => {
    const sample = r.rows.find((row) => row[name] !== null && row[name] !== undefined)?.[name];
    const type =
      sample instanceof Date
        ? 'TIMESTAMP_LTZ'
        : typeof sample === 'number'
          ? 'NUMBER'
          : typeof sample === 'boolean'
            ? 'BOOLEAN'
            : 'TEXT';
    return { name, type };
  });
  return { columns, rows: r.rows, rowsAffected: 0, queryId: newQueryId() };
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
