/** The warehouse contract against the embedded warehouse on its own thread, as the bot opens it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ThreadedLocalWarehouse } from '../../../adapters/local/thread/index.js';
import { describeWarehouseContract } from '../../contract/warehouseContract.js';

describeWarehouseContract('LocalWarehouse on its thread', async () => {
  const database = 'LEILA_APP';
  const schema = 'PUBLIC';
  const storageDir = await mkdtemp(path.join(tmpdir(), 'dea-contract-thread-'));
  const warehouse = await ThreadedLocalWarehouse.open({ path: ':memory:', storageDir, database, schema });
  return {
    warehouse,
    database,
    schema,
    dispose: async () => {
      await warehouse.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
});
