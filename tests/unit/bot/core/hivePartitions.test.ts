import { describe, expect, it } from 'vitest';
import { columnType, hivePartitions, identifierFor } from '../../../../bot/core/inferredColumns.js';

describe('schema inference helpers', () => {
  it('reads key=value folder levels below the stage as typed partitions', () => {
    const files = ['events/year=2024/region=eu/a.json', 'events/year=2025/region=us/b.json'];
    expect(hivePartitions(files, 's3://bucket/events/', new Set())).toEqual([
      { name: 'YEAR', type: 'NUMBER', segment: 1, values: ['2024', '2025'] },
      { name: 'REGION', type: 'VARCHAR', segment: 2, values: ['eu', 'us'] },
    ]);
  });

  it('stops at the first level that is not the same key everywhere, and avoids column-name clashes', () => {
    expect(hivePartitions(['x/dt=2024-01-01/a', 'x/other/b'], 's3://b/x/', new Set())).toEqual([]);
    expect(hivePartitions(['a.csv'], 's3://b/', new Set())).toEqual([]);
    const taken = new Set(['DT']);
    expect(hivePartitions(['x/dt=2024-01-01/a'], 'gcs://b/x/', taken)[0]).toMatchObject({
      name: 'DT_PARTITION',
      type: 'DATE',
    });
  });

  it('makes file field names into plain identifiers and maps INFER_SCHEMA types', () => {
    const taken = new Set<string>();
    expect(['order id', '2024', 'Order Id', '', 'x"; DROP'].map((n) => identifierFor(n, taken))).toEqual([
      'ORDER_ID',
      '_2024',
      'ORDER_ID_2',
      'COLUMN',
      'X_DROP',
    ]);
    expect(
      ['NUMBER(4, 0)', 'TEXT', 'REAL', 'TIMESTAMP_NTZ', 'OBJECT', 'SOMETHING ODD'].map(columnType),
    ).toEqual(['NUMBER(4,0)', 'VARCHAR', 'FLOAT', 'TIMESTAMP_NTZ', 'OBJECT', 'VARIANT']);
  });
});
