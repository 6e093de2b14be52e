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
import type { ApproverEntry } from '../../../procedures/tracker/approvers.js';
import { alter } from './alterCommand.js';
import { createBotTables, installApprovers, installInterruptedAfter } from './botTables.js';
import { type CommandResult, commandResult, status } from './commandSyntax.js';
import { type CreateContext, runCreateStatement } from './createStatement.js';
import type { EngineContext } from './ddl.js';
import { describe } from './describeCommand.js';
import { drop } from './dropCommand.js';
import { DuckSession } from './duck.js';
import { duckIdentifier, duckSchemaName, duckString } from './duckQuote.js';
import { syntaxError, unsupportedLocally } from './errors.js';
import { NOT_SUPPORTED_LOCALLY } from './externalTable.js';
import { list } from './listCommand.js';
import { ensureCatalog } from './objectCatalog.js';
import { refusalFor, type SessionRole } from './privileges.js';
import { type CallContext, procedureCallFor, runCallStatement } from './procedureCall.js';
import {
  type ProcedureCall,
  ProcedureHost,
  type ProcedureHostOptions,
  type StatementAnswer,
} from './procedureHost/host.js';
import { loadProcedures, type ParsedProcedure, proceduresFromText } from './procedureHost/source.js';
import { type RoleView, roleView } from './roleView.js';
import { show } from './showCommand.js';
import { isWord, LexError, lineAndColumn, splitStatements, type Token, tokenizeSql } from './sqlLexer.js';
import { readsStagedSources, runStagedQuery } from './stagedQuery.js';
import { TranslateError } from './tokenGroups.js';
import { SnowflakeTranslator } from './translate.js';
import { type StatementResult, toDuckBind } from './values.js';

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
  /**
   * DEA_SETTINGS' INTERRUPTED_AFTER_SECONDS, written at open: RECONCILE_INTERRUPTED ends no plan that changed more
   * recently. Default 0: one process holds this warehouse's file, so a plan EXECUTING at open was interrupted.
   */
  interruptedAfterSeconds?: number;
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
  /** sql/procedures.sql, parsed at the first CALL or CREATE PROCEDURE: most `dea` commands never need it. */
  private procedureMap: Map<string, ParsedProcedure> | undefined;
  private readonly host: ProcedureHost;
  /** What the CREATE and CALL handlers reach of this warehouse. */
  private readonly statements: CreateContext & CallContext;
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
    const procedures = () => {
      this.procedureMap ??=
        opts.proceduresSql !== undefined
          ? proceduresFromText(opts.proceduresSql)
          : loadProcedures(opts.proceduresFile);
      return this.procedureMap;
    };
    this.statements = {
      database: this.database,
      schema: this.schema,
      translator: this.translator,
      get procedures() {
        return procedures();
      },
      run: (duckSql: string, binds: ReturnType<typeof toDuckBind>[] = []) => this.session.run(duckSql, binds),
      locked: (fn) => this.locked(fn),
      invoke: (name, args, fromSql, role) => this.invoke(name, args, fromSql, role),
    };
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
        await installInterruptedAfter(conn, wh.database, wh.schema, opts.interruptedAfterSeconds ?? 0);
        // DuckDB's `SET schema` takes the quoted schema name as a string.
        const schemaName = duckIdentifier(duckSchemaName(wh.database, wh.schema));
        await DuckSession.run(conn, `SET schema = ${duckString(schemaName)}`);
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
  asRole(role: SessionRole): RoleView {
    return roleView(
      (sql, binds) => this.run(sql, binds, role),
      (procedure, args) => this.invoke(procedure, args, false, role),
    );
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
        return runCreateStatement(this.statements, sql, tokens);
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
        return runCallStatement(this.statements, tokens, binds, role);
      default: {
        const { line, column } = lineAndColumn(sql, first.offset);
        throw syntaxError(line, column, first.text);
      }
    }
  }

  private locked(fn: (ctx: EngineContext) => Promise<CommandResult>): Promise<StatementResult> {
    return this.session.exclusive(async (conn) => commandResult(await fn(this.context(conn))));
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

  private async invoke(name: string, args: unknown[], fromSql: boolean, role: SessionRole): Promise<unknown> {
    const call = procedureCallFor(this.statements, name, args, fromSql, role);
    this.logger?.debug({ procedure: call.name }, 'local CALL');
    return this.host.call(call);
  }
}
