import { EXECUTE_ARGS, type ProcedureArgSpec } from '../execute/args.js';
import { GENERATORS } from '../generators/index.js';
import type { ProcedureName } from '../names.js';

/** A procedure of sql/procedures.sql: its signature and the bundle entry whose `main(args, snowflake)` it calls. */
export interface ProcedureDef {
  name: ProcedureName;
  /** Entry module, relative to the repository root. */
  entry: string;
  args: readonly ProcedureArgSpec[];
}

/**
 * In the order they are installed (generators first; EXECUTE_DDL_AND_TRACK last). Each generator has its own entry
 * that imports only its module, so a bundle does not carry the other three generators.
 */
export const PROCEDURES: readonly ProcedureDef[] = [
  {
    name: 'GENERATE_STORAGE_INTEGRATION_DDL',
    entry: 'procedures/entries/generateStorageIntegrationDdl.ts',
    args: GENERATORS.GENERATE_STORAGE_INTEGRATION_DDL.args,
  },
  {
    name: 'GENERATE_FILE_FORMAT_DDL',
    entry: 'procedures/entries/generateFileFormatDdl.ts',
    args: GENERATORS.GENERATE_FILE_FORMAT_DDL.args,
  },
  {
    name: 'GENERATE_EXTERNAL_STAGE_DDL',
    entry: 'procedures/entries/generateExternalStageDdl.ts',
    args: GENERATORS.GENERATE_EXTERNAL_STAGE_DDL.args,
  },
  {
    name: 'GENERATE_EXTERNAL_TABLE_DDL',
    entry: 'procedures/entries/generateExternalTableDdl.ts',
    args: GENERATORS.GENERATE_EXTERNAL_TABLE_DDL.args,
  },
  { name: 'EXECUTE_DDL_AND_TRACK', entry: 'procedures/entries/executeDdlAndTrack.ts', args: EXECUTE_ARGS },
];
