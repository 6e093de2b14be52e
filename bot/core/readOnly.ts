/**
 * The second guard: checks after apply and schema inference may run only read-only statements — LIST, SHOW, DESC,
 * and SELECT from the created table, a staged location or INFER_SCHEMA. The core builds these statements itself
 * from validated names; this check makes a mistake there fail closed instead of reaching the warehouse.
 */
const STARTS = /^\s*(LIST|SHOW|DESC|DESCRIBE|SELECT)\b/i;
const WRITES =
  /\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|GRANT|REVOKE|CALL|EXECUTE|USE|TRUNCATE|COPY|PUT|REMOVE|RM|UNDROP|BEGIN|COMMIT|ROLLBACK|SET|UNSET)\b/i;

class ReadOnlyRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyRefusal';
  }
}

/** The statement with string literals and quoted identifiers blanked, so keywords inside them do not count. */
function skeleton(sql: string): string {
  return sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}

/**
 * Throws unless `sql` is one read-only statement; a SELECT must read `FROM` one of `tables`, a stage (`@…`) or
 * `TABLE(INFER_SCHEMA(…))`.
 */
export function assertReadOnly(sql: string, tables: readonly string[] = []): void {
  const bare = skeleton(sql).trim().replace(/;\s*$/, '');
  if (/(--|\/\/|\/\*)/.test(bare)) throw new ReadOnlyRefusal('comments are not allowed in a check');
  if (bare.includes(';')) throw new ReadOnlyRefusal('a check is exactly one statement');
  const start = STARTS.exec(bare);
  if (!start)
    throw new ReadOnlyRefusal(`only LIST, SHOW, DESC and SELECT may run as a check: ${bare.slice(0, 40)}`);
  const write = WRITES.exec(bare);
  if (write) throw new ReadOnlyRefusal(`${write[1]!.toUpperCase()} is not allowed in a check`);
  if (start[1]!.toUpperCase() !== 'SELECT') return;
  if (
    /\b(JOIN|UNION|INTERSECT|EXCEPT|MINUS|WITH)\b/i.test(bare) ||
    (bare.match(/\bFROM\b/gi) ?? []).length !== 1
  )
    throw new ReadOnlyRefusal('a SELECT check reads exactly one source');
  const from = /\bFROM\s+(.+?)(?:\s+(?:LIMIT|WHERE|ORDER|AS)\b|\s*\(|$)/i.exec(bare)?.[1]?.trim();
  if (!from) throw new ReadOnlyRefusal('a SELECT check must read FROM the created table');
  if (from.startsWith('@') || /^TABLE$/i.test(from)) return;
  const wanted = tables.map((t) => skeleton(t).toUpperCase());
  if (!wanted.includes(from.toUpperCase()))
    throw new ReadOnlyRefusal(`a SELECT check may only read the created table, not ${from}`);
}
