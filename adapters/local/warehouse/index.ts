export { LOCAL_STANDIN } from './commands.js';
export { LocalWarehouse, type LocalWarehouseOptions } from './localWarehouse.js';
export { listFiles, localPathOf, parseCloudUrl } from './storage.js';
export type { ResultColumn, StatementResult } from './values.js';
