/**
 * The facts the local agent has gathered in one thread. Kept as plain JSON so a warehouse-backed
 * ThreadStateStore can persist it between turns and replicas.
 */

import type { Provider } from '../../../procedures/schemas/locations.js';

/** The generators' provider names: S3, S3GOV, S3CHINA, GCS, AZURE. */
export type Cloud = Provider;
export type FormatType = 'CSV' | 'JSON' | 'PARQUET' | 'AVRO' | 'ORC';

export interface ColumnFact {
  name: string;
  /** A Snowflake type, or the user's own spelling when the generators' normaliser should judge it. */
  type: string;
  /** True when the type was guessed from the column's name rather than given by the user. */
  inferred: boolean;
  /** The name as the user wrote it when it was not a plain identifier ("Order ID" → ORDER_ID): the field to read. */
  source?: string;
}

export interface PartitionFact {
  /** Partition column derived from a `key=value` path segment (or a date layout). */
  name: string;
  type: string;
  /** 1-based position of the path segment, counted from the stage location. */
  segment: number;
  /** For `key=value` segments: the key, so the value can be cut out of the path. */
  key?: string;
  /** For plain dated folders (`2024/01/15`): the layout, e.g. `YYYY/MM/DD`. */
  layout?: string;
}

export interface CsvFacts {
  delimiter?: string;
  header?: boolean;
  quote?: string;
  nullIf?: string[];
  dateFormat?: string;
  timestampFormat?: string;
}

/** Format options beyond CsvFacts, keyed as the generator's format_options; only what the user said. */
export interface ExtraFormatOptions {
  trim_space?: boolean;
  skip_blank_lines?: boolean;
  encoding?: string;
  escape?: string;
  empty_field_as_null?: boolean;
  error_on_column_count_mismatch?: boolean;
  strip_null_values?: boolean;
  replace_invalid_characters?: boolean;
  allow_duplicate?: boolean;
  time_format?: string;
  /** Lines to skip at the top (a title above the header): implies a header row. */
  skip_header?: number;
}

/** External table settings the user asked for, keyed as the generator's input. */
export interface TableOptions {
  pattern?: string;
  auto_refresh?: boolean;
  refresh_on_create?: boolean;
}

export interface Facts {
  cloud?: Cloud;
  /** Normalised stage URL ending in `/` (`s3://b/p/`, `gcs://b/p/`, `azure://acct.blob.core.windows.net/c/p/`). */
  location?: string;
  /** Bucket and prefix named without a cloud ("bucket acme, prefix raw/orders"); becomes `location` once the cloud is known. */
  bucket?: string;
  prefix?: string;
  format?: FormatType;
  compression?: string;
  /** JSON files holding one outer array rather than one document per line. */
  jsonArray?: boolean;
  csv: CsvFacts;
  /** Optional (absent in state saved before these settings existed). */
  formatOptions?: ExtraFormatOptions;
  tableOptions?: TableOptions;
  columns?: ColumnFact[];
  /**
   * The user asked for the columns to be inferred ("infer the columns", "I don't know the columns"). Without
   * columns the agent infers anyway; this flag also overrides columns given earlier, until new ones are listed.
   */
  inferColumns?: boolean;
  partitions?: PartitionFact[];
  /** Types the user gave for columns that are otherwise inferred ("infer the columns, amount as number(10,2)"). */
  typeOverrides?: Record<string, string>;
  /** Existing objects the user asked to reuse ("use integration acme_int", "use format my_csv"). */
  reuse?: { integration?: string; format?: string };
  /** "replace it": the next plan may replace these kinds of existing objects (CREATE OR REPLACE). */
  replace?: string[];
  /** "partitioned by date" without a visible layout in the path. */
  partitionByDate?: boolean;
  awsRoleArn?: string;
  azureTenantId?: string;
  names: { integration?: string; format?: string; stage?: string; table?: string };
  database?: string;
  schema?: string;
}

/** Which fact the agent asked for last, so a bare answer ("yes", "id, name") can be read in context. */
export type Slot =
  | 'location'
  | 'cloud'
  | 'format'
  | 'awsRoleArn'
  | 'azureTenantId'
  | 'columns'
  | 'header'
  /** CSV without columns: a yes (header row → infer the columns), a no (→ ask for them) or a bare column list. */
  | 'headerOrColumns'
  | 'partitionLayout';

export interface ThreadState {
  facts: Facts;
  pending?: Slot;
  /** How many plans this thread produced; lets the answer say "updated plan". */
  plans: number;
}

function emptyFacts(): Facts {
  return { csv: {}, names: {} };
}

export function emptyState(): ThreadState {
  return { facts: emptyFacts(), plans: 0 };
}

/**
 * Whether this plan is the inference flow's first step (access objects only): no columns are known, or the
 * user asked for them to be inferred. The bot core proposes the table after INFER_SCHEMA reads sample files.
 */
export function infersColumns(facts: Facts): boolean {
  return facts.inferColumns === true || !facts.columns || facts.columns.length === 0;
}

/** CSV whose header row the user did not mention: a header is assumed (stated on the plan, "no header" undoes it). */
export function assumesHeader(facts: Facts): boolean {
  return facts.format === 'CSV' && facts.csv.header === undefined;
}
