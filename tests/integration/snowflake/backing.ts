/**
 * What stands behind the fake Snowflake in the contract run: the scripted stand-in, to be replaced by the
 * embedded LocalWarehouse (`LocalWarehouse.open({ path: ':memory:', storageDir, database, schema })`) once it
 * exists in adapters/local/warehouse/.
 */
import type { Warehouse } from '../../../bot/core/contracts.js';
import { ScriptedWarehouse } from '../../fakes/snowflake/scripted.js';

export async function openBackingWarehouse(
  database: string,
  schema: string,
): Promise<{ warehouse: Warehouse; dispose: () => Promise<void> }> {
  const warehouse = new ScriptedWarehouse(database, schema);
  return { warehouse, dispose: () => warehouse.close() };
}
