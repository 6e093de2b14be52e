/** The parser's hand-over to the rules: the statement's syntax, read but not yet checked. */
import type { ExternalTableColumn, ObjectName, Option, StatementKind } from './ast.js';
import type { Token } from './lexer.js';

/** What the parser hands over: syntax only, nothing checked yet. */
export interface RawStatement {
  kind: StatementKind;
  name: ObjectName;
  nameTok: Token;
  firstTok: Token;
  kindTok: Token | undefined;
  orReplace: boolean;
  orAlter: boolean;
  temporary: boolean;
  ifNotExists: boolean;
  temporaryTok: Token | undefined;
  ifTok: Token | undefined;
  options: Option[];
  columns: ExternalTableColumn[];
  partitionBy: ObjectName[] | undefined;
  partitionByTok: Token | undefined;
  copyGrants: boolean;
  usingTemplate: string | undefined;
  rowAccessPolicy: { policy: ObjectName; on: ObjectName[] } | undefined;
  tags: { name: ObjectName; value: string }[];
  sql: string;
}

/** The fields every statement kind shares, taken from the raw statement. */
export function statementBase(raw: RawStatement) {
  return {
    name: raw.name,
    orReplace: raw.orReplace,
    orAlter: raw.orAlter,
    ifNotExists: raw.ifNotExists,
    temporary: raw.temporary,
    options: raw.options,
    sql: raw.sql,
    line: raw.firstTok.line,
    column: raw.firstTok.column,
    offset: raw.firstTok.offset,
  };
}
