export { createWarehouseRouter, type StatementRunnerLike } from './router.js';
export { RemoteWarehouse, type RemoteWarehouseOptions } from './remoteWarehouse.js';
export {
  DEFAULT_WAREHOUSE_FILE,
  newToken,
  openLocalWarehouseOrRemote,
  type OpenOptions,
  publishLocalServer,
  WAREHOUSE_MOUNT_PATH,
  readServerFile,
  SERVER_FILE,
  type ServerFile,
  writeServerFile,
} from './serverFile.js';
export { TOKEN_HEADER } from './protocol.js';
