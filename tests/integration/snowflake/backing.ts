/** What stands behind the fake Snowflake in the contract run: the embedded LocalWarehouse, in memory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import type { Warehouse } from '../../../bot/core/contracts.js';

export async function openBackingWarehouse(
  database: string,
  schema: string,
): Promise<{ warehouse: Warehouse; dispose: () => Promise<void> }> {
  const storageDir = await mkdtemp(path.join(tmpdir(), 'dea-contract-'));
  const warehouse = await LocalWarehouse.open({ path: ':memory:', storageDir, database, schema });
  return {
    warehouse,
    dispose: async () => {
      await warehouse.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}
