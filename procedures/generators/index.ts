/** The generators' public entry point: the tool table and the procedure-shaped runners. Re-exports only. */
export { runExternalTable } from './externalTable.js';
export { GENERATORS } from './generatorTools.js';
export { runStage } from './stage.js';
export { runStorageIntegration } from './storageIntegration.js';
