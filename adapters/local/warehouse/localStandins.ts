/** The values a real storage integration issues for the cloud-side trust setup, as the emulation shows them. */
import { createHash } from 'node:crypto';
import type { CatalogEntry, IntegrationDef } from './objectCatalog.js';

/** Clearly-marked local stand-ins for the values a real integration issues for the cloud-side trust setup. */
export const LOCAL_STANDIN = {
  awsIamUserArn: 'arn:aws:iam::000000000000:user/local-emulation-dea',
  gcpServiceAccount: 'local-emulation@dea-local-emulation.iam.gserviceaccount.com',
  azureAppName: 'local-emulation-dea_1700000000000',
  sqsChannel: 'arn:aws:sqs:local-emulation:000000000000:sf-snowpipe-local-emulation',
};

export function awsExternalIdFor(entry: CatalogEntry<IntegrationDef>): string {
  const given = entry.def.options.STORAGE_AWS_EXTERNAL_ID;
  if (typeof given === 'string' && given !== '') return given;
  // Stable per integration and changes on OR REPLACE, as Snowflake's generated external id does.
  const h = createHash('sha256')
    .update(`${entry.name}|${entry.createdOn.toISOString()}`)
    .digest('hex')
    .slice(0, 24);
  return `LOCAL_EMULATION_SFCRole=1_${h}`;
}
