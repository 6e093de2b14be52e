/**
 * Read-only checks after a pipeline succeeded: can Snowflake list the stage, does the new table return rows, and
 * what must be configured for auto-refresh. A failed check never rolls anything back; it says what to fix.
 */

import type { ExternalTableStatement } from '../../procedures/parser/ast.js';
import { getOption, valueText } from '../../procedures/parser/ast.js';
import { parseStatement } from '../../procedures/parser/index.js';
import { quoteString } from '../../procedures/sql/literals.js';
import type { PipelineRow } from './api.js';
import type { Warehouse } from './contracts.js';
import type { TrustSteps, VerificationCheck, VerificationView } from './messages.js';
import { assertReadOnly } from './readOnly.js';
import { storedStatements } from './views.js';

const SAMPLE_ROWS = 5;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The part of a qualified, possibly quoted name after the last unquoted dot, unquoted. */
function lastPart(qualified: string): string {
  const parts = qualified.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [qualified];
  const last = parts[parts.length - 1]!;
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toUpperCase();
}

function schemaOf(qualified: string): string {
  const parts = qualified.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [];
  return parts.slice(0, -1).join('.');
}

function trustAdvice(trust: TrustSteps | undefined, provider: string | null): string {
  if (trust?.provider === 'S3')
    return `Snowflake cannot read the bucket yet. Add the trust policy shown with the result (principal ${trust.iamUserArn}, external id ${trust.externalId}) to the IAM role, then check again.`;
  if (trust?.provider === 'GCS')
    return `Snowflake cannot read the bucket yet. Grant ${trust.serviceAccount} read access (storage.objects.get and list) on it, then check again.`;
  if (trust?.provider === 'AZURE')
    return `Snowflake cannot read the container yet. An Azure admin opens ${trust.consentUrl} and gives ${trust.appName} the Storage Blob Data Reader role, then check again.`;
  return `Snowflake cannot read the ${provider ?? 'cloud'} location yet: finish the cloud trust steps (DESC INTEGRATION shows the values), then check again.`;
}

/**
 * Advice for a failed read, by cause: a limit of the embedded warehouse is said to be one (cloud advice would send
 * someone to fix a trust policy that is not the problem); only an access failure gets the cloud trust steps.
 */
export function isLocalLimit(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === 'LOCAL001' ||
    /not supported (locally|by the local warehouse)|no offline \w+ reader/i.test(message(err))
  );
}

export function failureAdvice(err: unknown, trust: TrustSteps | undefined, provider: string | null): string {
  const text = message(err);
  if (isLocalLimit(err))
    return 'This is a limit of the embedded warehouse on this machine, not a permission problem: the same table reads on Snowflake. Nothing in the cloud needs to change.';
  if (
    /access denied|accessdenied|forbidden|\b403\b|not authori[sz]ed|assume ?role|credentials?|permission|consent|integration .* (not allowed|is not)/i.test(
      text,
    )
  )
    return trustAdvice(trust, provider);
  return 'The warehouse could not read it for the reason above (file contents, column types or format options): fix that, then check again.';
}

function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'VALUE' || k.startsWith('METADATA$')) continue;
    // DATE values arrive as midnight-UTC Dates: show them as dates.
    out[k] = v instanceof Date ? v.toISOString().replace(/T00:00:00\.000Z$/, '') : v;
  }
  return out;
}

async function run<T = Record<string, unknown>>(
  warehouse: Warehouse,
  sql: string,
  tables: string[],
): Promise<T[]> {
  assertReadOnly(sql, tables);
  return warehouse.query<T>(sql);
}

export async function verifyPipeline(
  warehouse: Warehouse,
  row: PipelineRow,
  trust: TrustSteps | undefined,
  now = () => new Date(),
): Promise<VerificationView> {
  const checks: VerificationCheck[] = [];
  const table = row.TABLE_NAME ?? undefined;
  const tables = table ? [table] : [];

  if (row.STAGE_NAME) {
    try {
      const files = await run(warehouse, `LIST @${row.STAGE_NAME}`, tables);
      checks.push(
        files.length > 0
          ? { name: 'list_stage', ok: true, summary: `${files.length} file${files.length === 1 ? '' : 's'}` }
          : {
              name: 'list_stage',
              ok: false,
              summary: '0 files',
              advice:
                'The stage folder is empty: upload the files under the stage URL (or fix the URL), then check again.',
            },
      );
    } catch (err) {
      checks.push({
        name: 'list_stage',
        ok: false,
        summary: `cannot list the stage: ${message(err)}`,
        advice: failureAdvice(err, trust, row.DATA_SOURCE_TYPE),
      });
    }
  }

  if (table) {
    try {
      const rows = await run(warehouse, `SELECT * FROM ${table} LIMIT ${SAMPLE_ROWS}`, tables);
      checks.push(
        rows.length > 0
          ? {
              name: 'select_table',
              ok: true,
              summary: `${rows.length} row${rows.length === 1 ? '' : 's'} read (sample)`,
              rows: rows.map(plainRow),
            }
          : {
              name: 'select_table',
              ok: false,
              summary: '0 rows',
              advice: `The table reads no rows yet. When files are in place, run ALTER EXTERNAL TABLE ${table} REFRESH, then check again.`,
            },
      );
    } catch (err) {
      checks.push({
        name: 'select_table',
        ok: false,
        summary: `cannot read the table: ${message(err)}`,
        advice: failureAdvice(err, trust, row.DATA_SOURCE_TYPE),
      });
    }

    const stmt = storedStatements(row).find((s) => s.kind === 'EXTERNAL_TABLE');
    const parsed = stmt ? parseStatement(stmt.sql) : undefined;
    const auto = parsed?.ok
      ? getOption(parsed.statement as ExternalTableStatement, 'AUTO_REFRESH')
      : undefined;
    if (auto && valueText(auto.value) === 'TRUE') {
      try {
        const scope = schemaOf(table);
        const shown = await run<Record<string, unknown>>(
          warehouse,
          `SHOW EXTERNAL TABLES LIKE ${quoteString(lastPart(table))}${scope ? ` IN SCHEMA ${scope}` : ''}`,
          tables,
        );
        const channel = shown.find((r) => r.name === lastPart(table))?.notification_channel;
        checks.push(
          channel
            ? {
                name: 'notification',
                ok: true,
                summary: `auto-refresh listens on ${String(channel)}`,
                advice: `Send the bucket's object-created and object-removed events to ${String(channel)} so new files appear without a manual refresh.`,
              }
            : {
                name: 'notification',
                ok: true,
                summary: 'auto-refresh uses the notification integration of the table',
                advice: 'Make sure the cloud storage events reach that notification integration.',
              },
        );
      } catch (err) {
        checks.push({
          name: 'notification',
          ok: false,
          summary: `cannot read the table's notification channel: ${message(err)}`,
        });
      }
    }
  }

  return {
    pipelineId: row.PIPELINE_ID,
    tableName: table,
    checkedAt: now().toISOString(),
    ok: checks.every((c) => c.ok),
    checks,
  };
}
