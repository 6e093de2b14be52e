import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalWarehouse, type LocalWarehouseOptions } from '../../../adapters/local/warehouse/index.js';
import { WarehouseError } from '../../../bot/core/contracts.js';

export async function openTemp(
  opts: Partial<LocalWarehouseOptions> = {},
): Promise<{ wh: LocalWarehouse; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dea-lw-'));
  const wh = await LocalWarehouse.open({ path: ':memory:', storageDir: join(dir, 'storage'), ...opts });
  return { wh, dir };
}

/** The WarehouseError a promise rejects with. */
export async function errorOf(p: Promise<unknown>): Promise<WarehouseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WarehouseError) return err;
    throw err;
  }
  throw new Error('expected the statement to fail');
}

export const S3_INTEGRATION = `CREATE STORAGE INTEGRATION S3_INT TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/dea' STORAGE_ALLOWED_LOCATIONS = ('s3://acme-sample/')
  STORAGE_BLOCKED_LOCATIONS = ('s3://acme-sample/private/')`;
