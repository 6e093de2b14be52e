/** The four generator tools by tool name: schema (tool input), procedure arguments, and the pure generator. */
import type { ToolName } from '../names.js';
import type { GeneratedDdl, GeneratorResult } from '../result.js';
import type { ProcedureArg } from '../schemas/common.js';
import { externalTableArgs, externalTableSchema } from '../schemas/externalTable.js';
import { fileFormatArgs, fileFormatSchema } from '../schemas/fileFormat.js';
import { stageArgs, stageSchema } from '../schemas/stage.js';
import { storageIntegrationArgs, storageIntegrationSchema } from '../schemas/storageIntegration.js';
import { generateExternalTable, runExternalTable } from './externalTable.js';
import { generateFileFormat, runFileFormat } from './fileFormat.js';
import { generateStage, runStage } from './stage.js';
import { generateStorageIntegration, runStorageIntegration } from './storageIntegration.js';

export interface GeneratorTool {
  schema:
    | typeof storageIntegrationSchema
    | typeof fileFormatSchema
    | typeof stageSchema
    | typeof externalTableSchema;
  args: ProcedureArg[];
  /** Throws InputError on bad input. */
  generate: (input: unknown) => GeneratedDdl;
  /** Never throws for bad input: returns the procedure's VARIANT result. */
  run: (input: unknown) => GeneratorResult;
}

export const GENERATORS: Record<ToolName, GeneratorTool> = {
  GENERATE_STORAGE_INTEGRATION_DDL: {
    schema: storageIntegrationSchema,
    args: storageIntegrationArgs,
    generate: generateStorageIntegration,
    run: runStorageIntegration,
  },
  GENERATE_FILE_FORMAT_DDL: {
    schema: fileFormatSchema,
    args: fileFormatArgs,
    generate: generateFileFormat,
    run: runFileFormat,
  },
  GENERATE_EXTERNAL_STAGE_DDL: {
    schema: stageSchema,
    args: stageArgs,
    generate: generateStage,
    run: runStage,
  },
  GENERATE_EXTERNAL_TABLE_DDL: {
    schema: externalTableSchema,
    args: externalTableArgs,
    generate: generateExternalTable,
    run: runExternalTable,
  },
};
