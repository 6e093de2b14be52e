export { TOKEN_HEADER } from './protocol.js';
export { RemoteWarehouse, type RemoteWarehouseOptions } from './remoteWarehouse.js';
export { createWarehouseRouter, type StatementRunnerLike } from './router.js';
export {
  DEFAULT_WAREHOUSE_FILE,
  newToken,
  type OpenOptions,
  openLocalWarehouseOrRemote,
  publishLocalServer,
  readServerFile,
  SERVER_FILE,
  type ServerFile,
  WAREHOUSE_MOUNT_PATH,
  writeServerFile,
} from './serverFile.js';
