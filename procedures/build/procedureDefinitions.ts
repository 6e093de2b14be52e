import { DIRECT_ARGS, EXECUTE_ARGS, type ProcedureArgSpec } from '../execute/args.js';
import { GENERATORS } from '../generators/generatorTools.js';
import type { InstalledProcedureName } from '../names.js';
import { CHECKS_ARGS, DECIDE_ARGS, PROPOSAL_ARGS, RECONCILE_ARGS } from '../tracker/args.js';

/** A procedure of sql/procedures.sql: its signature and the bundle entry whose `main(args, snowflake)` it calls. */
export interface ProcedureDef {
  name: InstalledProcedureName;
  /** Entry module, relative to the repository root. */
  entry: string;
  args: readonly ProcedureArgSpec[];
  /**
   * OWNER: runs with the procedures' owner's privileges — the privilege boundary the bot's role calls through.
   * CALLER: runs with the caller's own privileges, so it grants nothing the caller does not already hold.
   */
  rights: 'OWNER' | 'CALLER';
}

/**
 * In the order they are installed (generators, then the tracker procedures, EXECUTE_DDL_AND_TRACK, and the
 * administrator's EXECUTE_DDL_DIRECT last). Each generator has its own entry
 * that imports only its module, so a bundle does not carry the other three generators.
 */
export const PROCEDURES: readonly ProcedureDef[] = [
  {
    name: 'GENERATE_STORAGE_INTEGRATION_DDL',
    entry: 'procedures/entries/generateStorageIntegrationDdl.ts',
    args: GENERATORS.GENERATE_STORAGE_INTEGRATION_DDL.args,
    rights: 'OWNER',
  },
  {
    name: 'GENERATE_FILE_FORMAT_DDL',
    entry: 'procedures/entries/generateFileFormatDdl.ts',
    args: GENERATORS.GENERATE_FILE_FORMAT_DDL.args,
    rights: 'OWNER',
  },
  {
    name: 'GENERATE_EXTERNAL_STAGE_DDL',
    entry: 'procedures/entries/generateExternalStageDdl.ts',
    args: GENERATORS.GENERATE_EXTERNAL_STAGE_DDL.args,
    rights: 'OWNER',
  },
  {
    name: 'GENERATE_EXTERNAL_TABLE_DDL',
    entry: 'procedures/entries/generateExternalTableDdl.ts',
    args: GENERATORS.GENERATE_EXTERNAL_TABLE_DDL.args,
    rights: 'OWNER',
  },
  {
    name: 'RECORD_PROPOSAL',
    entry: 'procedures/entries/recordProposal.ts',
    args: PROPOSAL_ARGS,
    rights: 'OWNER',
  },
  {
    name: 'DECIDE_PIPELINE',
    entry: 'procedures/entries/decidePipeline.ts',
    args: DECIDE_ARGS,
    rights: 'OWNER',
  },
  { name: 'RECORD_CHECKS', entry: 'procedures/entries/recordChecks.ts', args: CHECKS_ARGS, rights: 'OWNER' },
  {
    name: 'RECONCILE_INTERRUPTED',
    entry: 'procedures/entries/reconcileInterrupted.ts',
    args: RECONCILE_ARGS,
    rights: 'OWNER',
  },
  {
    name: 'EXECUTE_DDL_AND_TRACK',
    entry: 'procedures/entries/executeDdlAndTrack.ts',
    args: EXECUTE_ARGS,
    rights: 'OWNER',
  },
  {
    name: 'EXECUTE_DDL_DIRECT',
    entry: 'procedures/entries/executeDdlDirect.ts',
    args: DIRECT_ARGS,
    rights: 'CALLER',
  },
];
