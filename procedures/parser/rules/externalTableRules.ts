/** Snowflake's rules for CREATE EXTERNAL TABLE: LOCATION, FILE_FORMAT, refresh, Delta Lake, partitions and columns. */

import { unsafePathReason } from '../../schemas/locations.js';
import { type ExternalTableColumn, type ExternalTableStatement, findOption, type Option } from '../ast.js';
import { type RawStatement, statementBase } from '../rawStatement.js';
import { EXTERNAL_TABLE_OPTIONS } from '../statementOptions.js';
import { fileFormatRef } from './fileFormatRules.js';
import {
  checkKeys,
  describeValue,
  fail,
  isTrue,
  nameValue,
  requireBoolean,
  requireString,
  wordOrString,
} from './optionValueRules.js';

const FILE_NAME_SUFFIX = /\.(csv|tsv|json|ndjson|parquet|avro|orc|xml|txt|gz|bz2|zst|zip)$/i;

export function externalTable(raw: RawStatement): ExternalTableStatement {
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
    ...statementBase(raw),
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
