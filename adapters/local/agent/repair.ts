/**
 * When a generator refuses its input, forget the fact it complained about (so the next answer replaces it)
 * and say what to give instead. Issue paths are the generators' input fields (procedures/schemas).
 */

import type { ToolName } from '../../../procedures/names.js';
import type { InputIssue } from '../../../procedures/result.js';
import type { Facts, Slot } from './facts.js';
import { question } from './questions.js';

const NAME_KEY: Record<ToolName, keyof Facts['names']> = {
  GENERATE_STORAGE_INTEGRATION_DDL: 'integration',
  GENERATE_FILE_FORMAT_DDL: 'format',
  GENERATE_EXTERNAL_STAGE_DDL: 'stage',
  GENERATE_EXTERNAL_TABLE_DDL: 'table',
};

const NAME_EXAMPLE: Record<keyof Facts['names'], string> = {
  integration: 'use integration acme_int',
  format: 'name the file format orders_csv',
  stage: 'name the stage raw_stage',
  table: 'call the table orders_ext',
};

interface Repair {
  facts: Facts;
  slot?: Slot;
  ask: string;
}

export function repairFor(tool: ToolName, issues: InputIssue[], prev: Facts): Repair {
  const facts: Facts = structuredClone(prev);
  const field = (issues[0]?.path ?? '').split('.')[0] ?? '';
  switch (field) {
    case 'aws_role_arn':
      delete facts.awsRoleArn;
      return { facts, slot: 'awsRoleArn', ask: question('awsRoleArn', facts) };
    case 'azure_tenant_id':
      delete facts.azureTenantId;
      return { facts, slot: 'azureTenantId', ask: question('azureTenantId', facts) };
    case 'allowed_locations':
    case 'url':
    case 'location':
      delete facts.location;
      delete facts.partitions;
      return { facts, slot: 'location', ask: question('location', facts) };
    case 'name': {
      const key = NAME_KEY[tool];
      delete facts.names[key];
      return { facts, ask: `Give another name, e.g. "${NAME_EXAMPLE[key]}".` };
    }
    case 'storage_integration':
    case 'file_format':
    case 'stage': {
      const key =
        field === 'storage_integration' ? 'integration' : field === 'file_format' ? 'format' : 'stage';
      delete facts.names[key];
      return { facts, ask: `Give another name, e.g. "${NAME_EXAMPLE[key]}".` };
    }
    case 'database_name':
    case 'schema_name':
      delete facts.database;
      delete facts.schema;
      return {
        facts,
        ask: 'Which database and schema should hold the objects? e.g. "in database RAW, schema PUBLIC".',
      };
    case 'columns':
      return {
        facts,
        ask: 'Tell me the fix, e.g. "make amount decimal(10,2)", "rename column x to y" or "remove column x".',
      };
    case 'partitions':
      delete facts.partitions;
      delete facts.partitionByDate;
      return {
        facts,
        ask: 'I dropped the partitioning; give an example folder URL with the date layout to add it back.',
      };
    case 'format_options':
      if ((issues[0]?.path ?? '').endsWith('compression')) delete facts.compression;
      return {
        facts,
        ask: 'Tell me the corrected option, e.g. "use | as delimiter" or "it\'s gzip compressed".',
      };
    default:
      return { facts, ask: 'Tell me what to change and I will generate the plan again.' };
  }
}
