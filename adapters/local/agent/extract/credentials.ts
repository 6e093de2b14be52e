/** AWS role ARN (S3) and Azure tenant id (a GUID); GCS needs neither. */

const ROLE_ARN_RE = /\barn:aws(?:-us-gov|-cn)?:iam::\d{12}:role\/[A-Za-z0-9+=,.@_\-/]+/;
const ANY_ARN_RE = /\barn:aws[\w-]*:[^\s'"`<>|]+/;
const GUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

export interface CredentialFinding {
  awsRoleArn?: string;
  /** An ARN was pasted that is not an IAM role ARN (a user ARN, a bucket ARN): worth a specific reply. */
  badArn?: string;
  azureTenantId?: string;
}

export function extractCredentials(text: string): CredentialFinding | undefined {
  const out: CredentialFinding = {};
  const role = ROLE_ARN_RE.exec(text);
  if (role) out.awsRoleArn = role[0].replace(/[.,;:)]+$/, '');
  else {
    const other = ANY_ARN_RE.exec(text);
    if (other) out.badArn = other[0].replace(/[.,;:)]+$/, '');
  }
  const guid = GUID_RE.exec(text);
  if (guid) out.azureTenantId = guid[0].toLowerCase();
  return Object.keys(out).length > 0 ? out : undefined;
}
