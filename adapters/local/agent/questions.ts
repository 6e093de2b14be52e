/**
 * What is still missing, in a fixed priority order, and the one question that asks for it.
 * Where before what, what before who may read it, then the shape of the rows.
 */
import type { Facts, Slot } from './facts.js';

export function nextMissing(facts: Facts): Slot | undefined {
  if (!facts.location) return facts.bucket && !facts.cloud ? 'cloud' : 'location';
  if (!facts.format) return 'format';
  if ((facts.cloud === 'S3' || facts.cloud === 'S3GOV' || facts.cloud === 'S3CHINA') && !facts.awsRoleArn) {
    return 'awsRoleArn';
  }
  if (facts.cloud === 'AZURE' && !facts.azureTenantId) return 'azureTenantId';
  if (facts.format === 'CSV' && (!facts.columns || facts.columns.length === 0)) return 'columns';
  if (facts.format === 'CSV' && facts.csv.header === undefined) return 'header';
  if (facts.partitionByDate && (!facts.partitions || facts.partitions.length === 0)) return 'partitionLayout';
  return undefined;
}

const ARN_PARTITION: Record<string, string> = { S3: 'aws', S3GOV: 'aws-us-gov', S3CHINA: 'aws-cn' };

export function question(slot: Slot, facts: Facts): string {
  switch (slot) {
    case 'location':
      return 'Where are the files? Give the folder URL, e.g. s3://my-bucket/path/, gcs://my-bucket/path/ or azure://myaccount.blob.core.windows.net/mycontainer/path/';
    case 'cloud':
      return `Which cloud is bucket ${facts.bucket} on: S3 or GCS?`;
    case 'format':
      return 'What format are the files in: CSV, JSON, Parquet, Avro or ORC?';
    case 'awsRoleArn':
      return `Which IAM role should Snowflake assume? Give its ARN, e.g. arn:${ARN_PARTITION[facts.cloud ?? 'S3'] ?? 'aws'}:iam::123456789012:role/snowflake-access`;
    case 'azureTenantId':
      return 'What is your Azure tenant id? Give the GUID (Microsoft Entra ID → Overview), e.g. 1a2b3c4d-1111-2222-3333-123456789abc';
    case 'columns':
      return 'Which columns do the files have, in order? Give names and, if you know them, types, e.g. id int, name, amount decimal(10,2), created_at timestamp — or paste the header line.';
    case 'header':
      return 'Does the first line of each file hold the column names (a header row)? Answer yes or no.';
    case 'partitionLayout':
      return 'How are the dates laid out in the path? Give an example folder URL, e.g. s3://my-bucket/events/dt=2024-01-01/ or s3://my-bucket/events/2024/01/15/';
  }
}

export const HELP_TEXT = [
  'I turn a description of your files into the four Snowflake objects that read them: a storage integration, a file format, an external stage and an external table. Nothing runs until an approver approves the plan.',
  'Tell me, in any order:',
  '• where the files are — s3://bucket/path/, gcs://bucket/path/ or azure://account.blob.core.windows.net/container/path/',
  '• the format — CSV (with delimiter and header), JSON, Parquet, Avro or ORC',
  '• for S3 the IAM role ARN Snowflake assumes; for Azure your tenant id (GCS needs neither)',
  '• the columns, e.g. "columns id int, name, amount decimal(10,2)" (required for CSV)',
  'Example: "CSV files with a header row in s3://acme/raw/orders/, role arn:aws:iam::123456789012:role/snowflake-access, columns id, customer_id, amount, order_date". Say "start over" at any time.',
].join('\n');
