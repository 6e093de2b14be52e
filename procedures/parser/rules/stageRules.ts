/** Snowflake's rules for CREATE STAGE: URL, integration or credentials, encryption, directory and file format. */

import { unsafeUrlReason } from '../../schemas/locations.js';
import { findOption, type StageStatement } from '../ast.js';
import { type RawStatement, statementBase } from '../rawStatement.js';
import {
  COPY_OPTIONS,
  STAGE_CREDENTIALS_OPTIONS,
  STAGE_DIRECTORY_OPTIONS,
  STAGE_ENCRYPTION_OPTIONS,
  STAGE_ENCRYPTION_TYPES,
  STAGE_OPTIONS,
} from '../statementOptions.js';
import { fileFormatRef } from './fileFormatRules.js';
import {
  checkKeys,
  describeValue,
  fail,
  nameValue,
  nested,
  requireBoolean,
  requireString,
  wordOrString,
} from './optionValueRules.js';

const DIRECTORY_ONLY = [
  'ENABLE',
  'AUTO_REFRESH',
  'REFRESH_ON_CREATE',
  'NOTIFICATION_INTEGRATION',
  'AWS_SNS_TOPIC',
];

export function stage(raw: RawStatement): StageStatement {
  const opts = raw.options;
  checkKeys(opts, STAGE_OPTIONS, 'a stage', (k) =>
    DIRECTORY_ONLY.indexOf(k) >= 0 ? ' (it belongs inside DIRECTORY = ( … ))' : '',
  );
  const urlOpt = findOption(opts, 'URL');
  let url: string | undefined;
  if (urlOpt) {
    // A double-quoted URL is read as its text; Snowflake examples in the wild use it.
    if (
      urlOpt.value.type === 'identifier' &&
      urlOpt.value.name.parts.length === 1 &&
      urlOpt.value.name.quoted[0]
    )
      url = urlOpt.value.name.parts[0]!;
    else url = requireString(urlOpt);
    const unsafe = unsafeUrlReason(url);
    if (unsafe) fail(urlOpt, `URL ${url}: ${unsafe}`);
  }
  const integrationOpt = findOption(opts, 'STORAGE_INTEGRATION');
  const credentialsOpt = findOption(opts, 'CREDENTIALS');
  if (integrationOpt && credentialsOpt)
    fail(credentialsOpt, 'STORAGE_INTEGRATION and CREDENTIALS cannot be used together');
  for (const o of [
    integrationOpt,
    credentialsOpt,
    findOption(opts, 'ENCRYPTION'),
    findOption(opts, 'ENDPOINT'),
  ]) {
    if (o && !urlOpt) fail(o, `${o.key} needs URL = '<cloud url>' (an external stage)`);
  }
  const storageIntegration = integrationOpt ? nameValue(integrationOpt) : undefined;
  if (credentialsOpt) {
    const inner = nested(credentialsOpt);
    checkKeys(inner, STAGE_CREDENTIALS_OPTIONS, 'CREDENTIALS');
    for (const o of inner) requireString(o);
    const keyId = findOption(inner, 'AWS_KEY_ID');
    const role = findOption(inner, 'AWS_ROLE');
    const sas = findOption(inner, 'AZURE_SAS_TOKEN');
    if (keyId && role) fail(role, 'AWS_KEY_ID and AWS_ROLE cannot be used together in CREDENTIALS');
    if (keyId && !findOption(inner, 'AWS_SECRET_KEY')) fail(keyId, 'AWS_KEY_ID needs AWS_SECRET_KEY');
    if (sas && (keyId || role)) fail(sas, 'AZURE_SAS_TOKEN cannot be combined with AWS credentials');
  }
  const encryptionOpt = findOption(opts, 'ENCRYPTION');
  if (encryptionOpt) {
    const inner = nested(encryptionOpt);
    checkKeys(inner, STAGE_ENCRYPTION_OPTIONS, 'ENCRYPTION');
    const t = findOption(inner, 'TYPE');
    if (t) {
      const tv = wordOrString(t.value);
      if (tv === undefined || STAGE_ENCRYPTION_TYPES.indexOf(tv) < 0)
        fail(
          t,
          `ENCRYPTION TYPE ${describeValue(t.value)} is not one of ${STAGE_ENCRYPTION_TYPES.join(', ')}`,
        );
    }
    for (const o of inner) if (o.key !== 'TYPE') requireString(o);
  }
  const directoryOpt = findOption(opts, 'DIRECTORY');
  if (directoryOpt) {
    const inner = nested(directoryOpt);
    checkKeys(inner, STAGE_DIRECTORY_OPTIONS, 'DIRECTORY');
    for (const o of inner) {
      if (o.key === 'ENABLE' || o.key === 'AUTO_REFRESH' || o.key === 'REFRESH_ON_CREATE') requireBoolean(o);
      else if (o.key === 'NOTIFICATION_INTEGRATION') nameValue(o);
      else requireString(o);
    }
  }
  const copyOpt = findOption(opts, 'COPY_OPTIONS');
  if (copyOpt) checkKeys(nested(copyOpt), COPY_OPTIONS, 'COPY_OPTIONS');
  const ffOpt = findOption(opts, 'FILE_FORMAT');
  const fileFormatValue = ffOpt ? fileFormatRef(ffOpt, 'stage') : undefined;
  const comment = findOption(opts, 'COMMENT');
  if (comment) requireString(comment, true);
  const endpoint = findOption(opts, 'ENDPOINT');
  if (endpoint) requireString(endpoint);
  const privatelink = findOption(opts, 'USE_PRIVATELINK_ENDPOINT');
  if (privatelink) requireBoolean(privatelink);
  return { ...statementBase(raw), kind: 'STAGE', url, storageIntegration, fileFormat: fileFormatValue };
}
