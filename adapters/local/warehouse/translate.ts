/**
 * Snowflake SQL → DuckDB SQL, for the statements the bot and the procedures run on ordinary tables and for the
 * virtual-column expressions of external tables. It is a token rewrite, not a full parser: it covers the dialect
 * differences listed in docs/local-warehouse.md (VARIANT paths, `::` casts to Snowflake types, IFF/NVL/DATEADD,
 * PARSE_JSON/TO_JSON, CURRENT_TIMESTAMP(), TO_DATE/TO_TIMESTAMP_* with formats, `:1` binds, db.schema.object
 * names, backslash escapes in strings) and passes the rest through. Unquoted identifiers are upper-cased so result
 * columns are named the way Snowflake names them.
 */
import { duckIdentifier, duckSchemaName, duckString } from './duckQuote.js';
import { isOp, isWord, type Token } from './sqlLexer.js';
import { depthAt, matchParen, splitArgs, TranslateError } from './tokenGroups.js';
import { datePart, mapDateFormat, mapType } from './typeMapping.js';

interface TranslateContext {
  database: string;
  schema: string;
  currentUser: string;
  currentRole: string;
}

const VARIANT_TYPES = new Set(['VARIANT', 'OBJECT', 'ARRAY']);

function renderIdent(t: Token): string {
  if (t.type === 'qident') return duckIdentifier(t.value);
  return /^[A-Z_][A-Z0-9_]*$/.test(t.value) ? t.value : duckIdentifier(t.value);
}

function isExpressionEnd(t: Token | undefined): boolean {
  if (t === undefined) return false;
  return t.type === 'word' || t.type === 'qident' || isOp(t, ')') || isOp(t, ']');
}

export class SnowflakeTranslator {
  constructor(private readonly ctx: TranslateContext) {}

  translate(toks: readonly Token[]): string {
    const out: string[] = [];
    let i = 0;
    while (i < toks.length) i = this.step(toks, i, out);
    return out.join(' ');
  }

  /** Parses a type starting at `i`; returns the DuckDB type and the index after it. */
  readType(toks: readonly Token[], i: number): { type: string; next: number } {
    const t = toks[i];
    if (!t || (t.type !== 'word' && t.type !== 'qident'))
      throw new TranslateError('expected a type', t?.offset ?? 0);
    let text = t.value;
    let next = i + 1;
    if (t.value === 'DOUBLE' && isWord(toks[next], 'PRECISION')) {
      text = 'DOUBLE PRECISION';
      next++;
    }
    if (isOp(toks[next], '(')) {
      const end = matchParen(toks, next);
      text += `(${toks
        .slice(next + 1, end)
        .map((x) => x.text)
        .join('')})`;
      next = end + 1;
    }
    return { type: mapType(text), next };
  }

  private step(toks: readonly Token[], i: number, out: string[]): number {
    const t = toks[i] as Token;
    const prev = toks[i - 1];
    if (t.type === 'word' || t.type === 'qident') return this.chainOrCall(toks, i, out);
    if (t.type === 'string') {
      out.push(duckString(t.value));
      return i + 1;
    }
    if (t.type === 'op') {
      if (t.value === '(') {
        const end = matchParen(toks, i);
        out.push(`(${this.translate(toks.slice(i + 1, end))})`);
        return end + 1;
      }
      if (t.value === '::') {
        const { type, next } = this.readType(toks, i + 1);
        const last = out.pop() ?? '';
        out.push(`${last}::${type}`);
        return next;
      }
      if (t.value === ':' && toks[i + 1]?.type === 'number') {
        out.push(`$${toks[i + 1]?.value}`);
        return i + 2;
      }
      if (t.value === ':' && isExpressionEnd(prev)) return this.path(toks, i, out);
      if (
        t.value === '[' &&
        isExpressionEnd(prev) &&
        toks[i + 1]?.type === 'number' &&
        isOp(toks[i + 2], ']')
      ) {
        // VARIANT array element: `x[0]` → JSON path, so a following `:field` or `::TYPE` composes.
        const castTo = isOp(toks[i + 3], '::') ? toks[i + 4]?.value : undefined;
        const arrow = castTo !== undefined && !VARIANT_TYPES.has(castTo) ? '->>' : '->';
        const base = out.pop() ?? '';
        out.push(`(${base}${arrow}'$[${toks[i + 1]?.value}]')`);
        return i + 3;
      }
    }
    out.push(t.text);
    return i + 1;
  }

  /** `base:a.b[0]` → `(base->'$."a"."b"[0]')`, or `->>` when a cast to a scalar type follows. */
  private path(toks: readonly Token[], i: number, out: string[]): number {
    let j = i + 1;
    let jsonPath = '$';
    const element = (tok: Token | undefined): string | undefined => {
      if (!tok) return undefined;
      if (tok.type === 'qident') return tok.value;
      if (tok.type === 'word') return tok.text;
      return undefined;
    };
    const first = element(toks[j]);
    if (first === undefined)
      throw new TranslateError("expected a path element after ':'", toks[i]?.offset ?? 0);
    jsonPath += `."${first}"`;
    j++;
    for (;;) {
      if (isOp(toks[j], '.') && element(toks[j + 1]) !== undefined) {
        jsonPath += `."${element(toks[j + 1])}"`;
        j += 2;
      } else if (isOp(toks[j], '[') && toks[j + 1]?.type === 'number' && isOp(toks[j + 2], ']')) {
        jsonPath += `[${toks[j + 1]?.value}]`;
        j += 3;
      } else if (isOp(toks[j], '[') && toks[j + 1]?.type === 'string' && isOp(toks[j + 2], ']')) {
        jsonPath += `."${toks[j + 1]?.value}"`;
        j += 3;
      } else break;
    }
    const castTo = isOp(toks[j], '::') ? toks[j + 1]?.value : undefined;
    const arrow = castTo !== undefined && !VARIANT_TYPES.has(castTo) ? '->>' : '->';
    const base = out.pop() ?? '';
    out.push(`(${base}${arrow}${duckString(jsonPath)})`);
    return j;
  }

  private chainOrCall(toks: readonly Token[], i: number, out: string[]): number {
    const parts: Token[] = [toks[i] as Token];
    let j = i + 1;
    while (isOp(toks[j], '.') && (toks[j + 1]?.type === 'word' || toks[j + 1]?.type === 'qident')) {
      parts.push(toks[j + 1] as Token);
      j += 2;
    }
    const head = parts[0] as Token;
    if (parts.length === 1 && head.type === 'word' && isOp(toks[j], '(')) {
      const end = matchParen(toks, j);
      out.push(this.call(head, splitArgs(toks.slice(j + 1, end)), toks.slice(j + 1, end)));
      return end + 1;
    }
    let text: string;
    const resolved = parts.map((p) => (p.type === 'qident' ? p.value : p.value.toUpperCase()));
    if (parts.length === 3) {
      text = `${duckIdentifier(duckSchemaName(resolved[0] as string, resolved[1] as string))}.${renderIdent(parts[2] as Token)}`;
    } else if (parts.length === 2 && resolved[0] === this.ctx.schema && head.type === 'word') {
      text = `${duckIdentifier(duckSchemaName(this.ctx.database, this.ctx.schema))}.${renderIdent(parts[1] as Token)}`;
    } else {
      text = parts.map(renderIdent).join('.');
    }
    if (isOp(toks[j], '.') && isOp(toks[j + 1], '*')) {
      text += '.*';
      j += 2;
    }
    out.push(text);
    return j;
  }

  private call(name: Token, args: Token[][], inner: readonly Token[]): string {
    const a = (k: number): string => this.translate(args[k] ?? []);
    const all = (): string => args.map((x) => this.translate(x)).join(', ');
    const fmt = (k: number): string => {
      const tok = args[k];
      if (tok && tok.length === 1 && tok[0]?.type === 'string')
        return duckString(mapDateFormat(tok[0].value));
      return a(k);
    };
    const empty = args.length === 0 || (args.length === 1 && (args[0] ?? []).length === 0);
    switch (name.value) {
      case 'CAST':
      case 'TRY_CAST': {
        const asAt = inner.findIndex((t, k) => isWord(t, 'AS') && depthAt(inner, k) === 0);
        if (asAt < 0) break;
        const { type } = this.readType(inner, asAt + 1);
        return `${name.value}(${this.translate(inner.slice(0, asAt))} AS ${type})`;
      }
      case 'IFF':
        return `(CASE WHEN ${a(0)} THEN ${a(1)} ELSE ${a(2)} END)`;
      case 'NVL':
      case 'IFNULL':
        return `COALESCE(${all()})`;
      case 'NVL2':
        return `(CASE WHEN ${a(0)} IS NOT NULL THEN ${a(1)} ELSE ${a(2)} END)`;
      case 'DATEADD':
      case 'TIMESTAMPADD':
      case 'TIMEADD':
        return `(${a(2)} + (${a(1)}) * INTERVAL 1 ${datePart(args[0])})`;
      case 'DATEDIFF':
      case 'TIMESTAMPDIFF':
      case 'TIMEDIFF':
        return `DATE_DIFF('${datePart(args[0]).toLowerCase()}', ${a(1)}, ${a(2)})`;
      case 'PARSE_JSON':
        return `json(${a(0)})`;
      case 'TRY_PARSE_JSON':
        return `(CASE WHEN json_valid(${a(0)}) THEN json(${a(0)}) END)`;
      case 'TO_JSON':
        return `CAST(to_json(${a(0)}) AS VARCHAR)`;
      case 'TO_VARIANT':
        return `CAST(to_json(${a(0)}) AS JSON)`;
      case 'TO_VARCHAR':
      case 'TO_CHAR':
        return `CAST(${a(0)} AS VARCHAR)`;
      case 'TO_NUMBER':
      case 'TO_DECIMAL':
      case 'TO_NUMERIC':
        return `CAST(${a(0)} AS DECIMAL(${args[1] ? a(1) : 38},${args[2] ? a(2) : 0}))`;
      case 'TRY_TO_NUMBER':
      case 'TRY_TO_DECIMAL':
        return `TRY_CAST(${a(0)} AS DECIMAL(${args[1] ? a(1) : 38},${args[2] ? a(2) : 0}))`;
      case 'TO_DOUBLE':
        return `CAST(${a(0)} AS DOUBLE)`;
      case 'TO_BOOLEAN':
        return `CAST(${a(0)} AS BOOLEAN)`;
      case 'TO_DATE':
      case 'DATE':
        return args.length > 1 ? `CAST(strptime(${a(0)}, ${fmt(1)}) AS DATE)` : `CAST(${a(0)} AS DATE)`;
      case 'TRY_TO_DATE':
        return args.length > 1
          ? `CAST(try_strptime(${a(0)}, ${fmt(1)}) AS DATE)`
          : `TRY_CAST(${a(0)} AS DATE)`;
      case 'TO_TIMESTAMP':
      case 'TO_TIMESTAMP_NTZ':
        return args.length > 1
          ? `CAST(strptime(${a(0)}, ${fmt(1)}) AS TIMESTAMP)`
          : `CAST(${a(0)} AS TIMESTAMP)`;
      case 'TO_TIMESTAMP_LTZ':
      case 'TO_TIMESTAMP_TZ':
        return args.length > 1
          ? `CAST(strptime(${a(0)}, ${fmt(1)}) AS TIMESTAMPTZ)`
          : `CAST(${a(0)} AS TIMESTAMPTZ)`;
      case 'CURRENT_TIMESTAMP':
      case 'SYSDATE':
      case 'GETDATE':
      case 'LOCALTIMESTAMP':
      case 'SYSTIMESTAMP':
        if (empty) return 'CURRENT_TIMESTAMP';
        break;
      case 'CURRENT_DATE':
        if (empty) return 'CURRENT_DATE';
        break;
      case 'CURRENT_USER':
        return duckString(this.ctx.currentUser);
      case 'CURRENT_ROLE':
        return duckString(this.ctx.currentRole);
      case 'CURRENT_DATABASE':
        return duckString(this.ctx.database);
      case 'CURRENT_SCHEMA':
        return duckString(this.ctx.schema);
      case 'CURRENT_WAREHOUSE':
        return duckString('LOCAL_DUCKDB');
      case 'OBJECT_CONSTRUCT':
        return `json_object(${all()})`;
      case 'ARRAY_CONSTRUCT':
        return `json_array(${all()})`;
      case 'ARRAY_SIZE':
        return `json_array_length(${a(0)})`;
      case 'LISTAGG':
        return `string_agg(${all()})`;
      case 'UUID_STRING':
        return 'CAST(uuid() AS VARCHAR)';
      default:
        break;
    }
    return `${renderIdent(name)}(${all()})`;
  }
}
