/**
 * Snowflake's rules for the four statements, applied to the parsed form: which options belong to which kind and
 * file-format TYPE, required options, mutually exclusive options and allowed values. Rules come from the CREATE
 * reference pages and the invalid cases in tests/fixtures/snowflake-ddl/invalid.json.
 */

import { unsafePathReason, unsafeUrlReason } from '../schemas/locations.js';
import type {
  CreateStatement,
  ExternalTableColumn,
  ExternalTableStatement,
  FileFormatRef,
  FileFormatStatement,
  FormatType,
  ObjectName,
  Option,
  OptionValue,
  StageStatement,
  StatementKind,
  StorageIntegrationStatement,
} from './ast.js';
import { FORMAT_TYPES, findOption } from './ast.js';
import { SqlError, type Token } from './lexer.js';
import {
  BOOLEAN_FORMAT_OPTIONS,
  COMPRESSION_VALUES,
  COPY_OPTIONS,
  ENCODINGS,
  EXTERNAL_TABLE_FORMAT_OPTIONS,
  EXTERNAL_TABLE_OPTIONS,
  EXTERNAL_TABLE_PARQUET_COMPRESSION,
  FILE_FORMAT_OPTIONS,
  INTEGRATION_OPTIONS,
  PROVIDER_SCHEMES,
  PROVIDERS,
  STAGE_CREDENTIALS_OPTIONS,
  STAGE_DIRECTORY_OPTIONS,
  STAGE_ENCRYPTION_OPTIONS,
  STAGE_ENCRYPTION_TYPES,
  STAGE_OPTIONS,
} from './statementOptions.js';

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

type At = { line: number; column: number; offset: number };

function fail(at: At, message: string): never {
  throw new SqlError(message, at.line, at.column, at.offset);
}

const KIND_NAME: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'a storage integration',
  FILE_FORMAT: 'a file format',
  STAGE: 'a stage',
  EXTERNAL_TABLE: 'an external table',
};

function describeValue(v: OptionValue): string {
  switch (v.type) {
    case 'string':
      return `'${v.value}'`;
    case 'number':
      return v.raw;
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'keyword':
      return v.value;
    case 'identifier':
      return v.name.text;
    case 'stage':
      return v.raw;
    case 'list':
      return 'a list';
    default:
      return 'an option list';
  }
}

/** A value written either as a bare keyword or a quoted string, upper-cased (e.g. TYPE = 'csv'). */
function wordOrString(v: OptionValue): string | undefined {
  if (v.type === 'keyword') return v.value;
  if (v.type === 'string') return v.value.toUpperCase();
  if (v.type === 'identifier' && v.name.parts.length === 1) return v.name.parts[0]!.toUpperCase();
  return undefined;
}

function requireBoolean(o: Option): boolean {
  if (o.value.type !== 'boolean') fail(o, `${o.key} must be TRUE or FALSE, not ${describeValue(o.value)}`);
  return o.value.value;
}

function requireString(o: Option, allowEmpty = false): string {
  if (o.value.type !== 'string') fail(o, `${o.key} must be a quoted string, not ${describeValue(o.value)}`);
  if (!allowEmpty && o.value.value.trim() === '') fail(o, `${o.key} must not be empty`);
  return o.value.value;
}

function requireStringList(o: Option): string[] {
  if (o.value.type !== 'list') fail(o, `${o.key} must be a list of quoted strings, e.g. ('a', 'b')`);
  return o.value.items.map((item) => {
    if (item.type !== 'string')
      fail(o, `${o.key} must contain quoted strings only, not ${describeValue(item)}`);
    return item.value;
  });
}

function isTrue(o: Option | undefined): boolean {
  return !!o && o.value.type === 'boolean' && o.value.value;
}

/** Resolves a FORMAT_NAME / STORAGE_INTEGRATION value (bare, quoted, qualified, or a string naming one). */
function nameValue(o: Option): ObjectName {
  const v = o.value;
  if (v.type === 'identifier') return v.name;
  if (v.type === 'keyword') return { parts: [v.value], quoted: [false], text: v.value };
  if (v.type === 'string') {
    if (v.value.trim() === '') fail(o, `${o.key} must not be empty`);
    return nameFromString(v.value);
  }
  fail(o, `${o.key} must be an object name, not ${describeValue(v)}`);
}

/** 'db.sch.fmt' → parts, honouring "quoted" parts; used where Snowflake takes a name inside a string. */
function nameFromString(s: string): ObjectName {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = '';
      let j = i + 1;
      while (j < s.length) {
        if (s[j] === '"' && s[j + 1] === '"') {
          v += '"';
          j += 2;
        } else if (s[j] === '"') break;
        else v += s[j++];
      }
      parts.push(v);
      quoted.push(true);
      i = j + 1;
    } else {
      let j = s.indexOf('.', i);
      if (j < 0) j = s.length;
      parts.push(s.slice(i, j).trim().toUpperCase());
      quoted.push(false);
      i = j;
    }
    if (s[i] === '.') i++;
    else break;
  }
  return { parts, quoted, text: s };
}

function checkKeys(
  options: Option[],
  allowed: readonly string[],
  what: string,
  hint?: (key: string) => string,
): void {
  for (const o of options) {
    if (allowed.indexOf(o.key) < 0)
      fail(o, `Option ${o.key} is not valid for ${what}${hint ? hint(o.key) : ''}`);
  }
}

function checkHeader(raw: RawStatement): void {
  if (raw.orReplace && raw.ifNotExists)
    fail(raw.ifTok!, 'OR REPLACE and IF NOT EXISTS cannot be used together');
  if (raw.orAlter && raw.ifNotExists)
    fail(raw.ifTok!, 'CREATE OR ALTER cannot be combined with IF NOT EXISTS');
  if (raw.temporary && (raw.kind === 'STORAGE_INTEGRATION' || raw.kind === 'EXTERNAL_TABLE'))
    fail(raw.temporaryTok!, `TEMPORARY is not valid for ${KIND_NAME[raw.kind]}`);
  if (raw.orAlter && (raw.kind === 'STORAGE_INTEGRATION' || raw.kind === 'EXTERNAL_TABLE'))
    fail(raw.firstTok, `CREATE OR ALTER is not available for ${KIND_NAME[raw.kind]}`);
}

function base(raw: RawStatement) {
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

// ---------------------------------------------------------------------------------------------------------------
// File format options (CREATE FILE FORMAT, stage FILE_FORMAT = ( … ), external table FILE_FORMAT = ( … ))

type FormatContext = 'fileFormat' | 'stage' | 'externalTable';

function formatType(o: Option, context: FormatContext): FormatType {
  const t = wordOrString(o.value);
  if (t === undefined || (FORMAT_TYPES as readonly string[]).indexOf(t) < 0)
    fail(
      o,
      `TYPE ${describeValue(o.value)} is not a file format type (CSV, JSON, AVRO, ORC, PARQUET or XML)`,
    );
  if (t === 'XML' && context === 'externalTable')
    fail(o, 'External tables cannot read XML files (TYPE = XML)');
  return t as FormatType;
}

function charValue(o: Option, allowNone: boolean): string | undefined {
  const v = o.value;
  if (v.type === 'string') return v.value;
  if (v.type === 'number' && /^0x/i.test(v.raw)) return String.fromCharCode(v.value);
  if (allowNone && v.type === 'keyword' && v.value === 'NONE') return undefined;
  fail(o, `${o.key} must be a quoted string${allowNone ? ' or NONE' : ''}, not ${describeValue(v)}`);
}

function checkFormatValue(o: Option, type: FormatType, context: FormatContext): void {
  const key = o.key;
  if (BOOLEAN_FORMAT_OPTIONS.indexOf(key) >= 0) {
    requireBoolean(o);
    return;
  }
  switch (key) {
    case 'COMPRESSION': {
      const c = wordOrString(o.value);
      const allowed =
        context === 'externalTable' && type === 'PARQUET'
          ? EXTERNAL_TABLE_PARQUET_COMPRESSION
          : COMPRESSION_VALUES[type];
      if (c === undefined || allowed.indexOf(c) < 0)
        fail(o, `COMPRESSION ${describeValue(o.value)} is not valid for ${type} (use ${allowed.join(', ')})`);
      return;
    }
    case 'RECORD_DELIMITER':
    case 'FIELD_DELIMITER': {
      const d = charValue(o, true);
      if (d !== undefined && d.length === 0) fail(o, `${key} must not be empty (use NONE)`);
      if (d !== undefined && d.length > 20) fail(o, `${key} is limited to 20 characters`);
      return;
    }
    case 'ESCAPE':
    case 'ESCAPE_UNENCLOSED_FIELD':
      charValue(o, true);
      return;
    case 'FIELD_OPTIONALLY_ENCLOSED_BY': {
      const q = charValue(o, true);
      if (q !== undefined && q !== '"' && q !== "'")
        fail(
          o,
          `FIELD_OPTIONALLY_ENCLOSED_BY must be NONE, a single quote or a double quote, not ${describeValue(o.value)}`,
        );
      return;
    }
    case 'SKIP_HEADER':
      if (o.value.type !== 'number' || !Number.isInteger(o.value.value) || o.value.value < 0)
        fail(o, `SKIP_HEADER must be a whole number of lines, not ${describeValue(o.value)}`);
      return;
    case 'DATE_FORMAT':
    case 'TIME_FORMAT':
    case 'TIMESTAMP_FORMAT':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'AUTO')))
        fail(o, `${key} must be a quoted format string or AUTO, not ${describeValue(o.value)}`);
      return;
    case 'BINARY_FORMAT': {
      const b = wordOrString(o.value);
      if (b === undefined || ['HEX', 'BASE64', 'UTF8'].indexOf(b) < 0)
        fail(o, `BINARY_FORMAT must be HEX, BASE64 or UTF8, not ${describeValue(o.value)}`);
      return;
    }
    case 'NULL_IF':
      requireStringList(o);
      return;
    case 'FILE_EXTENSION':
      if (!(o.value.type === 'string' || (o.value.type === 'keyword' && o.value.value === 'NONE')))
        fail(o, `FILE_EXTENSION must be a quoted string or NONE, not ${describeValue(o.value)}`);
      return;
    case 'ENCODING': {
      const e = wordOrString(o.value);
      const norm = e === undefined ? '' : e.replace(/[-_]/g, '');
      if (ENCODINGS.indexOf(norm) < 0)
        fail(o, `ENCODING ${describeValue(o.value)} is not a supported character set`);
      return;
    }
  }
}

const TYPE_ARTICLE: Record<FormatType, string> = {
  CSV: 'a CSV',
  JSON: 'a JSON',
  AVRO: 'an AVRO',
  ORC: 'an ORC',
  PARQUET: 'a PARQUET',
  XML: 'an XML',
};

/** Checks format-type options (TYPE and COMMENT excluded) against the type and the context. */
function checkFormatOptions(options: Option[], type: FormatType, context: FormatContext): void {
  const allowed =
    context === 'externalTable'
      ? EXTERNAL_TABLE_FORMAT_OPTIONS[type as Exclude<FormatType, 'XML'>]
      : FILE_FORMAT_OPTIONS[type];
  for (const o of options) {
    if (o.key === 'TYPE' || (o.key === 'COMMENT' && context === 'fileFormat')) continue;
    if (allowed.indexOf(o.key) < 0) {
      if (context === 'externalTable') {
        if (o.key === 'PARSE_HEADER') fail(o, 'PARSE_HEADER is not supported for external tables');
        if (FILE_FORMAT_OPTIONS[type].indexOf(o.key) >= 0)
          fail(o, `Option ${o.key} is not supported in an external table's ${type} file format`);
      }
      const known = FORMAT_TYPES.some((t) => FILE_FORMAT_OPTIONS[t].indexOf(o.key) >= 0);
      if (known) fail(o, `Option ${o.key} is not valid for ${TYPE_ARTICLE[type]} file format`);
      fail(o, `Unknown file format option ${o.key}`);
    }
    checkFormatValue(o, type, context);
  }
  const parseHeader = findOption(options, 'PARSE_HEADER');
  const skipHeader = findOption(options, 'SKIP_HEADER');
  if (isTrue(parseHeader) && skipHeader)
    fail(skipHeader, 'SKIP_HEADER cannot be used with PARSE_HEADER = TRUE');
  const ignoreUtf8 = findOption(options, 'IGNORE_UTF8_ERRORS');
  const replaceInvalid = findOption(options, 'REPLACE_INVALID_CHARACTERS');
  if (isTrue(ignoreUtf8) && isTrue(replaceInvalid))
    fail(
      ignoreUtf8!,
      'IGNORE_UTF8_ERRORS = TRUE and REPLACE_INVALID_CHARACTERS = TRUE cannot be used together',
    );
  const compression = findOption(options, 'COMPRESSION');
  const snappy = findOption(options, 'SNAPPY_COMPRESSION');
  if (compression && isTrue(snappy))
    fail(snappy!, 'SNAPPY_COMPRESSION = TRUE cannot be used together with COMPRESSION');
  const field = findOption(options, 'FIELD_DELIMITER');
  const record = findOption(options, 'RECORD_DELIMITER');
  if (field && record) {
    const f = charValue(field, true);
    const r = charValue(record, true);
    if (f !== undefined && r !== undefined && (f.indexOf(r) >= 0 || r.indexOf(f) >= 0))
      fail(record, 'FIELD_DELIMITER and RECORD_DELIMITER cannot be substrings of each other');
  }
}

/** FILE_FORMAT = name | ( FORMAT_NAME = … ) | ( TYPE = … options ) of a stage or external table. */
function fileFormatRef(o: Option, context: 'stage' | 'externalTable'): FileFormatRef {
  const v = o.value;
  if (v.type === 'identifier' || v.type === 'keyword' || v.type === 'string') {
    return { form: 'name', name: nameValue(o) };
  }
  if (v.type === 'list' && v.items.length === 0) {
    if (context === 'externalTable') fail(o, 'FILE_FORMAT = ( ) needs FORMAT_NAME or TYPE');
    return { form: 'inline', type: 'CSV', options: [] };
  }
  if (v.type !== 'options') fail(o, `FILE_FORMAT must be a format name or ( FORMAT_NAME = … | TYPE = … )`);
  const inner = v.options;
  const formatName = findOption(inner, 'FORMAT_NAME');
  const typeOpt = findOption(inner, 'TYPE');
  if (formatName && typeOpt) fail(typeOpt, 'FORMAT_NAME and TYPE cannot be used together in FILE_FORMAT');
  if (formatName) {
    const extra = inner.find((x) => x.key !== 'FORMAT_NAME');
    if (extra) fail(extra, `Option ${extra.key} cannot be combined with FORMAT_NAME in FILE_FORMAT`);
    return { form: 'formatName', name: nameValue(formatName) };
  }
  if (!typeOpt && context === 'externalTable') fail(o, 'FILE_FORMAT needs FORMAT_NAME or TYPE');
  const type = typeOpt ? formatType(typeOpt, context) : 'CSV';
  checkFormatOptions(inner, type, context);
  return { form: 'inline', type, options: inner };
}

// ---------------------------------------------------------------------------------------------------------------

function locationList(o: Option, provider: string): string[] {
  const list = requireStringList(o);
  if (list.length === 0) fail(o, `${o.key} must list at least one location`);
  const schemes = PROVIDER_SCHEMES[provider] ?? [];
  for (const loc of list) {
    if (loc.trim() === '') fail(o, `${o.key} contains an empty location`);
    if (loc.indexOf('://') !== loc.lastIndexOf('://') && loc.indexOf(',') >= 0)
      fail(
        o,
        `${o.key} must quote each location separately: ('s3://a/', 's3://b/'), not one string with commas`,
      );
    const unsafe = unsafeUrlReason(loc);
    if (unsafe && loc.trim() !== '*') fail(o, `${o.key} location ${loc}: ${unsafe}`);
    const m = /^([A-Za-z][A-Za-z0-9]*):\/\//.exec(loc);
    if (m && schemes.indexOf(m[1]!.toLowerCase()) < 0)
      fail(
        o,
        `${o.key} location ${loc} does not match STORAGE_PROVIDER ${provider} (expected ${schemes.map((s) => `${s}://`).join(' or ')})`,
      );
  }
  return list;
}

function storageIntegration(raw: RawStatement): StorageIntegrationStatement {
  const opts = raw.options;
  checkKeys(opts, INTEGRATION_OPTIONS, 'a storage integration');
  const missing = (key: string, how: string): never =>
    fail(raw.nameTok, `A storage integration needs ${how} (${key} is missing)`);
  const type = findOption(opts, 'TYPE') ?? missing('TYPE', 'TYPE = EXTERNAL_STAGE');
  if (wordOrString(type.value) !== 'EXTERNAL_STAGE')
    fail(type, `TYPE must be EXTERNAL_STAGE, not ${describeValue(type.value)}`);
  const providerOpt =
    findOption(opts, 'STORAGE_PROVIDER') ??
    missing('STORAGE_PROVIDER', "STORAGE_PROVIDER = 'S3' | 'GCS' | 'AZURE'");
  const provider = wordOrString(providerOpt.value);
  if (provider === undefined || PROVIDERS.indexOf(provider) < 0)
    fail(
      providerOpt,
      `STORAGE_PROVIDER ${describeValue(providerOpt.value)} is not one of ${PROVIDERS.join(', ')}`,
    );
  const enabledOpt = findOption(opts, 'ENABLED') ?? missing('ENABLED', 'ENABLED = TRUE | FALSE');
  const enabled = requireBoolean(enabledOpt);
  const allowedOpt =
    findOption(opts, 'STORAGE_ALLOWED_LOCATIONS') ??
    missing('STORAGE_ALLOWED_LOCATIONS', "STORAGE_ALLOWED_LOCATIONS = ('<url>', …)");
  const allowedLocations = locationList(allowedOpt, provider);
  const blockedOpt = findOption(opts, 'STORAGE_BLOCKED_LOCATIONS');
  const blockedLocations = blockedOpt ? locationList(blockedOpt, provider) : [];
  const isS3 = provider === 'S3' || provider === 'S3GOV' || provider === 'S3CHINA';
  for (const o of opts) {
    if (o.key.indexOf('STORAGE_AWS_') === 0 && !isS3)
      fail(o, `Option ${o.key} is only valid for an S3 storage provider, not ${provider}`);
    if (o.key === 'AZURE_TENANT_ID' && provider !== 'AZURE')
      fail(o, `Option AZURE_TENANT_ID is only valid for STORAGE_PROVIDER = 'AZURE'`);
    if (o.key === 'USE_PRIVATELINK_ENDPOINT' && provider === 'GCS')
      fail(o, 'USE_PRIVATELINK_ENDPOINT is not available for GCS');
  }
  if (isS3) {
    const role =
      findOption(opts, 'STORAGE_AWS_ROLE_ARN') ??
      missing('STORAGE_AWS_ROLE_ARN', `STORAGE_AWS_ROLE_ARN for ${provider}`);
    requireString(role);
    const ext = findOption(opts, 'STORAGE_AWS_EXTERNAL_ID');
    if (ext) requireString(ext);
    const acl = findOption(opts, 'STORAGE_AWS_OBJECT_ACL');
    if (acl && requireString(acl) !== 'bucket-owner-full-control')
      fail(acl, "STORAGE_AWS_OBJECT_ACL only accepts 'bucket-owner-full-control'");
  }
  if (provider === 'AZURE')
    requireString(
      findOption(opts, 'AZURE_TENANT_ID') ?? missing('AZURE_TENANT_ID', 'AZURE_TENANT_ID for AZURE'),
    );
  const privatelink = findOption(opts, 'USE_PRIVATELINK_ENDPOINT');
  if (privatelink) requireBoolean(privatelink);
  const comment = findOption(opts, 'COMMENT');
  if (comment) requireString(comment, true);
  return { ...base(raw), kind: 'STORAGE_INTEGRATION', provider, enabled, allowedLocations, blockedLocations };
}

function fileFormat(raw: RawStatement): FileFormatStatement {
  const typeOpt = findOption(raw.options, 'TYPE');
  const type = typeOpt ? formatType(typeOpt, 'fileFormat') : 'CSV';
  checkFormatOptions(raw.options, type, 'fileFormat');
  const comment = findOption(raw.options, 'COMMENT');
  if (comment) requireString(comment, true);
  return { ...base(raw), kind: 'FILE_FORMAT', formatType: type };
}

const DIRECTORY_ONLY = [
  'ENABLE',
  'AUTO_REFRESH',
  'REFRESH_ON_CREATE',
  'NOTIFICATION_INTEGRATION',
  'AWS_SNS_TOPIC',
];

function nested(o: Option): Option[] {
  if (o.value.type === 'options') return o.value.options;
  if (o.value.type === 'list' && o.value.items.length === 0) return [];
  fail(o, `${o.key} must be a parenthesised option list ( KEY = value … )`);
}

function stage(raw: RawStatement): StageStatement {
  const opts = raw.options;
  checkKeys(opts, STAGE_OPTIONS, 'a stage', (k) =>
    DIRECTORY_ONLY.indexOf(k) >= 0 ? ' (it belongs inside DIRECTORY = ( … ))' : '',
  );
  const urlOpt = findOption(opts, 'URL');
  let url: string | undefined;
  if (urlOpt) {
    // A double-quoted URL is read as its text; Snowflake examples in the wild use it.
    if (
      urlOpt.value.type === 'identifier' &&
      urlOpt.value.name.parts.length === 1 &&
      urlOpt.value.name.quoted[0]
    )
      url = urlOpt.value.name.parts[0]!;
    else url = requireString(urlOpt);
    const unsafe = unsafeUrlReason(url);
    if (unsafe) fail(urlOpt, `URL ${url}: ${unsafe}`);
  }
  const integrationOpt = findOption(opts, 'STORAGE_INTEGRATION');
  const credentialsOpt = findOption(opts, 'CREDENTIALS');
  if (integrationOpt && credentialsOpt)
    fail(credentialsOpt, 'STORAGE_INTEGRATION and CREDENTIALS cannot be used together');
  for (const o of [
    integrationOpt,
    credentialsOpt,
    findOption(opts, 'ENCRYPTION'),
    findOption(opts, 'ENDPOINT'),
  ]) {
    if (o && !urlOpt) fail(o, `${o.key} needs URL = '<cloud url>' (an external stage)`);
  }
  const storageIntegration = integrationOpt ? nameValue(integrationOpt) : undefined;
  if (credentialsOpt) {
    const inner = nested(credentialsOpt);
    checkKeys(inner, STAGE_CREDENTIALS_OPTIONS, 'CREDENTIALS');
    for (const o of inner) requireString(o);
    const keyId = findOption(inner, 'AWS_KEY_ID');
    const role = findOption(inner, 'AWS_ROLE');
    const sas = findOption(inner, 'AZURE_SAS_TOKEN');
    if (keyId && role) fail(role, 'AWS_KEY_ID and AWS_ROLE cannot be used together in CREDENTIALS');
    if (keyId && !findOption(inner, 'AWS_SECRET_KEY')) fail(keyId, 'AWS_KEY_ID needs AWS_SECRET_KEY');
    if (sas && (keyId || role)) fail(sas, 'AZURE_SAS_TOKEN cannot be combined with AWS credentials');
  }
  const encryptionOpt = findOption(opts, 'ENCRYPTION');
  if (encryptionOpt) {
    const inner = nested(encryptionOpt);
    checkKeys(inner, STAGE_ENCRYPTION_OPTIONS, 'ENCRYPTION');
    const t = findOption(inner, 'TYPE');
    if (t) {
      const tv = wordOrString(t.value);
      if (tv === undefined || STAGE_ENCRYPTION_TYPES.indexOf(tv) < 0)
        fail(
          t,
          `ENCRYPTION TYPE ${describeValue(t.value)} is not one of ${STAGE_ENCRYPTION_TYPES.join(', ')}`,
        );
    }
    for (const o of inner) if (o.key !== 'TYPE') requireString(o);
  }
  const directoryOpt = findOption(opts, 'DIRECTORY');
  if (directoryOpt) {
    const inner = nested(directoryOpt);
    checkKeys(inner, STAGE_DIRECTORY_OPTIONS, 'DIRECTORY');
    for (const o of inner) {
      if (o.key === 'ENABLE' || o.key === 'AUTO_REFRESH' || o.key === 'REFRESH_ON_CREATE') requireBoolean(o);
      else if (o.key === 'NOTIFICATION_INTEGRATION') nameValue(o);
      else requireString(o);
    }
  }
  const copyOpt = findOption(opts, 'COPY_OPTIONS');
  if (copyOpt) checkKeys(nested(copyOpt), COPY_OPTIONS, 'COPY_OPTIONS');
  const ffOpt = findOption(opts, 'FILE_FORMAT');
  const fileFormatValue = ffOpt ? fileFormatRef(ffOpt, 'stage') : undefined;
  const comment = findOption(opts, 'COMMENT');
  if (comment) requireString(comment, true);
  const endpoint = findOption(opts, 'ENDPOINT');
  if (endpoint) requireString(endpoint);
  const privatelink = findOption(opts, 'USE_PRIVATELINK_ENDPOINT');
  if (privatelink) requireBoolean(privatelink);
  return { ...base(raw), kind: 'STAGE', url, storageIntegration, fileFormat: fileFormatValue };
}

const FILE_NAME_SUFFIX = /\.(csv|tsv|json|ndjson|parquet|avro|orc|xml|txt|gz|bz2|zst|zip)$/i;

function externalTable(raw: RawStatement): ExternalTableStatement {
  const opts = raw.options;
  checkKeys(opts, EXTERNAL_TABLE_OPTIONS, 'an external table');
  const locOpt = findOption(opts, 'LOCATION');
  if (!locOpt) fail(raw.nameTok, 'An external table needs LOCATION = @<stage>[/<path>/]');
  const lv = locOpt.value;
  if (lv.type !== 'stage')
    fail(
      locOpt,
      'LOCATION must be a stage reference like @my_stage/path/ (string literals and variables are not supported)',
    );
  if (lv.stage.parts.length === 0)
    fail(locOpt, 'LOCATION must name an external stage; internal stages (@~, @%table) are not supported');
  if (lv.stage.parts.length > 3) fail(locOpt, 'Too many name parts in the LOCATION stage name');
  const unsafePath = unsafePathReason(lv.path);
  if (unsafePath) fail(locOpt, `LOCATION ${lv.raw}: ${unsafePath}`);
  const lastSegment =
    lv.path
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  if (!lv.path.endsWith('/') && FILE_NAME_SUFFIX.test(lastSegment))
    fail(locOpt, 'LOCATION cannot name a file; point it at a folder and use PATTERN to select files');
  const ffOpt = findOption(opts, 'FILE_FORMAT');
  if (!ffOpt) fail(raw.nameTok, 'An external table needs FILE_FORMAT = ( FORMAT_NAME = … | TYPE = … )');
  const fileFormatValue = fileFormatRef(ffOpt, 'externalTable');
  const bool = (key: string): Option | undefined => {
    const o = findOption(opts, key);
    if (o) requireBoolean(o);
    return o;
  };
  const autoRefresh = bool('AUTO_REFRESH');
  const refreshOnCreate = bool('REFRESH_ON_CREATE');
  for (const key of ['PATTERN', 'AWS_SNS_TOPIC']) {
    const o = findOption(opts, key);
    if (o) requireString(o);
  }
  const integration = findOption(opts, 'INTEGRATION');
  if (integration) nameValue(integration);
  const comment = findOption(opts, 'COMMENT');
  if (comment) requireString(comment, true);
  const tfOpt = findOption(opts, 'TABLE_FORMAT');
  let tableFormat: string | undefined;
  if (tfOpt) {
    tableFormat = wordOrString(tfOpt.value);
    if (tableFormat !== 'DELTA') fail(tfOpt, `TABLE_FORMAT must be DELTA, not ${describeValue(tfOpt.value)}`);
  }
  const ptOpt = findOption(opts, 'PARTITION_TYPE');
  let partitionType: string | undefined;
  if (ptOpt) {
    partitionType = wordOrString(ptOpt.value);
    if (partitionType !== 'USER_SPECIFIED')
      fail(ptOpt, `PARTITION_TYPE must be USER_SPECIFIED, not ${describeValue(ptOpt.value)}`);
    if (isTrue(autoRefresh))
      fail(autoRefresh!, 'AUTO_REFRESH = TRUE is not supported with PARTITION_TYPE = USER_SPECIFIED');
  }
  if (tableFormat === 'DELTA') {
    if (isTrue(autoRefresh)) fail(autoRefresh!, 'A Delta Lake external table needs AUTO_REFRESH = FALSE');
    if (isTrue(refreshOnCreate))
      fail(refreshOnCreate!, 'A Delta Lake external table needs REFRESH_ON_CREATE = FALSE');
    for (const key of ['PATTERN', 'AWS_SNS_TOPIC']) {
      const o = findOption(opts, key);
      if (o) fail(o, `${key} is not supported for a Delta Lake external table`);
    }
    if (fileFormatValue.form === 'inline' && fileFormatValue.type !== 'PARQUET')
      fail(ffOpt, `A Delta Lake external table needs a PARQUET file format, not ${fileFormatValue.type}`);
  }
  const seen = new Map<string, ExternalTableColumn>();
  for (const c of raw.columns) {
    const key = c.name.parts.join('.');
    if (seen.has(key)) fail(c, `Column ${c.name.text} is defined more than once`);
    if (key === 'VALUE') fail(c, 'VALUE is the built-in column of every external table; choose another name');
    seen.set(key, c);
    if (/METADATA\$EXTERNAL_TABLE_PARTITION/i.test(c.expr) && partitionType !== 'USER_SPECIFIED')
      fail(c, 'Columns over METADATA$EXTERNAL_TABLE_PARTITION need PARTITION_TYPE = USER_SPECIFIED');
  }
  const partitionBy = raw.partitionBy ?? [];
  if (raw.usingTemplate === undefined) {
    for (const p of partitionBy) {
      if (p.parts.length !== 1 || !seen.has(p.parts[0]!))
        fail(raw.partitionByTok!, `PARTITION BY names ${p.text}, which is not a column of this table`);
    }
  }
  return {
    ...base(raw),
    kind: 'EXTERNAL_TABLE',
    columns: raw.columns,
    partitionBy,
    location: { stage: lv.stage, path: lv.path },
    fileFormat: fileFormatValue,
    copyGrants: raw.copyGrants,
    partitionType,
    tableFormat,
    usingTemplate: raw.usingTemplate,
    rowAccessPolicy: raw.rowAccessPolicy,
    tags: raw.tags,
  };
}

/** Applies the rules for the statement's kind and returns its typed AST; throws SqlError on the first problem. */
export function buildStatement(raw: RawStatement): CreateStatement {
  checkHeader(raw);
  switch (raw.kind) {
    case 'STORAGE_INTEGRATION':
      return storageIntegration(raw);
    case 'FILE_FORMAT':
      return fileFormat(raw);
    case 'STAGE':
      return stage(raw);
    case 'EXTERNAL_TABLE':
      return externalTable(raw);
  }
}
