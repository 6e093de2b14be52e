/**
 * Reproduction 1 of issue 16, kept as a fault test: host files must never be readable through a pipeline. A
 * `..` URL (each cloud, plain or encoded) is refused before any plan exists; a symbolic link planted inside the
 * local storage that leads to /etc is never followed, even by an approved plan and its checks after apply.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackText } from '../../bot/core/messages.js';
import { RecordingReply } from '../../bot/core/recordingReply.js';
import { type LocalStack, startLocalStack } from '../helpers/localStack.js';
import { DDL_KINDS } from './support/allowedStatements.js';
import { recordStatements, type StatementLog } from './support/statementLog.js';

const ROLE = 'Role arn:aws:iam::123456789012:role/snowflake';
/** Everything else the local agent asks for, so the request reaches the generators. */
function access(url: string): string {
  if (url.startsWith('s3gov:')) return 'Role arn:aws-us-gov:iam::123456789012:role/snowflake';
  if (url.startsWith('s3china:')) return 'Role arn:aws-cn:iam::123456789012:role/snowflake';
  if (url.startsWith('azure:')) return 'Tenant id 1a2b3c4d-1111-2222-3333-123456789abc';
  if (url.startsWith('gcs:')) return '';
  return ROLE;
}
const TRAVERSALS = [
  's3://acme-sample/../../../../etc/',
  's3gov://acme-sample/x/../../../etc/',
  's3china://acme-sample/./etc/',
  'gcs://acme-sample/..%2F..%2Fetc/',
  'gcs://acme-sample/%2e%2e/%2e%2e/etc/',
  'azure://acct.blob.core.windows.net/container/../../etc/',
  'azure://acct.blob.core.windows.net/container/%252e%252e/etc/',
];
/** The first line of /etc/passwd on every Linux: it must never appear anywhere the user can see. */
const PASSWD = /root:x?:?0:0/;

let stack: LocalStack;
let log: StatementLog;
beforeAll(async () => {
  stack = await startLocalStack();
  log = recordStatements(stack.warehouse);
});
afterAll(async () => {
  await stack?.close();
});

describe('path traversal into host files (issue 16, reproduction 1)', () => {
  it.each(TRAVERSALS)('%s: no plan, nothing runs, and a sentence says why', async (url) => {
    const reply = new RecordingReply();
    await stack.core.handleMessage(
      {
        thread: { channel: 'local', id: `trav-${url}` },
        user: { channel: 'local', id: 'mallory' },
        text: `I have CSV files with a header row in ${url} with columns a, b. ${access(url)}`,
      },
      reply,
    );
    const shown = reply.messages.map((m) => m.message);
    expect(shown.some((m) => m.kind === 'plan')).toBe(false);
    const text = shown.map(fallbackText).join('\n');
    expect(text).toMatch(/not allowed/);
    expect(log.statements.filter((s) => DDL_KINDS.test(s.sql.trim()))).toEqual([]);
  });

  it('a symbolic link to /etc inside the storage is not followed by an approved plan or its checks', async () => {
    symlinkSync('/etc', join(stack.storageDir, 's3', 'acme-sample', 'hostetc'));
    const reply = new RecordingReply();
    const thread = { channel: 'local' as const, id: 'trav-link' };
    await stack.core.handleMessage(
      {
        thread,
        user: { channel: 'local', id: 'mallory' },
        text: `I have CSV files without a header in s3://acme-sample/hostetc/ with columns line. ${ROLE}`,
      },
      reply,
    );
    const plan = reply.messages.map((m) => m.message).find((m) => m.kind === 'plan');
    if (plan?.kind !== 'plan') throw new Error('expected a plan for an ordinary-looking folder');
    const decided = await stack.core.decide(
      {
        pipelineId: plan.plan.pipelineId,
        hash: plan.plan.hash,
        verb: 'approve',
        user: { channel: 'local', id: 'trent' },
      },
      reply,
    );
    expect(decided.kind).toBe('accepted');
    if (decided.kind === 'accepted') await decided.completion;
    await stack.core.idle();
    const everything = reply.messages.map((m) => JSON.stringify(m.message)).join('\n');
    expect(everything).not.toMatch(PASSWD);
    expect(everything).toMatch(/resolves outside DEA_LOCAL_STORAGE/);
    const row = await stack.core.getPipeline(plan.plan.pipelineId);
    expect(JSON.stringify(row)).not.toMatch(PASSWD);
    const direct = await stack.warehouse
      .query(`SELECT * FROM LEILA_APP.PUBLIC.ACME_SAMPLE_HOSTETC_EXT LIMIT 5`)
      .then((rows) => JSON.stringify(rows))
      .catch((e: Error) => e.message);
    expect(direct).not.toMatch(PASSWD);
  });
});
