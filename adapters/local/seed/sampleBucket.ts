/**
 * A small sample bucket under DEA_LOCAL_STORAGE so a newcomer's first local pipeline returns rows:
 * CSV with a header, newline-delimited JSON, and Parquet partitioned by date (written with DuckDB COPY).
 * The description (SAMPLE_BUCKET) feeds the docs and the local agent's hints.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { duckString } from '../warehouse/duckQuote.js';

interface SampleDataset {
  /** Cloud URL of the folder, as a stage or allowed location would name it. */
  url: string;
  format: 'CSV' | 'JSON' | 'PARQUET';
  description: string;
  /** Columns as Snowflake sees them: CSV position (c1…) or JSON/Parquet field name. */
  columns: { name: string; type: string; source: string }[];
  rows: number;
  notes: string;
}

export const SAMPLE_BUCKET_URL = 's3://acme-sample/';

export const SAMPLE_BUCKET: readonly SampleDataset[] = [
  {
    url: 's3://acme-sample/orders/',
    format: 'CSV',
    description: 'Orders, one CSV file with a header row (SKIP_HEADER = 1).',
    columns: [
      { name: 'ORDER_ID', type: 'NUMBER', source: 'VALUE:c1' },
      { name: 'CUSTOMER', type: 'VARCHAR', source: 'VALUE:c2' },
      { name: 'AMOUNT', type: 'NUMBER(10,2)', source: 'VALUE:c3' },
      { name: 'ORDER_DATE', type: 'DATE', source: 'VALUE:c4' },
    ],
    rows: 5,
    notes: 'Comma-delimited, header line order_id,customer,amount,order_date.',
  },
  {
    url: 's3://acme-sample/events/',
    format: 'JSON',
    description: 'Click events, newline-delimited JSON, one object per line.',
    columns: [
      { name: 'EVENT_ID', type: 'VARCHAR', source: 'VALUE:"id"' },
      { name: 'KIND', type: 'VARCHAR', source: 'VALUE:"kind"' },
      { name: 'USER_ID', type: 'NUMBER', source: 'VALUE:"user"."id"' },
      { name: 'TS', type: 'TIMESTAMP_NTZ', source: 'VALUE:"ts"' },
    ],
    rows: 4,
    notes: 'Nested field user.id; no outer array.',
  },
  {
    url: 's3://acme-sample/sales/',
    format: 'PARQUET',
    description: 'Daily sales in Parquet, partitioned by folder date=YYYY-MM-DD.',
    columns: [
      { name: 'REGION', type: 'VARCHAR', source: 'VALUE:"region"' },
      { name: 'PRODUCT', type: 'VARCHAR', source: 'VALUE:"product"' },
      { name: 'UNITS', type: 'NUMBER', source: 'VALUE:"units"' },
      {
        name: 'SALE_DATE',
        type: 'DATE',
        source: "TO_DATE(SPLIT_PART(SPLIT_PART(METADATA$FILENAME, '/', 2), '=', 2), 'YYYY-MM-DD')",
      },
    ],
    rows: 6,
    notes: 'Two partitions: sales/date=2026-11-01/ and sales/date=2026-11-02/ (3 rows each).',
  },
];

const ORDERS_CSV = `order_id,customer,amount,order_date
1001,Acme Corp,250.00,2026-11-01
1002,Globex,99.50,2026-11-01
1003,Initech,1200.75,2026-11-02
1004,Umbrella,15.25,2026-11-03
1005,Acme Corp,310.00,2026-11-03
`;

const EVENTS_NDJSON = [
  { id: 'e-1', kind: 'view', user: { id: 7 }, ts: '2026-11-01T09:00:00' },
  { id: 'e-2', kind: 'click', user: { id: 7 }, ts: '2026-11-01T09:00:05' },
  { id: 'e-3', kind: 'view', user: { id: 9 }, ts: '2026-11-02T10:30:00' },
  { id: 'e-4', kind: 'purchase', user: { id: 9 }, ts: '2026-11-02T10:31:12' },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

const SALES: Record<string, [string, string, number][]> = {
  '2026-11-01': [
    ['EMEA', 'widget', 10],
    ['APAC', 'widget', 4],
    ['AMER', 'gadget', 7],
  ],
  '2026-11-02': [
    ['EMEA', 'gadget', 3],
    ['APAC', 'widget', 12],
    ['AMER', 'widget', 5],
  ],
};

/** The folder on disk that stands for SAMPLE_BUCKET_URL in the embedded warehouse's storage. */
export function sampleBucketDir(storageDir: string): string {
  return join(storageDir, 's3', 'acme-sample');
}

/** Writes the sample bucket under `<storageDir>/s3/acme-sample/` unless its files already exist. */
export async function seedSampleBucket(storageDir: string): Promise<{ written: string[] }> {
  const root = sampleBucketDir(storageDir);
  const written: string[] = [];
  const write = (rel: string, content: string): void => {
    const p = join(root, rel);
    if (existsSync(p)) return;
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
    written.push(p);
  };
  write('orders/orders_2026-11.csv', ORDERS_CSV);
  write('events/events_2026-11.json', `${EVENTS_NDJSON}\n`);
  const missing = Object.keys(SALES).filter(
    (d) => !existsSync(join(root, 'sales', `date=${d}`, 'part-0.parquet')),
  );
  if (missing.length > 0) {
    // Loaded only when Parquet files are missing, so a thread that only seeds (or checks) never loads DuckDB.
    const [{ duckdb }, { DUCKDB_OPTIONS }] = await Promise.all([
      import('../warehouse/duckdbModule.js'),
      import('../warehouse/duck.js'),
    ]);
    const instance = await duckdb.DuckDBInstance.create(':memory:', { ...DUCKDB_OPTIONS });
    const conn = await instance.connect();
    try {
      for (const d of missing) {
        const dir = join(root, 'sales', `date=${d}`);
        mkdirSync(dir, { recursive: true });
        const values = (SALES[d] ?? [])
          .map(([r, p, u]) => `(${duckString(r)}, ${duckString(p)}, ${u})`)
          .join(', ');
        const file = join(dir, 'part-0.parquet');
        await conn.run(
          `COPY (SELECT * FROM (VALUES ${values}) AS t(region, product, units)) TO ${duckString(file)} (FORMAT parquet)`,
        );
        written.push(file);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  }
  return { written };
}
