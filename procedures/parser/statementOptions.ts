/**
 * Which options belong where, read from Snowflake's CREATE STORAGE INTEGRATION / STAGE / EXTERNAL TABLE reference
 * pages. Kept as data so the rules are reviewable in one place. File-format options live in
 * procedures/fileFormatOptions.ts.
 */
export const INTEGRATION_OPTIONS = [
  'TYPE',
  'STORAGE_PROVIDER',
  'ENABLED',
  'STORAGE_AWS_ROLE_ARN',
  'STORAGE_AWS_EXTERNAL_ID',
  'STORAGE_AWS_OBJECT_ACL',
  'AZURE_TENANT_ID',
  'STORAGE_ALLOWED_LOCATIONS',
  'STORAGE_BLOCKED_LOCATIONS',
  'USE_PRIVATELINK_ENDPOINT',
  'COMMENT',
];

export const PROVIDERS = ['S3', 'S3GOV', 'S3CHINA', 'GCS', 'AZURE'];
/** URL schemes each provider's locations may use. */
export const PROVIDER_SCHEMES: Record<string, readonly string[]> = {
  S3: ['s3'],
  S3GOV: ['s3gov', 's3'],
  S3CHINA: ['s3china', 's3'],
  GCS: ['gcs'],
  AZURE: ['azure'],
};

export const STAGE_OPTIONS = [
  'URL',
  'STORAGE_INTEGRATION',
  'CREDENTIALS',
  'ENCRYPTION',
  'DIRECTORY',
  'FILE_FORMAT',
  'COPY_OPTIONS',
  'COMMENT',
  'ENDPOINT',
  'USE_PRIVATELINK_ENDPOINT',
  'AWS_ACCESS_POINT_ARN',
];
export const STAGE_CREDENTIALS_OPTIONS = [
  'AWS_KEY_ID',
  'AWS_SECRET_KEY',
  'AWS_TOKEN',
  'AWS_ROLE',
  'AZURE_SAS_TOKEN',
];
export const STAGE_ENCRYPTION_OPTIONS = ['TYPE', 'MASTER_KEY', 'KMS_KEY_ID'];
export const STAGE_ENCRYPTION_TYPES = [
  'AWS_CSE',
  'AWS_SSE_S3',
  'AWS_SSE_KMS',
  'GCS_SSE_KMS',
  'AZURE_CSE',
  'SNOWFLAKE_FULL',
  'SNOWFLAKE_SSE',
  'NONE',
];
export const STAGE_DIRECTORY_OPTIONS = [
  'ENABLE',
  'REFRESH_ON_CREATE',
  'AUTO_REFRESH',
  'NOTIFICATION_INTEGRATION',
  'AWS_SNS_TOPIC',
];
export const COPY_OPTIONS = [
  'ON_ERROR',
  'SIZE_LIMIT',
  'PURGE',
  'RETURN_FAILED_ONLY',
  'MATCH_BY_COLUMN_NAME',
  'ENFORCE_LENGTH',
  'TRUNCATECOLUMNS',
  'FORCE',
  'INCLUDE_METADATA',
  'LOAD_MODE',
];

/** Top-level `KEY = value` options of CREATE EXTERNAL TABLE (LOCATION is parsed specially). */
export const EXTERNAL_TABLE_OPTIONS = [
  'LOCATION',
  'REFRESH_ON_CREATE',
  'AUTO_REFRESH',
  'PATTERN',
  'FILE_FORMAT',
  'AWS_SNS_TOPIC',
  'INTEGRATION',
  'COMMENT',
  'TABLE_FORMAT',
  'PARTITION_TYPE',
];

/** Options whose single bare word is an object name rather than a keyword value. */
export const OBJECT_NAME_OPTIONS = [
  'STORAGE_INTEGRATION',
  'FORMAT_NAME',
  'FILE_FORMAT',
  'NOTIFICATION_INTEGRATION',
];
