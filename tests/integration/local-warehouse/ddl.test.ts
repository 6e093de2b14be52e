import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { errorOf, openTemp, S3_INTEGRATION } from './helpers.js';

let wh: LocalWarehouse;
beforeEach(async () => {
  ({ wh } = await openTemp());
});
afterEach(async () => {
  await wh.close();
});

describe('CREATE / SHOW / DESC / DROP of the four kinds', () => {
  it('creates an integration and reports a clash with 002002 unless OR REPLACE / IF NOT EXISTS', async () => {
    expect(await wh.query(S3_INTEGRATION)).toEqual([{ status: 'Integration S3_INT successfully created.' }]);
    const clash = await errorOf(wh.query(S3_INTEGRATION));
    expect(clash.code).toBe('002002');
    expect(clash.message).toBe("SQL compilation error:\nObject 'S3_INT' already exists.");
    expect(clash.sqlState).toBe('42710');
    const ine = S3_INTEGRATION.replace(
      'STORAGE INTEGRATION S3_INT',
      'STORAGE INTEGRATION IF NOT EXISTS S3_INT',
    );
    expect(await wh.query(ine)).toEqual([{ status: 'S3_INT already exists, statement succeeded.' }]);
    const before = await wh.query<{ property: string; property_value: string }>('DESC INTEGRATION S3_INT');
    await new Promise((r) => setTimeout(r, 5));
    await wh.query(S3_INTEGRATION.replace('CREATE STORAGE', 'CREATE OR REPLACE STORAGE'));
    const after = await wh.query<{ property: string; property_value: string }>('DESC INTEGRATION s3_int');
    const ext = (rows: typeof before) =>
      rows.find((r) => r.property === 'STORAGE_AWS_EXTERNAL_ID')?.property_value;
    expect(ext(after)).not.toBe(ext(before));
  });

  it('DESC INTEGRATION returns marked local stand-ins per provider', async () => {
    await wh.query(S3_INTEGRATION);
    await wh.query(
      `CREATE STORAGE INTEGRATION GCS_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'GCS' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('*')`,
    );
    await wh.query(
      `CREATE STORAGE INTEGRATION AZ_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'AZURE' ENABLED = TRUE AZURE_TENANT_ID = 'a123b456-0000-4000-8000-000000000001' STORAGE_ALLOWED_LOCATIONS = ('azure://acct.blob.core.windows.net/c/')`,
    );
    const props = async (n: string) =>
      Object.fromEntries(
        (await wh.query<{ property: string; property_value: string }>(`DESC INTEGRATION ${n}`)).map((r) => [
          r.property,
          r.property_value,
        ]),
      );
    const s3 = await props('S3_INT');
    expect(s3.STORAGE_AWS_IAM_USER_ARN).toContain('local-emulation');
    expect(s3.STORAGE_AWS_EXTERNAL_ID).toContain('LOCAL_EMULATION');
    expect(s3.STORAGE_AWS_ROLE_ARN).toBe('arn:aws:iam::123456789012:role/dea');
    expect(s3.STORAGE_ALLOWED_LOCATIONS).toBe('s3://acme-sample/');
    expect(s3.ENABLED).toBe('true');
    expect((await props('GCS_INT')).STORAGE_GCP_SERVICE_ACCOUNT).toContain('local-emulation');
    const az = await props('AZ_INT');
    expect(az.AZURE_CONSENT_URL).toContain('local-emulation');
    expect(az.AZURE_MULTI_TENANT_APP_NAME).toContain('local-emulation');
    expect(az.AZURE_TENANT_ID).toBe('a123b456-0000-4000-8000-000000000001');
    const shown = await wh.query('SHOW INTEGRATIONS');
    expect(shown.map((r) => r.name)).toEqual(['AZ_INT', 'GCS_INT', 'S3_INT']);
    expect(shown[0]).toMatchObject({ type: 'EXTERNAL_STAGE', category: 'STORAGE', enabled: true });
    expect((await wh.query(`SHOW STORAGE INTEGRATIONS LIKE 'gcs%'`)).map((r) => r.name)).toEqual(['GCS_INT']);
  });

  it('checks the stage URL against the integration', async () => {
    await wh.query(S3_INTEGRATION);
    const outside = await errorOf(
      wh.query(`CREATE STAGE S1 URL = 's3://other-bucket/x/' STORAGE_INTEGRATION = S3_INT`),
    );
    expect(outside.code).toBe('003120');
    expect(outside.message).toContain(
      "Location 's3://other-bucket/x/' is not allowed by integration 'S3_INT'",
    );
    const blocked = await errorOf(
      wh.query(`CREATE STAGE S1 URL = 's3://acme-sample/private/a/' STORAGE_INTEGRATION = S3_INT`),
    );
    expect(blocked.code).toBe('003120');
    const wrongCloud = await errorOf(
      wh.query(`CREATE STAGE S1 URL = 'gcs://acme-sample/' STORAGE_INTEGRATION = S3_INT`),
    );
    expect(wrongCloud.code).toBe('003121');
    const missing = await errorOf(
      wh.query(`CREATE STAGE S1 URL = 's3://acme-sample/' STORAGE_INTEGRATION = NOPE`),
    );
    expect(missing.code).toBe('002003');
    expect(missing.message).toBe(
      "SQL compilation error:\nIntegration 'NOPE' does not exist or not authorized.",
    );
    const noFormat = await errorOf(
      wh.query(
        `CREATE STAGE S1 URL = 's3://acme-sample/' STORAGE_INTEGRATION = S3_INT FILE_FORMAT = (FORMAT_NAME = 'NOFMT')`,
      ),
    );
    expect(noFormat.message).toBe(
      "SQL compilation error:\nFile format 'LEILA_APP.PUBLIC.NOFMT' does not exist or not authorized.",
    );
    await wh.query(
      `CREATE STORAGE INTEGRATION OFF_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = FALSE STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::1:role/x' STORAGE_ALLOWED_LOCATIONS = ('*')`,
    );
    expect(
      (await errorOf(wh.query(`CREATE STAGE S1 URL = 's3://acme-sample/' STORAGE_INTEGRATION = OFF_INT`)))
        .code,
    ).toBe('003122');
    await wh.query(`CREATE STAGE S1 URL = 's3://acme-sample/orders/' STORAGE_INTEGRATION = S3_INT`);
    const stages = await wh.query('SHOW STAGES IN SCHEMA LEILA_APP.PUBLIC');
    expect(stages).toHaveLength(1);
    expect(stages[0]).toMatchObject({
      name: 'S1',
      database_name: 'LEILA_APP',
      schema_name: 'PUBLIC',
      url: 's3://acme-sample/orders/',
      storage_integration: 'S3_INT',
      type: 'EXTERNAL',
      cloud: 'AWS',
      has_credentials: 'N',
    });
    expect(stages[0]?.created_on).toBeInstanceOf(Date);
  });

  it('rejects an integration whose allowed locations belong to another provider', async () => {
    const e = await errorOf(
      wh.query(
        `CREATE STORAGE INTEGRATION X TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'GCS' ENABLED = TRUE STORAGE_ALLOWED_LOCATIONS = ('s3://b/')`,
      ),
    );
    expect(['001003', '003121']).toContain(e.code);
    expect(await wh.query('SHOW INTEGRATIONS')).toEqual([]);
  });

  it('file formats: SHOW, DESC with defaults, qualified names, DROP [IF EXISTS]', async () => {
    await wh.query(
      `CREATE FILE FORMAT LEILA_APP.PUBLIC.CSV_FMT TYPE = CSV FIELD_DELIMITER = '|' SKIP_HEADER = 1`,
    );
    await wh.query(`CREATE FILE FORMAT JSON_FMT TYPE = JSON STRIP_OUTER_ARRAY = TRUE COMMENT = 'events'`);
    const shown = await wh.query('SHOW FILE FORMATS');
    expect(shown.map((r) => [r.name, r.type])).toEqual([
      ['CSV_FMT', 'CSV'],
      ['JSON_FMT', 'JSON'],
    ]);
    expect(shown[1]?.comment).toBe('events');
    const desc = Object.fromEntries(
      (await wh.query<{ property: string; property_value: string }>('DESC FILE FORMAT csv_fmt')).map((r) => [
        r.property,
        r.property_value,
      ]),
    );
    expect(desc).toMatchObject({ TYPE: 'CSV', FIELD_DELIMITER: '|', SKIP_HEADER: '1', COMPRESSION: 'AUTO' });
    expect(await wh.query('DROP FILE FORMAT CSV_FMT')).toEqual([{ status: 'CSV_FMT successfully dropped.' }]);
    const gone = await errorOf(wh.query('DROP FILE FORMAT CSV_FMT'));
    expect(gone.code).toBe('002003');
    expect(gone.message).toContain(
      "File format 'LEILA_APP.PUBLIC.CSV_FMT' does not exist or not authorized.",
    );
    expect((await wh.query('DROP FILE FORMAT IF EXISTS CSV_FMT'))[0]?.status).toContain('successfully');
    expect((await errorOf(wh.query('DESC FILE FORMAT CSV_FMT'))).code).toBe('002003');
  });

  it('SHOW scopes: IN ACCOUNT, IN DATABASE, other schema', async () => {
    await wh.query(`CREATE FILE FORMAT F1 TYPE = CSV`);
    await wh.query(`CREATE FILE FORMAT OTHERDB.S2.F2 TYPE = JSON`);
    expect((await wh.query('SHOW FILE FORMATS')).map((r) => r.name)).toEqual(['F1']);
    expect((await wh.query('SHOW FILE FORMATS IN ACCOUNT')).map((r) => r.name)).toEqual(['F1', 'F2']);
    expect((await wh.query('SHOW FILE FORMATS IN DATABASE OTHERDB')).map((r) => r.name)).toEqual(['F2']);
    expect((await wh.query('SHOW FILE FORMATS IN SCHEMA OTHERDB.S2')).map((r) => r.database_name)).toEqual([
      'OTHERDB',
    ]);
  });

  it('answers syntax errors with 001003 and a position, and refuses two statements', async () => {
    const e = await errorOf(wh.query('SELEC 1'));
    expect(e.code).toBe('001003');
    expect(e.message).toBe("SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'SELEC'.");
    const bad = await errorOf(wh.query(`CREATE STAGE S1 URL = 's3://x/' NOT_AN_OPTION = 1`));
    expect(bad.code).toBe('001003');
    expect(bad.message).toMatch(/line 1 at position \d+/);
    const two = await errorOf(wh.query(`CREATE FILE FORMAT A TYPE = CSV; DROP FILE FORMAT A`));
    expect(two.code).toBe('000008');
    expect(await wh.query('SHOW FILE FORMATS')).toEqual([]);
  });

  it('external table checks: stage must exist, name clash with a table', async () => {
    const noStage = await errorOf(
      wh.query(`CREATE EXTERNAL TABLE T1 LOCATION = @NOSTAGE/ FILE_FORMAT = (TYPE = CSV)`),
    );
    expect(noStage.code).toBe('002003');
    expect(noStage.message).toBe(
      "SQL compilation error:\nStage 'LEILA_APP.PUBLIC.NOSTAGE' does not exist or not authorized.",
    );
    await wh.query(S3_INTEGRATION);
    await wh.query(`CREATE STAGE S1 URL = 's3://acme-sample/orders/' STORAGE_INTEGRATION = S3_INT`);
    const clash = await errorOf(
      wh.query(
        `CREATE EXTERNAL TABLE DATA_PIPELINE_TRACKER LOCATION = @S1/ FILE_FORMAT = (TYPE = CSV) AUTO_REFRESH = FALSE`,
      ),
    );
    expect(clash.code).toBe('002002');
    await wh.query(
      `CREATE EXTERNAL TABLE T1 LOCATION = @S1/ FILE_FORMAT = (TYPE = CSV) AUTO_REFRESH = FALSE`,
    );
    expect(
      (await errorOf(wh.query(`CREATE EXTERNAL TABLE T1 LOCATION = @S1/ FILE_FORMAT = (TYPE = CSV)`))).code,
    ).toBe('002002');
    expect((await wh.query('SHOW EXTERNAL TABLES')).map((r) => r.name)).toEqual(['T1']);
    await wh.query('DROP EXTERNAL TABLE T1');
    expect((await errorOf(wh.query('SELECT * FROM T1'))).code).toBe('002003');
  });
});
