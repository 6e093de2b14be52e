/**
 * What is still missing, in a fixed priority order, and the one question that asks for it.
 * Where before what, what before who may read it, then the shape of the rows.
 */
import { type Facts, infersColumns, type Slot } from './facts.js';

export function nextMissing(facts: Facts): Slot | undefined {
  if (!facts.location) return facts.bucket && !facts.cloud ? 'cloud' : 'location';
  if (!facts.format) return 'format';
  // An existing integration brings its own role or tenant.
  const reusing = facts.reuse?.integration !== undefined;
  if (
    !reusing &&
    (facts.cloud === 'S3' || facts.cloud === 'S3GOV' || facts.cloud === 'S3CHINA') &&
    !facts.awsRoleArn
  ) {
    return 'awsRoleArn';
  }
  if (!reusing && facts.cloud === 'AZURE' && !facts.azureTenantId) return 'azureTenantId';
  const inferring = infersColumns(facts);
  // Inference reads CSV column names from the header row: without one, only the user can name them. An unsaid
  // header is assumed and stated on the plan (a wrong guess is one "no header" away), so it is never asked.
  if (facts.format === 'CSV' && inferring && facts.csv.header === false) return 'columns';
  // The first inference plan holds no table, so a partition layout would have nowhere to go yet.
  if (!inferring && facts.partitionByDate && (!facts.partitions || facts.partitions.length === 0)) {
    return 'partitionLayout';
  }
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
    case 'columns': {
      const ask =
        'Which columns do the files have, in order? Give names and, if you know them, types, e.g. id int, name, amount decimal(10,2), created_at timestamp — or paste the header line.';
      return facts.format === 'CSV' && facts.csv.header === false
        ? `Without a header row the column names cannot be read from the files, so I need them. ${ask}`
        : ask;
    }
    case 'header':
      return facts.inferColumns && !facts.columns?.length
        ? 'Inferring the columns reads their names from the header row: does the first line of each file hold the column names? Answer yes or no.'
        : 'Does the first line of each file hold the column names (a header row)? Answer yes or no.';
    case 'headerOrColumns':
      return 'Does the first line of each file hold the column names (a header row)? If yes, I can infer the columns: I propose the access objects first and, once they are approved, the bot reads a few sample files and proposes the table. If not, list the columns in order, e.g. id int, name, amount decimal(10,2), created_at timestamp.';
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
  '• the columns, e.g. "columns id int, name, amount decimal(10,2)" — or say "infer the columns": I propose the access objects first, and after approval the bot reads a few sample files and proposes the table (CSV needs a header row for that)',
  'Example: "CSV files with a header row in s3://acme/raw/orders/, role arn:aws:iam::123456789012:role/snowflake-access, columns id, customer_id, amount, order_date". Say "start over" at any time.',
].join('\n');
