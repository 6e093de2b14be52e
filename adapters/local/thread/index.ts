export { ThreadedLocalWarehouse } from './threadedWarehouse.js';
