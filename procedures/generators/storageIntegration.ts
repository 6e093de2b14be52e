import { defaultIntegrationName } from '../defaultNames.js';
import { type GeneratedDdl, type GeneratorResult, toResult } from '../result.js';
import { parseCloudUrl } from '../schemas/locations.js';
import { type StorageIntegrationInput, storageIntegrationSchema } from '../schemas/storageIntegration.js';
import { identifier } from '../sql/identifiers.js';
import { quoteString, quoteStringList } from '../sql/literals.js';
import { bool, createLine, renderStatement } from './render.js';
import { emitting, validate } from './validate.js';

const REPLACE_INTEGRATION_WARNING =
  'OR REPLACE recreates the integration: Snowflake issues a new external id / service principal, so the cloud trust (IAM role trust policy, GCS grant or Azure consent) must be redone and every stage using it must be re-pointed (ALTER STAGE … SET STORAGE_INTEGRATION).';

export function generateStorageIntegration(input: unknown): GeneratedDdl {
  const what = 'GENERATE_STORAGE_INTEGRATION_DDL';
  const v = validate(storageIntegrationSchema, input, what);
  return emitting(what, () => emit(v));
}

function emit(v: StorageIntegrationInput): GeneratedDdl {
  const first = v.allowed_locations[0] as string;
  const parsedFirst = first === '*' ? undefined : parseCloudUrl(first);
  const firstLocation = parsedFirst?.ok ? parsedFirst.location : '*';
  const name = identifier(v.name ?? defaultIntegrationName(firstLocation, v.cloud_provider)).sql;
  const lines = ['TYPE = EXTERNAL_STAGE', `STORAGE_PROVIDER = ${quoteString(v.cloud_provider)}`];
  if (v.aws_role_arn !== undefined) lines.push(`STORAGE_AWS_ROLE_ARN = ${quoteString(v.aws_role_arn)}`);
  if (v.aws_external_id !== undefined)
    lines.push(`STORAGE_AWS_EXTERNAL_ID = ${quoteString(v.aws_external_id)}`);
  if (v.aws_object_acl !== undefined) lines.push(`STORAGE_AWS_OBJECT_ACL = ${quoteString(v.aws_object_acl)}`);
  if (v.azure_tenant_id !== undefined) lines.push(`AZURE_TENANT_ID = ${quoteString(v.azure_tenant_id)}`);
  if (v.use_privatelink_endpoint !== undefined)
    lines.push(`USE_PRIVATELINK_ENDPOINT = ${bool(v.use_privatelink_endpoint)}`);
  // Snowflake documents ENABLED as optional but answers "Missing option(s): ENABLED" without it.
  lines.push(`ENABLED = ${bool(v.enabled ?? true)}`);
  lines.push(`STORAGE_ALLOWED_LOCATIONS = ${quoteStringList(v.allowed_locations)}`);
  if (v.blocked_locations !== undefined && v.blocked_locations.length > 0) {
    lines.push(`STORAGE_BLOCKED_LOCATIONS = ${quoteStringList(v.blocked_locations)}`);
  }
  if (v.comment !== undefined) lines.push(`COMMENT = ${quoteString(v.comment)}`);

  const warnings: string[] = [];
  if (v.or_replace) warnings.push(REPLACE_INTEGRATION_WARNING);
  if (first === '*') {
    warnings.push(
      "STORAGE_ALLOWED_LOCATIONS = ('*') lets stages read every location the cloud identity can reach; list the buckets/paths instead unless that is intended.",
    );
  }
  const ddl = renderStatement(
    createLine({
      orReplace: v.or_replace,
      ifNotExists: v.if_not_exists,
      objectType: 'STORAGE INTEGRATION',
      name,
    }),
    lines,
  );
  return { ddl, kind: 'STORAGE_INTEGRATION', name, warnings };
}

export function runStorageIntegration(input: unknown): GeneratorResult {
  return toResult(() => generateStorageIntegration(input));
}
