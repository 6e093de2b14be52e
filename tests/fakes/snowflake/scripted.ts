/**
 * A small stateful stand-in for Snowflake that understands exactly the statement shapes of the warehouse
 * contract suite (tests/contract/warehouseContract.ts): bound SELECT, the tracker's INSERT … SELECT / SELECT /
 * conditional UPDATE, CREATE / SHOW / DESC / DROP of the four kinds, and CALL GENERATE_FILE_FORMAT_DDL through
 * the real generator. It answers the fake Snowflake until the embedded LocalWarehouse can stand behind it;
 * it is not an emulation and refuses anything else with a Snowflake-style error.
 */
import { type ProcedureName, type Warehouse, WarehouseError } from '../../../bot/core/contracts.js';
import { runFileFormat } from '../../../procedures/generators/fileFormat.js';
import { fileFormatArgs } from '../../../procedures/schemas/fileFormat.js';
import { TRACKER_COLUMNS } from '../../../procedures/tracker/columns.js';

type Row = Record<string, unknown>;

const KINDS = {
  'STORAGE INTEGRATION': 'STORAGE INTEGRATIONS',
  'FILE FORMAT': 'FILE FORMATS',
  STAGE: 'STAGES',
  'EXTERNAL TABLE': 'EXTERNAL TABLES',
} as const;
type Kind = keyof typeof KINDS;

const missing = (what: string) =>
  new WarehouseError('002003', `SQL compilation error:\nObject '${what}' does not exist or not authorized.`, {
    sqlState: '02000',
  });
const syntax = (near: string) =>
  new WarehouseError(
    '001003',
    `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${near}'.`,
    {
      sqlState: '42000',
    },
  );

/** Splits on commas outside parentheses and quotes. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

const TIMESTAMP_COLUMNS = new Set<string>(
  TRACKER_COLUMNS.filter((c) => c.type === 'TIMESTAMP_LTZ').map((c) => c.name),
);

export class ScriptedWarehouse implements Warehouse {
  private readonly objects = new Map<Kind, Map<string, { createdOn: Date; sql: string }>>();
  private readonly tracker = new Map<string, Row>();

  constructor(
    private readonly database: string,
    private readonly schema: string,
  ) {
    for (const kind of Object.keys(KINDS) as Kind[]) this.objects.set(kind, new Map());
  }

  async query<T = Row>(sql: string, binds: unknown[] = []): Promise<T[]> {
    return this.run(sql.trim(), [...binds]).rows as T[];
  }

  async execute(sql: string, binds: unknown[] = []): Promise<{ rowsAffected: number }> {
    return { rowsAffected: this.run(sql.trim(), [...binds]).affected };
  }

  async call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    const placeholders = args.map((a) => (a === null || a === undefined ? 'NULL' : '?'));
    const rows = this.run(
      `CALL ${this.database}.${this.schema}.${procedure}(${placeholders.join(', ')})`,
      args.filter((a) => a != null),
    ).rows;
    return rows[0]?.[procedure];
  }

  async close(): Promise<void> {}

  private value(expr: string, binds: unknown[]): unknown {
    const e = expr.trim();
    if (e === '?') return binds.shift();
    if (/^PARSE_JSON\(\?\)$/i.test(e)) {
      const text = binds.shift();
      return typeof text === 'string' ? JSON.parse(text) : text;
    }
    if (/^CURRENT_TIMESTAMP\(\)$/i.test(e)) return new Date();
    if (/^NULL$/i.test(e)) return null;
    const literal = /^'((?:[^']|'')*)'$/.exec(e);
    if (literal) return literal[1]!.replaceAll("''", "'");
    throw syntax(e);
  }

  private store(column: string, value: unknown): unknown {
    return TIMESTAMP_COLUMNS.has(column) && value != null && !(value instanceof Date)
      ? new Date(String(value))
      : value;
  }

  private trackerTable(name: string): boolean {
    const parts = name.split('.').map((p) => p.replaceAll('"', '').toUpperCase());
    return parts.at(-1) === 'DATA_PIPELINE_TRACKER';
  }

  private run(sql: string, binds: unknown[]): { rows: Row[]; affected: number } {
    let m: RegExpExecArray | null = null;
    m = /^SELECT\s+(.+?)(?:\s+FROM\s+(\S+)(?:\s+WHERE\s+PIPELINE_ID\s*=\s*\?)?)?$/is.exec(sql);
    if (m) {
      const [, list, table] = m;
      if (table === undefined) {
        const row: Row = {};
        for (const item of splitTop(list!)) {
          const am = /^(.+?)\s+AS\s+(\w+)$/i.exec(item);
          if (!am) throw syntax(item);
          row[am[2]!.toUpperCase()] = this.value(am[1]!, binds);
        }
        return { rows: [row], affected: 0 };
      }
      if (!this.trackerTable(table)) throw missing(table.toUpperCase());
      const id = binds.shift();
      const found = this.tracker.get(String(id));
      return { rows: found ? [this.project(list!, found)] : [], affected: 0 };
    }
    m = /^INSERT\s+INTO\s+(\S+)\s*\(([^)]*)\)\s*SELECT\s+(.+)$/is.exec(sql);
    if (m) {
      if (!this.trackerTable(m[1]!)) throw missing(m[1]!.toUpperCase());
      const columns = m[2]!.split(',').map((c) => c.trim().toUpperCase());
      const values = splitTop(m[3]!).map((e) => this.value(e, binds));
      const row: Row = Object.fromEntries(TRACKER_COLUMNS.map((c) => [c.name, null]));
      columns.forEach((c, i) => {
        row[c] = this.store(c, values[i]);
      });
      this.tracker.set(String(row.PIPELINE_ID), row);
      return { rows: [], affected: 1 };
    }
    m = /^UPDATE\s+(\S+)\s+SET\s+(.+?)\s+WHERE\s+(.+)$/is.exec(sql);
    if (m) {
      if (!this.trackerTable(m[1]!)) throw missing(m[1]!.toUpperCase());
      const sets = splitTop(m[2]!).map((a) => {
        const [column, expr] = a.split(/\s*=\s*(.*)/s) as [string, string];
        return [column.trim().toUpperCase(), this.value(expr, binds)] as const;
      });
      const conditions = m[3]!.split(/\s+AND\s+/i).map((c) => {
        const cm = /^(\w+)\s*(=|>)\s*(.+)$/.exec(c.trim());
        if (!cm) throw syntax(c);
        return { column: cm[1]!.toUpperCase(), op: cm[2]!, value: this.value(cm[3]!, binds) };
      });
      let affected = 0;
      for (const row of this.tracker.values()) {
        const match = conditions.every(({ column, op, value }) =>
          op === '='
            ? row[column] === value
            : row[column] instanceof Date && (row[column] as Date) > (value as Date),
        );
        if (!match) continue;
        for (const [column, value] of sets) row[column] = this.store(column, value);
        affected++;
      }
      return { rows: [], affected };
    }
    m = /^CREATE\s+(STORAGE INTEGRATION|FILE FORMAT|STAGE|EXTERNAL TABLE)\s+(IF NOT EXISTS\s+)?(\w+)/is.exec(
      sql,
    );
    if (m) {
      const objects = this.objects.get(m[1]!.toUpperCase() as Kind)!;
      const name = m[3]!.toUpperCase();
      if (objects.has(name)) {
        if (m[2]) return { rows: [], affected: 0 };
        throw new WarehouseError('002002', `SQL compilation error:\nObject '${name}' already exists.`, {
          sqlState: '42710',
        });
      }
      objects.set(name, { createdOn: new Date(), sql });
      return { rows: [{ status: `${m[1]} ${name} successfully created.` }], affected: 0 };
    }
    m = /^SHOW\s+(STORAGE INTEGRATIONS|FILE FORMATS|STAGES|EXTERNAL TABLES)\s+LIKE\s+'([^']*)'$/is.exec(sql);
    if (m) {
      const show = m;
      const kind = (Object.keys(KINDS) as Kind[]).find((k) => KINDS[k] === show[1]!.toUpperCase())!;
      const pattern = new RegExp(`^${m[2]!.replaceAll('%', '.*').replaceAll('_', '.')}$`, 'i');
      const rows = [...this.objects.get(kind)!.entries()]
        .filter(([name]) => pattern.test(name))
        .map(([name, o]) => ({
          created_on: o.createdOn,
          name,
          database_name: this.database,
          schema_name: this.schema,
        }));
      return { rows, affected: 0 };
    }
    m = /^DESC(?:RIBE)?\s+STORAGE INTEGRATION\s+(\w+)$/is.exec(sql);
    if (m) {
      const name = m[1]!.toUpperCase();
      if (!this.objects.get('STORAGE INTEGRATION')!.has(name)) throw missing(name);
      const property = (p: string, v: string) => ({
        property: p,
        property_type: 'String',
        property_value: v,
        property_default: '',
      });
      return {
        rows: [
          property('ENABLED', 'true'),
          property('STORAGE_AWS_IAM_USER_ARN', 'arn:aws:iam::000000000000:user/scripted-stand-in'),
          property('STORAGE_AWS_EXTERNAL_ID', 'SCRIPTED_SFCRole=0_stand-in'),
        ],
        affected: 0,
      };
    }
    m = /^DROP\s+(STORAGE INTEGRATION|FILE FORMAT|STAGE|EXTERNAL TABLE)\s+(\w+)$/is.exec(sql);
    if (m) {
      const name = m[2]!.toUpperCase();
      if (!this.objects.get(m[1]!.toUpperCase() as Kind)!.delete(name)) throw missing(name);
      return { rows: [{ status: `${name} successfully dropped.` }], affected: 0 };
    }
    m = /^CALL\s+[\w".]*?\.?(\w+)\((.*)\)$/is.exec(sql);
    if (m) {
      if (m[1]!.toUpperCase() !== 'GENERATE_FILE_FORMAT_DDL') throw missing(m[1]!.toUpperCase());
      const args = splitTop(m[2]!).map((e) => this.value(e, binds));
      const input = Object.fromEntries(
        fileFormatArgs.flatMap((a, i) => (args[i] == null ? [] : [[a.name.toLowerCase(), args[i]]])),
      );
      return { rows: [{ GENERATE_FILE_FORMAT_DDL: runFileFormat(input) }], affected: 0 };
    }
    throw syntax(sql.split(/\s+/)[0] ?? '');
  }

  private project(list: string, row: Row): Row {
    const out: Row = {};
    for (const item of splitTop(list)) {
      const live = /^CASE WHEN (\w+) > CURRENT_TIMESTAMP\(\) THEN 1 ELSE 0 END AS (\w+)$/i.exec(item);
      const equals = /^(\w+) = '([^']*)' AS (\w+)$/i.exec(item);
      if (live) {
        const at = row[live[1]!.toUpperCase()];
        out[live[2]!.toUpperCase()] = at instanceof Date && at > new Date() ? 1 : 0;
      } else if (equals) {
        out[equals[3]!.toUpperCase()] = row[equals[1]!.toUpperCase()] === equals[2];
      } else if (/^\w+$/.test(item)) {
        const column = item.toUpperCase();
        if (!(column in row)) throw missing(column);
        out[column] = row[column];
      } else {
        throw syntax(item);
      }
    }
    return out;
  }
}
