/** The warehouse contract against the embedded LocalWarehouse directly. */
import { describeWarehouseContract } from '../../contract/warehouseContract.js';
import { openBackingWarehouse } from './backing.js';

describeWarehouseContract('LocalWarehouse', async () => {
  const database = 'LEILA_APP';
  const schema = 'PUBLIC';
  const backing = await openBackingWarehouse(database, schema);
  return { warehouse: backing.warehouse, database, schema, dispose: backing.dispose };
});
