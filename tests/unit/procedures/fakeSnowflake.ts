/**
 * An in-memory stand-in for Snowflake's `snowflake` object, just big enough for the tracker procedures and
 * EXECUTE_DDL_AND_TRACK: it records every statement, keeps one tracker table, DEA_APPROVERS and a set of existing
 * objects, and answers the statement shapes the procedures issue. Anything else throws, so a new statement shape
 * cannot slip past the tests unnoticed. `privileged = false` stands for a caller's-rights call by the bot's role,
 * which may neither write the tracker nor create objects.
 */
import { parseStatement } from '../../../procedures/parser/parser.js';
import type {
  Bind,
  ResultSet,
  SnowflakeApi,
  Statement,
  StatementOptions,
} from '../../../procedures/runtime/snowflakeApi.js';

export interface SqlError {
  code: number;
  state: string;
  message: string;
}

export type TrackerRow = Record<string, unknown>;

interface Executed {
  rows: Record<string, unknown>[];
  affected: number;
}

const SHOW_KIND: Record<string, string> = {
  INTEGRATIONS: 'STORAGE_INTEGRATION',
  'FILE FORMATS': 'FILE_FORMAT',
  STAGES: 'STAGE',
  'EXTERNAL TABLES': 'EXTERNAL_TABLE',
};
const DROP_KIND: Record<string, string> = {
  'STORAGE INTEGRATION': 'STORAGE_INTEGRATION',
  'FILE FORMAT': 'FILE_FORMAT',
  STAGE: 'STAGE',
  'EXTERNAL TABLE': 'EXTERNAL_TABLE',
};

function sqlError(code: number, state: string, message: string): SqlError & Error {
  return Object.assign(new Error(message), { code, state, message });
}

/** Stored name of one written identifier part (`"a""b"` → `a"b`, `abc` → `ABC`). */
function storedPart(written: string): string {
  return written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written.toUpperCase();
}

function splitParts(text: string): string[] {
  return (text.match(/"(?:[^"]|"")*"|[^.]+/g) ?? []).map(storedPart);
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

export class FakeSnowflake implements SnowflakeApi {
  readonly statements: { sqlText: string; binds: Bind[] }[] = [];
  readonly tracker = new Map<string, TrackerRow>();
  /** Existing objects as `KIND:DB.SCHEMA.NAME` (schema objects) or `KIND:NAME` (integrations), stored names. */
  readonly objects = new Set<string>();
  /** Return an error to make a statement fail. */
  failWhen: (sqlText: string) => SqlError | undefined = () => undefined;
  nowMs = Date.parse('2025-01-01T00:00:00Z');
  database = 'LEILA_APP';
  schema = 'PUBLIC';
  user = 'SEED_USER';
  /** DEA_APPROVERS rows. */
  approvers: { PRINCIPAL: string; KIND: string; MAY_APPROVE_OWN: boolean }[] = [];
  /** DEA_SETTINGS rows (name → value); null: no such table (a schema set up before it existed). */
  settings: Map<string, string> | null = new Map([['INTERRUPTED_AFTER_SECONDS', '900']]);
  /** false: the statements run with the bot's role (no tracker writes, no CREATE). */
  privileged = true;
  private queryCount = 0;

  execute(options: StatementOptions): ResultSet {
    return this.createStatement(options).execute();
  }

  createStatement(options: StatementOptions): Statement {
    const sqlText = options.sqlText;
    const binds = options.binds ?? [];
    if (!sqlText) throw new Error('sqlText is missing');
    for (const b of binds) {
      if (b !== null && typeof b !== 'string' && typeof b !== 'number')
        throw new Error(`unsupported bind type ${typeof b}`);
    }
    let result: Executed | undefined;
    let queryId = '';
    return {
      execute: () => {
        this.statements.push({ sqlText, binds });
        const failure = this.failWhen(sqlText);
        if (failure) throw sqlError(failure.code, failure.state, failure.message);
        result = this.run(sqlText, binds);
        this.queryCount++;
        queryId = `q-${this.queryCount}`;
        return resultSet(result.rows, queryId);
      },
      getNumRowsAffected: () => {
        if (!result) throw new Error('statement not executed');
        return result.affected;
      },
      getRowCount: () => {
        if (!result) throw new Error('statement not executed');
        return result.rows.length;
      },
      getQueryId: () => queryId,
      getSqlText: () => sqlText,
    };
  }

  /** The statements that are not tracker bookkeeping or existence checks, i.e. the DDL that reached "Snowflake". */
  ddl(): string[] {
    return this.statements.map((s) => s.sqlText).filter((s) => /^(CREATE|DROP)\b/i.test(s.trim()));
  }

  key(kind: string, parts: string[]): string {
    if (kind === 'STORAGE_INTEGRATION') return `${kind}:${parts[parts.length - 1]}`;
    const full =
      parts.length === 3
        ? parts
        : parts.length === 2
          ? [this.database, ...parts]
          : [this.database, this.schema, ...parts];
    return `${kind}:${full.join('.')}`;
  }

  private live(row: TrackerRow): boolean {
    return typeof row.EXPIRES_AT === 'number' && row.EXPIRES_AT > this.nowMs;
  }

  /** A reservation older than five minutes no longer holds the plan. */
  private lapsed(row: TrackerRow): boolean {
    return typeof row.UPDATED_AT === 'number' && row.UPDATED_AT < this.nowMs - 300_000;
  }

  private denied(what: string): never {
    throw sqlError(3001, '42501', `SQL access control error:\nInsufficient privileges to operate on ${what}`);
  }

  private update(
    id: Bind | undefined,
    when: (row: TrackerRow) => boolean,
    set: Record<string, unknown>,
  ): Executed {
    const row = this.tracker.get(String(id));
    if (!row || !when(row)) return { rows: [], affected: 0 };
    Object.assign(row, set, { UPDATED_AT: this.nowMs });
    return { rows: [], affected: 1 };
  }

  private run(sql: string, binds: Bind[]): Executed {
    const text = sql.trim();
    if (/^SELECT CURRENT_DATABASE\(\) AS DB, CURRENT_SCHEMA\(\) AS SCH$/.test(text)) {
      return { rows: [{ DB: this.database, SCH: this.schema }], affected: 0 };
    }
    const table = `${this.database}.${this.schema}.DATA_PIPELINE_TRACKER`;
    if (text === `SELECT PRINCIPAL, KIND, MAY_APPROVE_OWN FROM ${this.database}.${this.schema}.DEA_APPROVERS`)
      return { rows: this.approvers.map((a) => ({ ...a })), affected: 0 };
    if (text === `SELECT VALUE FROM ${this.database}.${this.schema}.DEA_SETTINGS WHERE NAME = ?`) {
      if (this.settings === null)
        throw sqlError(
          2003,
          '02000',
          `SQL compilation error:\nObject '${this.database}.${this.schema}.DEA_SETTINGS' does not exist or not authorized.`,
        );
      const value = this.settings.get(String(binds[0]));
      return { rows: value === undefined ? [] : [{ VALUE: value }], affected: 0 };
    }
    if (/^(UPDATE|INSERT)\b/.test(text) && text.includes(table) && !this.privileged)
      this.denied("table 'DATA_PIPELINE_TRACKER'");
    const [b0, b1, b2, b3] = binds;
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'EXECUTING', APPROVED_BY = ?`))
      return this.update(
        b1,
        (r) =>
          r.STATUS === 'PROPOSED' &&
          r.PLAN_HASH === b2 &&
          this.live(r) &&
          (r.APPROVED_BY == null || r.APPROVED_BY === b3 || this.lapsed(r)),
        { STATUS: 'EXECUTING', APPROVED_BY: b0, DECIDED_AT: this.nowMs },
      );
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'PROPOSED', APPROVED_BY = ?`))
      return this.update(
        b1,
        (r) =>
          r.STATUS === 'PROPOSED' &&
          r.PLAN_HASH === b2 &&
          this.live(r) &&
          (r.APPROVED_BY == null || this.lapsed(r)),
        { APPROVED_BY: b0 },
      );
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'PROPOSED', APPROVED_BY = NULL`))
      return this.update(b0, (r) => r.STATUS === 'PROPOSED' && r.APPROVED_BY === b1, { APPROVED_BY: null });
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'REJECTED'`))
      return this.update(
        b2,
        (r) => r.STATUS === 'PROPOSED' && r.PLAN_HASH === b3 && this.live(r) && r.APPROVED_BY == null,
        { STATUS: 'REJECTED', REJECTED_BY: b0, DECISION_REASON: b1, DECIDED_AT: this.nowMs },
      );
    if (
      text.startsWith(`UPDATE ${table} SET STATUS = 'EXPIRED', DECISION_REASON = 'expired before approval'`)
    )
      return this.update(b0, (r) => r.STATUS === 'PROPOSED' && !this.live(r), {
        STATUS: 'EXPIRED',
        DECISION_REASON: 'expired before approval',
        DECIDED_AT: this.nowMs,
      });
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'EXPIRED', DECISION_REASON = ?`))
      return this.update(
        b1,
        (r) => r.STATUS === 'PROPOSED' && r.CHANNEL === b2 && r.THREAD_REF === b3 && r.APPROVED_BY == null,
        { STATUS: 'EXPIRED', DECISION_REASON: b0, DECIDED_AT: this.nowMs },
      );
    if (text.startsWith(`UPDATE ${table} SET STATUS = ?, EXECUTION_LOG = PARSE_JSON(?)`))
      return this.update(b2, (r) => r.STATUS === 'EXECUTING', {
        STATUS: b0,
        EXECUTION_LOG: JSON.parse(String(b1)),
      });
    if (text.startsWith(`UPDATE ${table} SET STATUS = 'SUCCESS', VERIFICATION = PARSE_JSON(?)`))
      return this.update(b1, (r) => r.STATUS === 'SUCCESS', { VERIFICATION: JSON.parse(String(b0)) });
    const interrupted = new RegExp(
      `^UPDATE ${table.replace(/\./g, '\\.')} SET STATUS = 'FAILED', DECISION_REASON = '(interrupted[^']*)', UPDATED_AT = CURRENT_TIMESTAMP\\(\\) WHERE STATUS = 'EXECUTING' AND UPDATED_AT <= DATEADD\\(second, -(\\d+), CURRENT_TIMESTAMP\\(\\)\\)$`,
    ).exec(text);
    if (interrupted) {
      let affected = 0;
      for (const row of this.tracker.values()) {
        const stale =
          typeof row.UPDATED_AT === 'number' && row.UPDATED_AT <= this.nowMs - Number(interrupted[2]) * 1000;
        if (row.STATUS === 'EXECUTING' && stale) {
          Object.assign(row, { STATUS: 'FAILED', DECISION_REASON: interrupted[1], UPDATED_AT: this.nowMs });
          affected++;
        }
      }
      return { rows: [], affected };
    }
    if (
      text ===
      `SELECT STATUS, PLAN_HASH, DDL_STATEMENTS, CASE WHEN EXPIRES_AT > CURRENT_TIMESTAMP() THEN 1 ELSE 0 END AS LIVE, REQUESTED_BY, APPROVED_BY, CONTRIBUTORS, CHANNEL, THREAD_REF FROM ${table} WHERE PIPELINE_ID = ?`
    ) {
      const row = this.tracker.get(String(b0));
      if (!row) return { rows: [], affected: 0 };
      const pick = (k: string) => (row[k] === undefined ? null : row[k]);
      return {
        rows: [
          {
            STATUS: row.STATUS,
            PLAN_HASH: row.PLAN_HASH,
            DDL_STATEMENTS: row.DDL_STATEMENTS,
            LIVE: this.live(row) ? 1 : 0,
            REQUESTED_BY: pick('REQUESTED_BY'),
            APPROVED_BY: pick('APPROVED_BY'),
            CONTRIBUTORS: pick('CONTRIBUTORS'),
            CHANNEL: pick('CHANNEL'),
            THREAD_REF: pick('THREAD_REF'),
          },
        ],
        affected: 0,
      };
    }
    if (text === `SELECT REQUESTED_BY, CONTRIBUTORS FROM ${table} WHERE CHANNEL = ? AND THREAD_REF = ?`) {
      const rows = [...this.tracker.values()]
        .filter((r) => r.CHANNEL === b0 && r.THREAD_REF === b1)
        .map((r) => ({ REQUESTED_BY: r.REQUESTED_BY ?? null, CONTRIBUTORS: r.CONTRIBUTORS ?? null }));
      return { rows, affected: 0 };
    }
    if (text.startsWith(`INSERT INTO ${table} (`)) return this.insert(text, binds);
    const show =
      /^SHOW (INTEGRATIONS|FILE FORMATS|STAGES|EXTERNAL TABLES) LIKE '((?:[^']|'')*)'(?: IN SCHEMA (.+))?$/.exec(
        text,
      );
    if (show) return this.show(show[1] as string, (show[2] as string).replace(/''/g, "'"), show[3]);
    if (/^(CREATE|DROP)\b/i.test(text) && !this.privileged) this.denied('schema or account objects');
    const drop = /^DROP (STORAGE INTEGRATION|FILE FORMAT|STAGE|EXTERNAL TABLE) IF EXISTS (.+)$/.exec(text);
    if (drop) {
      const key = this.key(DROP_KIND[drop[1] as string] as string, splitParts(drop[2] as string));
      return { rows: [{ status: this.objects.delete(key) ? 'dropped' : 'absent' }], affected: 0 };
    }
    if (/^CREATE\b/i.test(text)) return this.create(text);
    throw new Error(`FakeSnowflake does not understand: ${text}`);
  }

  private insert(text: string, binds: Bind[]): Executed {
    const columns = (/\(([^)]*)\)/.exec(text)?.[1] ?? '').split(',').map((c) => c.trim());
    const selectList = topLevelItems(text.slice(text.indexOf(') SELECT ') + ') SELECT '.length));
    const row: TrackerRow = {};
    let b = 0;
    columns.forEach((column, i) => {
      const expr = selectList[i] as string;
      if (expr === '?') row[column] = binds[b++];
      else if (expr === 'PARSE_JSON(?)') row[column] = JSON.parse(String(binds[b++]));
      else if (expr === 'CURRENT_TIMESTAMP()') row[column] = this.nowMs;
      else if (expr === 'CURRENT_USER()') row[column] = this.user;
      else if (expr === "PARSE_JSON('[]')") row[column] = [];
      else if (/^DATEADD\(millisecond, \d+, CURRENT_TIMESTAMP\(\)\)$/.test(expr))
        row[column] = this.nowMs + Number(/\d+/.exec(expr)?.[0]);
      else if (/^'[^']*'$/.test(expr)) row[column] = expr.slice(1, -1);
      else throw new Error(`FakeSnowflake: unknown INSERT expression ${expr}`);
    });
    if (this.tracker.has(String(row.PIPELINE_ID))) throw new Error('duplicate PIPELINE_ID');
    this.tracker.set(String(row.PIPELINE_ID), row);
    return { rows: [], affected: 1 };
  }

  private show(plural: string, pattern: string, scope: string | undefined): Executed {
    const kind = SHOW_KIND[plural] as string;
    const prefix = scope === undefined ? `${kind}:` : `${kind}:${splitParts(scope).join('.')}.`;
    const like = likeToRegExp(pattern);
    const rows: Record<string, unknown>[] = [];
    for (const key of this.objects) {
      if (!key.startsWith(prefix)) continue;
      const name = key.slice(prefix.length);
      if (!name.includes('.') && like.test(name)) rows.push({ name });
    }
    return { rows, affected: 0 };
  }

  private create(text: string): Executed {
    const parsed = parseStatement(text);
    if (!parsed.ok) throw sqlError(1003, '42000', `SQL compilation error: ${parsed.error.message}`);
    const stmt = parsed.statement;
    const key = this.key(stmt.kind, stmt.name.parts);
    if (this.objects.has(key)) {
      if (stmt.ifNotExists) return { rows: [{ status: 'exists' }], affected: 0 };
      if (!stmt.orReplace && !stmt.orAlter) {
        throw sqlError(
          2002,
          '42710',
          `SQL compilation error:\nObject '${stmt.name.parts.join('.')}' already exists.`,
        );
      }
    }
    this.objects.add(key);
    return { rows: [{ status: 'created' }], affected: 0 };
  }
}

/** Splits a select list on commas outside parentheses and string literals. */
function topLevelItems(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

function resultSet(rows: Record<string, unknown>[], queryId: string): ResultSet {
  let index = -1;
  return {
    next: () => {
      index++;
      return index < rows.length;
    },
    getColumnValue: (column: number | string) => {
      const row = rows[index];
      if (!row) throw new Error('no current row');
      if (typeof column === 'number') return Object.values(row)[column - 1];
      if (!(column in row)) throw new Error(`no column ${column}`);
      return row[column];
    },
    getColumnCount: () => Object.keys(rows[0] ?? {}).length,
    getQueryId: () => queryId,
  };
}
