/**
 * Snowflake's rules for the four statements, applied to the parsed form: which options belong to which kind and
 * file-format TYPE, required options, mutually exclusive options and allowed values, one module per kind in
 * rules/. Rules come from the CREATE reference pages and the invalid cases in tests/fixtures/snowflake-ddl/invalid.json.
 */
import type { CreateStatement, StatementKind } from './ast.js';
import type { RawStatement } from './rawStatement.js';
import { externalTable } from './rules/externalTableRules.js';
import { fileFormat } from './rules/fileFormatRules.js';
import { fail } from './rules/optionValueRules.js';
import { stage } from './rules/stageRules.js';
import { storageIntegration } from './rules/storageIntegrationRules.js';

const KIND_NAME: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'a storage integration',
  FILE_FORMAT: 'a file format',
  STAGE: 'a stage',
  EXTERNAL_TABLE: 'an external table',
};

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
