/**
 * The cloud-side trust values of a storage integration (the IAM user and external id, the GCS service account,
 * the Azure consent URL) read with DESC INTEGRATION after a run; local stand-ins are marked as such.
 */
import { quoteIdentifier } from '../../procedures/sql/identifiers.js';
import type { PipelineRow } from './api.js';
import type { Warehouse } from './contracts.js';
import type { TrustSteps } from './messages.js';

export async function trustSteps(
  warehouse: Warehouse,
  integrationName: string,
): Promise<TrustSteps | undefined> {
  let rows: Record<string, unknown>[];
  try {
    // The row stores the integration as SQL text; quoting again keeps a valid name as it is and makes any other
    // text one identifier.
    rows = await warehouse.query<Record<string, unknown>>(
      `DESC INTEGRATION ${quoteIdentifier(integrationName)}`,
    );
  } catch {
    return undefined;
  }
  const prop = (key: string) => {
    const row = rows.find((r) => String(r.property ?? r.PROPERTY ?? '').toUpperCase() === key);
    const v = row?.property_value ?? row?.PROPERTY_VALUE;
    return v === undefined || v === null ? undefined : String(v);
  };
  const provider = (prop('STORAGE_PROVIDER') ?? '').toUpperCase();
  const all = rows.map((r) => String(r.property_value ?? r.PROPERTY_VALUE ?? '')).join(' ');
  const local = /local/i.test(all);
  if (provider.startsWith('S3')) {
    const iamUserArn = prop('STORAGE_AWS_IAM_USER_ARN');
    const externalId = prop('STORAGE_AWS_EXTERNAL_ID');
    if (!iamUserArn || !externalId) return undefined;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: iamUserArn },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': externalId } },
        },
      ],
    };
    return { provider: 'S3', iamUserArn, externalId, policyJson: JSON.stringify(policy, null, 2), local };
  }
  if (provider === 'GCS') {
    const serviceAccount = prop('STORAGE_GCP_SERVICE_ACCOUNT');
    return serviceAccount ? { provider: 'GCS', serviceAccount, local } : undefined;
  }
  if (provider === 'AZURE') {
    const consentUrl = prop('AZURE_CONSENT_URL');
    const appName = prop('AZURE_MULTI_TENANT_APP_NAME');
    return consentUrl && appName ? { provider: 'AZURE', consentUrl, appName, local } : undefined;
  }
  return undefined;
}

/** The trust values stored with a pipeline after it ran (VERIFICATION.trust). */
export function trustOf(row: PipelineRow): TrustSteps | undefined {
  const v = row.VERIFICATION as { trust?: TrustSteps } | null;
  return v && typeof v === 'object' && v.trust && typeof v.trust === 'object' ? v.trust : undefined;
}
