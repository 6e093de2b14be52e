export type { SnowflakeSettings } from './settings.js';
export { SnowflakeWarehouse, type SnowflakeWarehouseOptions } from './warehouse.js';
