export { LocalWarehouse, type LocalWarehouseOptions } from './localWarehouse.js';
export { LOCAL_STANDIN } from './commands.js';
export type { ResultColumn, StatementResult } from './values.js';
export { parseCloudUrl, localPathOf, listFiles } from './storage.js';
