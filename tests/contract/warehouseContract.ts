/**
 * The behaviour every Warehouse shares (the embedded LocalWarehouse and SnowflakeWarehouse over the real
 * driver): upper-case columns, typed values, affected-row counts, Snowflake error codes, the four object
 * kinds through CREATE / SHOW / DESC / DROP, the tracker's exactly-once claim and CALL of a generator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Warehouse, WarehouseError } from '../../bot/core/contracts.js';

export interface WarehouseUnderTest {
  warehouse: Warehouse;
  database: string;
  schema: string;
  dispose?: () => Promise<void>;
}

async function expectWarehouseError(promise: Promise<unknown>, code: string): Promise<WarehouseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WarehouseError);
  const we = error as WarehouseError;
  expect(we.code).toBe(code);
  expect(we.message.length).toBeGreaterThan(0);
  return we;
}

const rowNamed = (rows: Record<string, unknown>[], name: string) => rows.find((r) => r.name === name);

export function describeWarehouseContract(label: string, make: () => Promise<WarehouseUnderTest>): void {
  describe(`Warehouse contract: ${label}`, () => {
    let ut: WarehouseUnderTest;
    let wh: Warehouse;
    let tracker: string;
    const suffix = Date.now().toString(36).toUpperCase();
    const pipelineId = `P-CONTRACT-${suffix}`;
    const planHash = 'a'.repeat(64);

    beforeAll(async () => {
      ut = await make();
      wh = ut.warehouse;
      tracker = `${ut.database}.${ut.schema}.DATA_PIPELINE_TRACKER`;
    });
    afterAll(async () => {
      await ut?.warehouse.close();
      await ut?.dispose?.();
    });

    it('returns bound values under UPPER-CASE column names', async () => {
      const rows = await wh.query('SELECT ? AS greeting, ? AS answer', ["it's", 42]);
      expect(rows).toEqual([{ GREETING: "it's", ANSWER: 42 }]);
    });

    it('inserts a tracker row (rowsAffected 1) and reads typed values back', async () => {
      const statements = [{ kind: 'FILE_FORMAT', name: 'F', sql: 'CREATE FILE FORMAT F', change: 'create' }];
      const expiresAt = new Date(Date.now() + 3_600_000);
      const inserted = await wh.execute(
        `INSERT INTO ${tracker} (PIPELINE_ID, CREATED_AT, STATUS, DDL_STATEMENTS, REQUESTED_BY, CHANNEL, PLAN_HASH, EXPIRES_AT, UPDATED_AT) SELECT ?, CURRENT_TIMESTAMP(), 'PROPOSED', PARSE_JSON(?), ?, 'local', ?, ?, CURRENT_TIMESTAMP()`,
        [pipelineId, JSON.stringify(statements), 'local:alice', planHash, expiresAt],
      );
      expect(inserted.rowsAffected).toBe(1);

      const rows = await wh.query(
        `SELECT PIPELINE_ID, STATUS, DDL_STATEMENTS, CREATED_AT, EXPIRES_AT, CASE WHEN EXPIRES_AT > CURRENT_TIMESTAMP() THEN 1 ELSE 0 END AS LIVE, STATUS = 'PROPOSED' AS IS_PROPOSED FROM ${tracker} WHERE PIPELINE_ID = ?`,
        [pipelineId],
      );
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      expect(row.PIPELINE_ID).toBe(pipelineId);
      expect(row.DDL_STATEMENTS).toEqual(statements);
      expect(row.CREATED_AT).toBeInstanceOf(Date);
      expect(row.EXPIRES_AT).toBeInstanceOf(Date);
      expect(Math.abs((row.EXPIRES_AT as Date).getTime() - expiresAt.getTime())).toBeLessThan(1000);
      expect(row.LIVE).toBe(1);
      expect(row.IS_PROPOSED).toBe(true);
    });

    it('claims a PROPOSED row exactly once (UPDATE reports 1, then 0)', async () => {
      const claim = `UPDATE ${tracker} SET STATUS = 'EXECUTING', APPROVED_BY = ?, DECIDED_AT = CURRENT_TIMESTAMP(), UPDATED_AT = CURRENT_TIMESTAMP() WHERE PIPELINE_ID = ? AND STATUS = 'PROPOSED' AND PLAN_HASH = ? AND EXPIRES_AT > CURRENT_TIMESTAMP()`;
      expect(await wh.execute(claim, ['local:bob', pipelineId, planHash])).toEqual({ rowsAffected: 1 });
      expect(await wh.execute(claim, ['local:carol', pipelineId, planHash])).toEqual({ rowsAffected: 0 });
      const rows = await wh.query(`SELECT STATUS, APPROVED_BY FROM ${tracker} WHERE PIPELINE_ID = ?`, [
        pipelineId,
      ]);
      expect(rows).toEqual([{ STATUS: 'EXECUTING', APPROVED_BY: 'local:bob' }]);
    });

    it('fails with 002003 for a missing object and 001003 for a syntax error', async () => {
      await expectWarehouseError(wh.query(`SELECT * FROM NO_SUCH_TABLE_${suffix}`), '002003');
      await expectWarehouseError(wh.query('SELEC 1'), '001003');
    });

    it('creates the four object kinds, shows, describes and drops them', async () => {
      const integration = `CONTRACT_INT_${suffix}`;
      const format = `CONTRACT_CSV_${suffix}`;
      const stage = `CONTRACT_STAGE_${suffix}`;
      const table = `CONTRACT_ORDERS_${suffix}`;
      const url = `s3://contract-bucket-${suffix.toLowerCase()}/orders/`;
      await wh.execute(
        `CREATE STORAGE INTEGRATION IF NOT EXISTS ${integration} TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/contract' STORAGE_ALLOWED_LOCATIONS = ('${url}')`,
      );
      await wh.execute(
        `CREATE FILE FORMAT IF NOT EXISTS ${format} TYPE = CSV FIELD_DELIMITER = ',' SKIP_HEADER = 1`,
      );
      await wh.execute(
        `CREATE STAGE IF NOT EXISTS ${stage} URL = '${url}' STORAGE_INTEGRATION = ${integration} FILE_FORMAT = (FORMAT_NAME = '${format}')`,
      );
      await wh.execute(
        `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (ID NUMBER AS (VALUE:c1::NUMBER), NAME VARCHAR AS (VALUE:c2::VARCHAR)) LOCATION = @${stage}/ AUTO_REFRESH = FALSE FILE_FORMAT = (FORMAT_NAME = '${format}')`,
      );

      expect(
        rowNamed(await wh.query(`SHOW STORAGE INTEGRATIONS LIKE '${integration}'`), integration),
      ).toBeDefined();
      expect(rowNamed(await wh.query(`SHOW FILE FORMATS LIKE '${format}'`), format)).toBeDefined();
      expect(rowNamed(await wh.query(`SHOW STAGES LIKE '${stage}'`), stage)).toBeDefined();
      expect(rowNamed(await wh.query(`SHOW EXTERNAL TABLES LIKE '${table}'`), table)).toBeDefined();

      const properties = (await wh.query(`DESC STORAGE INTEGRATION ${integration}`)).map((r) => r.property);
      expect(properties).toEqual(
        expect.arrayContaining(['STORAGE_AWS_IAM_USER_ARN', 'STORAGE_AWS_EXTERNAL_ID']),
      );

      await expectWarehouseError(wh.execute(`CREATE FILE FORMAT ${format} TYPE = CSV`), '002002');

      await wh.execute(`DROP EXTERNAL TABLE ${table}`);
      await wh.execute(`DROP STAGE ${stage}`);
      await wh.execute(`DROP FILE FORMAT ${format}`);
      await wh.execute(`DROP STORAGE INTEGRATION ${integration}`);
      expect(await wh.query(`SHOW FILE FORMATS LIKE '${format}'`)).toEqual([]);
      await expectWarehouseError(wh.query(`DESC STORAGE INTEGRATION ${integration}`), '002003');
    });

    it('INFER_SCHEMA and staged queries: an empty location has no rows, missing objects are 002003', async () => {
      const integration = `CONTRACT_INFER_INT_${suffix}`;
      const format = `CONTRACT_INFER_JSON_${suffix}`;
      const stage = `CONTRACT_INFER_STAGE_${suffix}`;
      const url = `s3://contract-infer-${suffix.toLowerCase()}/landing/`;
      const qualifiedStage = `${ut.database}.${ut.schema}.${stage}`;
      await wh.execute(
        `CREATE STORAGE INTEGRATION IF NOT EXISTS ${integration} TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/contract' STORAGE_ALLOWED_LOCATIONS = ('${url}')`,
      );
      await wh.execute(`CREATE FILE FORMAT IF NOT EXISTS ${format} TYPE = JSON`);
      await wh.execute(
        `CREATE STAGE IF NOT EXISTS ${stage} URL = '${url}' STORAGE_INTEGRATION = ${integration}`,
      );
      try {
        const inferred = await wh.query(
          `SELECT COLUMN_NAME, TYPE, NULLABLE, EXPRESSION, FILENAMES, ORDER_ID FROM TABLE(INFER_SCHEMA(LOCATION => '@${qualifiedStage}/nothing-here/', FILE_FORMAT => '${ut.database}.${ut.schema}.${format}', MAX_FILE_COUNT => 3))`,
        );
        expect(inferred).toEqual([]);
        expect(
          await wh.query(
            `SELECT $1:id::TEXT AS ID FROM @${qualifiedStage}/nothing-here/ (FILE_FORMAT => '${format}') LIMIT 3`,
          ),
        ).toEqual([]);
        expect(await wh.query(`LIST @${qualifiedStage}/nothing-here/`)).toEqual([]);

        const noFormat = await expectWarehouseError(
          wh.query(
            `SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@${qualifiedStage}/', FILE_FORMAT => 'NO_SUCH_FORMAT_${suffix}'))`,
          ),
          '002003',
        );
        expect(noFormat.message).toContain(`NO_SUCH_FORMAT_${suffix}' does not exist or not authorized.`);
        const noStage = await expectWarehouseError(
          wh.query(`SELECT $1 FROM @NO_SUCH_STAGE_${suffix}/ (FILE_FORMAT => '${format}')`),
          '002003',
        );
        expect(noStage.message).toContain(`NO_SUCH_STAGE_${suffix}' does not exist or not authorized.`);
      } finally {
        await wh.execute(`DROP STAGE IF EXISTS ${stage}`);
        await wh.execute(`DROP FILE FORMAT IF EXISTS ${format}`);
        await wh.execute(`DROP STORAGE INTEGRATION IF EXISTS ${integration}`);
      }
    });

    it('CALLs a generator procedure and gets its VARIANT result parsed', async () => {
      const name = `CONTRACT_CALL_${suffix}_FORMAT`;
      const ok = (await wh.call('GENERATE_FILE_FORMAT_DDL', [
        'CSV',
        name,
        null,
        null,
        null,
        { field_delimiter: '|', skip_header: 1 },
      ])) as Record<string, unknown>;
      expect(ok.ok).toBe(true);
      expect(ok.kind).toBe('FILE_FORMAT');
      expect(String(ok.ddl)).toMatch(new RegExp(`FILE FORMAT[\\s\\S]*${name}`));
      expect(String(ok.ddl)).toContain("FIELD_DELIMITER = '|'");

      const refused = (await wh.call('GENERATE_FILE_FORMAT_DDL', ['NOPE', name])) as Record<string, unknown>;
      expect(refused.ok).toBe(false);
    });
  });
}
