import { describe, expect, it } from 'vitest';
import type { PipelineRow } from '../../../bot/core/api.js';
import { integrationFacts, logOf, statementsOf } from '../../../dashboard/executionLog.js';

const base = { DDL_STATEMENTS: [], EXECUTION_LOG: [] } as unknown as PipelineRow;

describe('execution log reading', () => {
  it('reads arrays given as JSON text and ignores what is not an array', () => {
    const row = {
      ...base,
      DDL_STATEMENTS: JSON.stringify([
        { kind: 'STAGE', name: 'S', sql: 'CREATE STAGE S', change: 'exists' },
        'junk',
      ]),
      EXECUTION_LOG: 'not json',
    };
    expect(statementsOf(row)).toEqual([
      { index: 0, kind: 'STAGE', name: 'S', sql: 'CREATE STAGE S', change: 'exists', warnings: [] },
    ]);
    expect(logOf(row)).toEqual([]);
    expect(statementsOf({ ...base, DDL_STATEMENTS: { not: 'an array' } })).toEqual([]);
  });

  it('tells steps, compensation drops, refusals and unknown entries apart', () => {
    const log = logOf({
      ...base,
      EXECUTION_LOG: [
        {
          index: 1,
          kind: 'STAGE',
          name: 'S',
          sql: 'x',
          ms: 4,
          ok: false,
          error: { code: '2002', state: '42710', message: 'exists' },
          query_id: null,
        },
        { action: 'drop', kind: 'FILE_FORMAT', name: 'F', sql: 'DROP …', ok: true },
        { action: 'refuse', reason: 'hash_mismatch', message: 'changed' },
        42,
      ],
    });
    expect(log.map((e) => e.type)).toEqual(['step', 'drop', 'refuse', 'other']);
    expect(log[0]).toMatchObject({
      index: 1,
      ok: false,
      ms: 4,
      error: { code: '2002', state: '42710', message: 'exists' },
    });
    expect(log[3]).toEqual({ type: 'other', json: '42' });
  });

  it('reads the values an integration statement carries', () => {
    const facts = integrationFacts(
      "CREATE STORAGE INTEGRATION I TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::1:role/o''k' STORAGE_ALLOWED_LOCATIONS = ('s3://b/p/')",
    );
    expect(facts).toEqual([
      { label: 'Storage provider', value: 'S3' },
      { label: 'AWS role Snowflake assumes', value: "arn:aws:iam::1:role/o'k" },
      { label: 'Allowed locations', value: "'s3://b/p/'" },
    ]);
  });
});
