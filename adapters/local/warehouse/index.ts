export { LOCAL_STANDIN } from './localStandins.js';
export { LocalWarehouse, type LocalWarehouseOptions } from './localWarehouse.js';
export { listFiles, localPathOf, parseCloudUrl } from './storage.js';
