export { RemoteWarehouse } from './remoteWarehouse.js';
export { createWarehouseRouter } from './router.js';
export { newToken, openLocalWarehouseOrRemote, publishLocalServer, readServerFile } from './serverFile.js';
