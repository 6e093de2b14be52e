import * as z from 'zod/mini';
import {
  COMMON_TAIL_ARGS,
  checkCreateMode,
  commonTail,
  flag,
  issue,
  lineText,
  type ProcedureArg,
  simpleName,
} from './common.js';
import { exampleUrl, PROVIDERS, type Provider, parseCloudUrl } from './locations.js';

/** AWS partition of the IAM role for each S3 flavour. */
const AWS_PARTITION: Partial<Record<Provider, string>> = {
  S3: 'aws',
  S3GOV: 'aws-us-gov',
  S3CHINA: 'aws-cn',
};

const ROLE_ARN =
  /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/((?:[\u0021-\u007E]+\/)*)([\w+=,.@-]{1,64})$/;
const TENANT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const OBJECT_ACL = 'bucket-owner-full-control';

const ARN_EXAMPLE = 'arn:aws:iam::123456789012:role/snowflake-access';

function locationList(field: string, description: string) {
  return z
    .array(z.string({ error: `each entry of ${field} must be text, e.g. "s3://my-bucket/path/"` }), {
      error: `${field} must be a list of storage URLs, e.g. ["s3://my-bucket/path/"]`,
    })
    .check(z.describe(description));
}

export const storageIntegrationSchema = z
  .strictObject({
    cloud_provider: z
      .enum(PROVIDERS as [Provider, ...Provider[]], {
        error: 'cloud_provider must be one of S3, S3GOV, S3CHINA, GCS, AZURE (upper case), e.g. "S3"',
      })
      .check(
        z.describe('Cloud of the bucket: S3 (AWS), S3GOV (AWS GovCloud), S3CHINA (AWS China), GCS or AZURE.'),
      ),
    allowed_locations: locationList(
      'allowed_locations',
      'Storage URLs stages may use, e.g. ["s3://acme-data/raw/"]; scheme must match the provider (s3://, s3gov://, s3china://, gcs://, azure://<account>.blob.core.windows.net/<container>/). ["*"] allows every location.',
    ),
    name: z.optional(
      simpleName(
        'name',
        'Integration name (account-level, not qualified). Default: <BUCKET>_INT from the first allowed location.',
        'ACME_DATA_INT',
      ),
    ),
    aws_role_arn: z.optional(
      lineText(
        'aws_role_arn',
        'S3/S3GOV/S3CHINA only, required there: IAM role Snowflake assumes, arn:aws[-us-gov|-cn]:iam::<12-digit account>:role/<name>.',
        ARN_EXAMPLE,
      ),
    ),
    azure_tenant_id: z.optional(
      lineText(
        'azure_tenant_id',
        'AZURE only, required there: Microsoft Entra tenant id (a GUID).',
        '1a2b3c4d-1111-2222-3333-123456789abc',
      ),
    ),
    aws_external_id: z.optional(
      lineText(
        'aws_external_id',
        'S3 family only: external id to put in the role trust policy (2-1224 characters of letters, digits and +=,.@:/-). Default: Snowflake generates one.',
        'acme_snowflake_ext_id',
      ),
    ),
    aws_object_acl: z.optional(
      z
        .literal(OBJECT_ACL, { error: `aws_object_acl can only be "${OBJECT_ACL}"` })
        .check(
          z.describe(
            'S3 family only: "bucket-owner-full-control" to give the bucket owner control of unloaded files.',
          ),
        ),
    ),
    blocked_locations: z.optional(
      locationList(
        'blocked_locations',
        'Storage URLs stages may not use, even when inside an allowed location.',
      ),
    ),
    enabled: z.optional(
      flag('enabled', 'Whether stages may use the integration. Default: true (always emitted).'),
    ),
    use_privatelink_endpoint: z.optional(
      flag(
        'use_privatelink_endpoint',
        'S3 family and AZURE only: reach the storage through private connectivity.',
      ),
    ),
    ...commonTail,
  })
  .check(
    z.superRefine((v, ctx) => {
      checkCreateMode(v, ctx);
      const provider = v.cloud_provider;
      const isAws = provider in AWS_PARTITION;
      const scheme = exampleUrl(provider).split(':')[0];
      if (v.allowed_locations.length === 0) {
        issue(
          ctx,
          v,
          ['allowed_locations'],
          `allowed_locations needs at least one URL, e.g. ["${exampleUrl(provider)}"] or ["*"]`,
        );
      }
      const checkList = (field: 'allowed_locations' | 'blocked_locations', list: string[]) => {
        list.forEach((url, i) => {
          if (url === '*') {
            if (field === 'blocked_locations' || list.length > 1) {
              issue(
                ctx,
                v,
                [field, i],
                `"*" is only allowed as the single entry of allowed_locations (["*"])`,
              );
            }
            return;
          }
          const parsed = parseCloudUrl(url);
          if (!parsed.ok) {
            issue(ctx, v, [field, i], `${field}[${i}]: ${parsed.message}`);
            return;
          }
          if (parsed.location.provider !== provider) {
            issue(
              ctx,
              v,
              [field, i],
              `${field}[${i}] "${url}" must start with ${scheme}:// for cloud_provider ${provider}, e.g. "${exampleUrl(provider)}"`,
            );
          }
        });
      };
      checkList('allowed_locations', v.allowed_locations);
      if (v.blocked_locations) checkList('blocked_locations', v.blocked_locations);

      if (isAws) {
        if (v.aws_role_arn === undefined) {
          issue(
            ctx,
            v,
            ['aws_role_arn'],
            `aws_role_arn is required for ${provider}, e.g. "${ARN_EXAMPLE.replace('aws', AWS_PARTITION[provider] as string)}"`,
          );
        } else {
          const m = ROLE_ARN.exec(v.aws_role_arn);
          if (!m) {
            issue(
              ctx,
              v,
              ['aws_role_arn'],
              `aws_role_arn "${v.aws_role_arn}" is not an IAM role ARN; expected arn:aws:iam::<12 digits>:role/<name>, e.g. "${ARN_EXAMPLE}"`,
            );
          } else if (m[1] !== AWS_PARTITION[provider]) {
            issue(
              ctx,
              v,
              ['aws_role_arn'],
              `aws_role_arn is in partition ${m[1]} but cloud_provider ${provider} needs arn:${AWS_PARTITION[provider]}:iam::…`,
            );
          }
        }
        if (v.aws_external_id !== undefined && !EXTERNAL_ID.test(v.aws_external_id)) {
          issue(
            ctx,
            v,
            ['aws_external_id'],
            'aws_external_id must be 2-1224 characters of letters, digits and +=,.@:/-, e.g. "acme_snowflake_ext_id"',
          );
        }
      } else {
        for (const field of ['aws_role_arn', 'aws_external_id', 'aws_object_acl'] as const) {
          if (v[field] !== undefined)
            issue(ctx, v, [field], `${field} is only for S3, S3GOV or S3CHINA, not ${provider}`);
        }
      }
      if (provider !== 'AZURE' && v.azure_tenant_id !== undefined) {
        issue(
          ctx,
          v,
          ['azure_tenant_id'],
          `azure_tenant_id is only for cloud_provider AZURE, not ${provider}`,
        );
      }
      if (provider === 'AZURE') {
        if (v.azure_tenant_id === undefined) {
          issue(
            ctx,
            v,
            ['azure_tenant_id'],
            'azure_tenant_id is required for AZURE, e.g. "1a2b3c4d-1111-2222-3333-123456789abc"',
          );
        } else if (!TENANT_ID.test(v.azure_tenant_id)) {
          issue(
            ctx,
            v,
            ['azure_tenant_id'],
            `azure_tenant_id "${v.azure_tenant_id}" is not a GUID, e.g. "1a2b3c4d-1111-2222-3333-123456789abc"`,
          );
        }
      }
      if (provider === 'GCS' && v.use_privatelink_endpoint !== undefined) {
        issue(
          ctx,
          v,
          ['use_privatelink_endpoint'],
          'use_privatelink_endpoint is only for S3, S3GOV, S3CHINA or AZURE, not GCS',
        );
      }
    }),
  );

export type StorageIntegrationInput = z.infer<typeof storageIntegrationSchema>;

export const storageIntegrationArgs: ProcedureArg[] = [
  {
    name: 'CLOUD_PROVIDER',
    sqlType: 'VARCHAR',
    required: true,
    description: 'S3, S3GOV, S3CHINA, GCS or AZURE',
  },
  {
    name: 'ALLOWED_LOCATIONS',
    sqlType: 'ARRAY',
    required: true,
    description: 'storage URLs stages may use, or ["*"]',
  },
  {
    name: 'NAME',
    sqlType: 'VARCHAR',
    required: false,
    description: 'integration name (default <BUCKET>_INT)',
  },
  { name: 'AWS_ROLE_ARN', sqlType: 'VARCHAR', required: false, description: 'IAM role ARN (S3 family)' },
  { name: 'AZURE_TENANT_ID', sqlType: 'VARCHAR', required: false, description: 'tenant GUID (AZURE)' },
  {
    name: 'AWS_EXTERNAL_ID',
    sqlType: 'VARCHAR',
    required: false,
    description: 'external id for the trust policy',
  },
  { name: 'AWS_OBJECT_ACL', sqlType: 'VARCHAR', required: false, description: 'bucket-owner-full-control' },
  {
    name: 'BLOCKED_LOCATIONS',
    sqlType: 'ARRAY',
    required: false,
    description: 'storage URLs stages may not use',
  },
  { name: 'ENABLED', sqlType: 'BOOLEAN', required: false, description: 'default true' },
  {
    name: 'USE_PRIVATELINK_ENDPOINT',
    sqlType: 'BOOLEAN',
    required: false,
    description: 'private connectivity',
  },
  ...COMMON_TAIL_ARGS,
];
