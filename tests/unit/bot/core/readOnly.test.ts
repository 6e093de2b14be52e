import { describe, expect, it } from 'vitest';
import { assertReadOnly } from '../../../../bot/core/readOnly.js';

const TABLE = 'LEILA_APP.PUBLIC.ORDERS_EXT';

describe('read-only guard for checks', () => {
  it('allows the statements the checks use', () => {
    for (const sql of [
      'LIST @LEILA_APP.PUBLIC.ORDERS_STAGE',
      `SELECT * FROM ${TABLE} LIMIT 5`,
      "SHOW EXTERNAL TABLES LIKE 'ORDERS_EXT' IN SCHEMA LEILA_APP.PUBLIC",
      'DESC INTEGRATION ACME_INT',
      "SELECT COLUMN_NAME, TYPE FROM TABLE(INFER_SCHEMA(LOCATION => '@LEILA_APP.PUBLIC.S', FILE_FORMAT => 'LEILA_APP.PUBLIC.F'))",
      "SELECT $1 AS C1 FROM @LEILA_APP.PUBLIC.S (FILE_FORMAT => 'LEILA_APP.PUBLIC.F') LIMIT 3",
      'SELECT * FROM LEILA_APP.PUBLIC."Drop Table" LIMIT 5',
    ]) {
      expect(() => assertReadOnly(sql, [TABLE, 'LEILA_APP.PUBLIC."Drop Table"']), sql).not.toThrow();
    }
  });

  it('refuses writes, second statements, comments and other tables', () => {
    for (const [sql, why] of [
      [`SELECT * FROM ${TABLE}; DROP TABLE X`, /exactly one statement/],
      [`DROP EXTERNAL TABLE ${TABLE}`, /only LIST, SHOW, DESC and SELECT/],
      [`SELECT * FROM ${TABLE} -- x`, /comments/],
      ['SELECT * FROM LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER LIMIT 5', /only read the created table/],
      [`SELECT * FROM ${TABLE} WHERE 1 = (SELECT 1 FROM X) UNION SELECT * FROM Y`, /./],
      ["CALL EXECUTE_DDL_AND_TRACK('P-1')", /only LIST/],
      [`SELECT * FROM ${TABLE} LIMIT 5 /* ; */`, /comments/],
      ['SELECT DELETE FROM T', /DELETE is not allowed/],
    ] as const) {
      expect(() => assertReadOnly(sql, [TABLE]), sql).toThrow(why);
    }
  });

  it('ignores keywords inside literals and quoted names', () => {
    expect(() => assertReadOnly("SHOW STAGES LIKE 'DROP_ME'", [])).not.toThrow();
  });
});
