/**
 * `dea tracker show` says whether a SUCCESS pipeline drifted, and `dea retire` proposes the retire plan that
 * `dea approve` runs — the real command line over one data directory (issue 17, points 8 and 9).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'dea-cli-retire-'));
const env = {
  PATH: process.env.PATH ?? '',
  HOME: dataDir,
  DEA_DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  NO_PROXY: '127.0.0.1',
};

function dea(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dea.js', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';

describe('dea tracker show (drift) and dea retire', () => {
  let id = '';

  it('a fresh pipeline shows no drift; one whose stage was replaced by hand shows it', async () => {
    const chat = dea(['chat', '--thread', 'cli-drift', '--user', 'alice', REQUEST]);
    expect(chat.code).toBe(0);
    id = /dea approve (P-[0-9a-f]+)/.exec(chat.stdout)?.[1] ?? '';
    expect(dea(['approve', id, '--user', 'bob']).code).toBe(0);
    const before = dea(['tracker', 'show', id]);
    expect(before.stdout).toMatch(/^drift: none/m);

    // An administrator replaces the stage outside the bot (the same data file, the owner's session).
    const admin = await LocalWarehouse.open({
      path: path.join(dataDir, 'warehouse.duckdb'),
      storageDir: path.join(dataDir, 'storage'),
      database: 'LEILA_APP',
      schema: 'PUBLIC',
    });
    try {
      await admin.execute(
        "CREATE OR REPLACE STAGE ACME_SAMPLE_ORDERS_STAGE URL = 's3://acme-sample/orders/2026/' STORAGE_INTEGRATION = ACME_SAMPLE_INT",
      );
    } finally {
      await admin.close();
    }
    const after = dea(['tracker', 'show', id]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^drift: .*ACME_SAMPLE_ORDERS_STAGE/m);
    const json = JSON.parse(dea(['tracker', 'show', id, '--json']).stdout) as { DRIFT: { drifted: boolean } };
    expect(json.DRIFT.drifted).toBe(true);
  });

  it('dea retire proposes the DROPs, dea approve runs them, the pipeline is RETIRED', () => {
    const bad = dea(['retire', 'not-an-id', '--user', 'alice']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not a pipeline id/);
    const retire = dea(['retire', id, '--user', 'alice']);
    expect(retire.code).toBe(0);
    expect(retire.stdout).toContain(`Retire plan for pipeline ${id}`);
    expect(retire.stdout).toContain('DROP EXTERNAL TABLE IF EXISTS LEILA_APP.PUBLIC.ACME_SAMPLE_ORDERS_EXT');
    const planId = /dea approve (P-[0-9a-f]+)/.exec(retire.stdout)?.[1] ?? '';
    const run = dea(['approve', planId, '--user', 'bob']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`pipeline ${id} is RETIRED`);
    expect(dea(['tracker', 'show', id]).stdout).toMatch(/^STATUS\s+RETIRED$/m);
  });
});
