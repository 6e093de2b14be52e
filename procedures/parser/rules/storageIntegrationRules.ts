/** Snowflake's rules for CREATE STORAGE INTEGRATION: provider, required options and allowed locations. */

import { unsafeUrlReason } from '../../schemas/locations.js';
import { findOption, type Option, type StorageIntegrationStatement } from '../ast.js';
import { type RawStatement, statementBase } from '../rawStatement.js';
import { INTEGRATION_OPTIONS, PROVIDER_SCHEMES, PROVIDERS } from '../statementOptions.js';
import {
  checkKeys,
  describeValue,
  fail,
  requireBoolean,
  requireString,
  requireStringList,
  wordOrString,
} from './optionValueRules.js';

function locationList(o: Option, provider: string): string[] {
  const list = requireStringList(o);
  if (list.length === 0) fail(o, `${o.key} must list at least one location`);
  const schemes = PROVIDER_SCHEMES[provider] ?? [];
  for (const loc of list) {
    if (loc.trim() === '') fail(o, `${o.key} contains an empty location`);
    if (loc.indexOf('://') !== loc.lastIndexOf('://') && loc.indexOf(',') >= 0)
      fail(
        o,
        `${o.key} must quote each location separately: ('s3://a/', 's3://b/'), not one string with commas`,
      );
    const unsafe = unsafeUrlReason(loc);
    if (unsafe && loc.trim() !== '*') fail(o, `${o.key} location ${loc}: ${unsafe}`);
    const m = /^([A-Za-z][A-Za-z0-9]*):\/\//.exec(loc);
    if (m && schemes.indexOf(m[1]!.toLowerCase()) < 0)
      fail(
        o,
        `${o.key} location ${loc} does not match STORAGE_PROVIDER ${provider} (expected ${schemes.map((s) => `${s}://`).join(' or ')})`,
      );
  }
  return list;
}

export function storageIntegration(raw: RawStatement): StorageIntegrationStatement {
  const opts = raw.options;
  checkKeys(opts, INTEGRATION_OPTIONS, 'a storage integration');
  const missing = (key: string, how: string): never =>
    fail(raw.nameTok, `A storage integration needs ${how} (${key} is missing)`);
  const type = findOption(opts, 'TYPE') ?? missing('TYPE', 'TYPE = EXTERNAL_STAGE');
  if (wordOrString(type.value) !== 'EXTERNAL_STAGE')
    fail(type, `TYPE must be EXTERNAL_STAGE, not ${describeValue(type.value)}`);
  const providerOpt =
    findOption(opts, 'STORAGE_PROVIDER') ??
    missing('STORAGE_PROVIDER', "STORAGE_PROVIDER = 'S3' | 'GCS' | 'AZURE'");
  const provider = wordOrString(providerOpt.value);
  if (provider === undefined || PROVIDERS.indexOf(provider) < 0)
    fail(
      providerOpt,
      `STORAGE_PROVIDER ${describeValue(providerOpt.value)} is not one of ${PROVIDERS.join(', ')}`,
    );
  const enabledOpt = findOption(opts, 'ENABLED') ?? missing('ENABLED', 'ENABLED = TRUE | FALSE');
  const enabled = requireBoolean(enabledOpt);
  const allowedOpt =
    findOption(opts, 'STORAGE_ALLOWED_LOCATIONS') ??
    missing('STORAGE_ALLOWED_LOCATIONS', "STORAGE_ALLOWED_LOCATIONS = ('<url>', …)");
  const allowedLocations = locationList(allowedOpt, provider);
  const blockedOpt = findOption(opts, 'STORAGE_BLOCKED_LOCATIONS');
  const blockedLocations = blockedOpt ? locationList(blockedOpt, provider) : [];
  const isS3 = provider === 'S3' || provider === 'S3GOV' || provider === 'S3CHINA';
  for (const o of opts) {
    if (o.key.indexOf('STORAGE_AWS_') === 0 && !isS3)
      fail(o, `Option ${o.key} is only valid for an S3 storage provider, not ${provider}`);
    if (o.key === 'AZURE_TENANT_ID' && provider !== 'AZURE')
      fail(o, `Option AZURE_TENANT_ID is only valid for STORAGE_PROVIDER = 'AZURE'`);
    if (o.key === 'USE_PRIVATELINK_ENDPOINT' && provider === 'GCS')
      fail(o, 'USE_PRIVATELINK_ENDPOINT is not available for GCS');
  }
  if (isS3) {
    const role =
      findOption(opts, 'STORAGE_AWS_ROLE_ARN') ??
      missing('STORAGE_AWS_ROLE_ARN', `STORAGE_AWS_ROLE_ARN for ${provider}`);
    requireString(role);
    const ext = findOption(opts, 'STORAGE_AWS_EXTERNAL_ID');
    if (ext) requireString(ext);
    const acl = findOption(opts, 'STORAGE_AWS_OBJECT_ACL');
    if (acl && requireString(acl) !== 'bucket-owner-full-control')
      fail(acl, "STORAGE_AWS_OBJECT_ACL only accepts 'bucket-owner-full-control'");
  }
  if (provider === 'AZURE')
    requireString(
      findOption(opts, 'AZURE_TENANT_ID') ?? missing('AZURE_TENANT_ID', 'AZURE_TENANT_ID for AZURE'),
    );
  const privatelink = findOption(opts, 'USE_PRIVATELINK_ENDPOINT');
  if (privatelink) requireBoolean(privatelink);
  const comment = findOption(opts, 'COMMENT');
  if (comment) requireString(comment, true);
  return {
    ...statementBase(raw),
    kind: 'STORAGE_INTEGRATION',
    provider,
    enabled,
    allowedLocations,
    blockedLocations,
  };
}
