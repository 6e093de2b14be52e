/** Snowflake data types, date/time formats and date parts → their DuckDB spelling. */

import type { Token } from './sqlLexer.js';
import { TranslateError } from './tokenGroups.js';

/** Snowflake data type (normalized text such as `NUMBER(38,2)` or tokens) → DuckDB type. */
export function mapType(typeText: string): string {
  const m = /^([A-Z_0-9 ]+?)\s*(?:\(\s*([^)]*)\))?$/.exec(typeText.trim().toUpperCase());
  if (!m) return typeText;
  const base = (m[1] ?? '').trim();
  const args = (m[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  switch (base) {
    case 'NUMBER':
    case 'NUMERIC':
    case 'DECIMAL': {
      const p = Math.min(Number(args[0] ?? 38), 38);
      const s = Number(args[1] ?? 0);
      return `DECIMAL(${p},${s})`;
    }
    case 'INT':
    case 'INTEGER':
    case 'BIGINT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BYTEINT':
      return 'DECIMAL(38,0)';
    case 'FLOAT':
    case 'FLOAT4':
    case 'FLOAT8':
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'REAL':
      return 'DOUBLE';
    case 'VARCHAR':
    case 'STRING':
    case 'TEXT':
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
    case 'NVARCHAR':
    case 'NVARCHAR2':
    case 'CHAR VARYING':
    case 'GEOGRAPHY':
    case 'GEOMETRY':
      return 'VARCHAR';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME';
    case 'DATETIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
      return 'TIMESTAMP';
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return 'TIMESTAMPTZ';
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
      return 'JSON';
    case 'BINARY':
    case 'VARBINARY':
      return 'BLOB';
    default:
      return base + (args.length > 0 ? `(${args.join(',')})` : '');
  }
}

/** Snowflake date/time format (`YYYY-MM-DD HH24:MI:SS`) → strptime format. */
export function mapDateFormat(fmt: string): string {
  const map: Record<string, string> = {
    YYYY: '%Y',
    YY: '%y',
    MMMM: '%B',
    MON: '%b',
    MM: '%m',
    DD: '%d',
    DY: '%a',
    HH24: '%H',
    HH12: '%I',
    HH: '%H',
    MI: '%M',
    SS: '%S',
    AM: '%p',
    PM: '%p',
    'TZH:TZM': '%z',
  };
  return fmt.replace(/YYYY|YY|MMMM|MON|MM|DD|DY|HH24|HH12|HH|MI|SS|FF[0-9]?|AM|PM|TZH:TZM/gi, (t) => {
    const u = t.toUpperCase();
    if (u.startsWith('FF')) return '%f';
    return map[u] ?? t;
  });
}

const DATE_PARTS: Record<string, string> = {
  YEAR: 'YEAR',
  YEARS: 'YEAR',
  Y: 'YEAR',
  YY: 'YEAR',
  YYYY: 'YEAR',
  MONTH: 'MONTH',
  MONTHS: 'MONTH',
  MM: 'MONTH',
  MON: 'MONTH',
  WEEK: 'WEEK',
  WEEKS: 'WEEK',
  W: 'WEEK',
  WK: 'WEEK',
  DAY: 'DAY',
  DAYS: 'DAY',
  D: 'DAY',
  DD: 'DAY',
  HOUR: 'HOUR',
  HOURS: 'HOUR',
  H: 'HOUR',
  HH: 'HOUR',
  MINUTE: 'MINUTE',
  MINUTES: 'MINUTE',
  MI: 'MINUTE',
  MIN: 'MINUTE',
  SECOND: 'SECOND',
  SECONDS: 'SECOND',
  S: 'SECOND',
  SEC: 'SECOND',
  MILLISECOND: 'MILLISECOND',
  MS: 'MILLISECOND',
  MICROSECOND: 'MICROSECOND',
  US: 'MICROSECOND',
};

export function datePart(arg: Token[] | undefined): string {
  const t = arg?.[0];
  const raw = t ? (t.type === 'string' ? t.value : t.value).toUpperCase() : '';
  const part = DATE_PARTS[raw];
  if (!part) throw new TranslateError(`unsupported date part '${raw}'`, t?.offset ?? 0);
  return part;
}
