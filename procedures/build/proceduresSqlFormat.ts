/**
 * The text format of sql/procedures.sql, shared by the generator (bundle.ts) and the reader the embedded warehouse
 * uses (parseProceduresSql). Pure: no esbuild, no file system, so the warehouse can import it at run time.
 */
import { RESERVED_WORDS } from '../sql/reserved.js';

export interface ProcedureSignatureArg {
  name: string;
  sqlType: string;
  hasDefault: boolean;
}

export interface ParsedProcedure {
  name: string;
  args: ProcedureSignatureArg[];
  /** The JavaScript between `$$` and `$$`, without the surrounding newlines. */
  body: string;
  /** EXECUTE AS OWNER (the privilege boundary) or EXECUTE AS CALLER (the caller's own privileges). */
  rights: 'OWNER' | 'CALLER';
}

/**
 * A reserved word (DATABASE, SCHEMA…) cannot be an unquoted argument name, so it is double-quoted; being upper
 * case already, the JavaScript variable keeps the same name.
 */
export function renderArg(arg: ProcedureSignatureArg): string {
  const name = RESERVED_WORDS.has(arg.name) ? `"${arg.name}"` : arg.name;
  return `${name} ${arg.sqlType}${arg.hasDefault ? ' DEFAULT NULL' : ''}`;
}

/** One CREATE PROCEDURE statement; the body must not contain `$$` (checked by the caller). */
export function renderProcedure(proc: ParsedProcedure): string {
  const args = proc.args.length === 0 ? '' : `\n  ${proc.args.map(renderArg).join(',\n  ')}\n`;
  return `CREATE OR REPLACE PROCEDURE ${proc.name}(${args})\nRETURNS VARIANT\nLANGUAGE JAVASCRIPT\nEXECUTE AS ${proc.rights}\nAS $$\n${proc.body}\n$$;\n`;
}

export class ProceduresSqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProceduresSqlError';
  }
}

/** Splits on top-level commas (types such as NUMBER(38,0) keep theirs). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

const HEAD = /CREATE\s+OR\s+REPLACE\s+PROCEDURE\s+([A-Za-z_][A-Za-z0-9_$]*)\s*\(/gi;
const TAIL = /^\s*RETURNS\s+VARIANT\s+LANGUAGE\s+JAVASCRIPT\s+EXECUTE\s+AS\s+(OWNER|CALLER)\s+AS\s+\$\$\n?/i;
const ARG =
  /^"?([A-Za-z_][A-Za-z0-9_$]*)"?\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*\([0-9,\s]*\))?)(\s+DEFAULT\s+NULL)?$/i;

/** Reads the procedures of a file written by renderProceduresSql (comments between statements are ignored). */
export function parseProceduresSql(text: string): ParsedProcedure[] {
  const procedures: ParsedProcedure[] = [];
  HEAD.lastIndex = 0;
  let position = 0;
  for (;;) {
    HEAD.lastIndex = position;
    const head = HEAD.exec(text);
    if (!head) break;
    const name = (head[1] as string).toUpperCase();
    // The argument list ends at the parenthesis that closes the one after the name.
    let depth = 1;
    let i = HEAD.lastIndex;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    if (depth !== 0) throw new ProceduresSqlError(`${name}: unterminated argument list`);
    const args = splitArgs(text.slice(HEAD.lastIndex, i - 1)).map((raw) => {
      const m = ARG.exec(raw);
      if (!m) throw new ProceduresSqlError(`${name}: cannot read argument "${raw}"`);
      return {
        name: (m[1] as string).toUpperCase(),
        sqlType: (m[2] as string).toUpperCase(),
        hasDefault: m[3] !== undefined,
      };
    });
    const tail = TAIL.exec(text.slice(i));
    if (!tail)
      throw new ProceduresSqlError(
        `${name}: expected RETURNS VARIANT LANGUAGE JAVASCRIPT EXECUTE AS OWNER|CALLER AS $$`,
      );
    const bodyStart = i + tail[0].length;
    const bodyEnd = text.indexOf('$$', bodyStart);
    if (bodyEnd < 0) throw new ProceduresSqlError(`${name}: body is not closed by $$`);
    const body = text.slice(bodyStart, bodyEnd).replace(/\n$/, '');
    procedures.push({ name, args, body, rights: (tail[1] as string).toUpperCase() as 'OWNER' | 'CALLER' });
    position = bodyEnd + 2;
  }
  return procedures;
}
