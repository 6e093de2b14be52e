/**
 * Storage integrations in a plan, compared with those that exist: reuse one that allows the location, widen it
 * with a narrow ALTER, refuse to replace one that stages use, or point to one that already serves the request.
 */
import type { ResolvedObject } from '../../../procedures/execute/objects.js';
import type { CreateStatement, StorageIntegrationStatement } from '../../../procedures/parser/ast.js';
import { valueText } from '../../../procedures/parser/ast.js';
import { quoteIdentifierPart } from '../../../procedures/sql/identifiers.js';
import { quoteStringList } from '../../../procedures/sql/literals.js';
import type { PlanStatementView } from '../messages.js';
import { covers, type IntegrationInfo, integrationCovers, text } from './inventory.js';
import type { ReconcileContext } from './reconcile.js';

/** How many other integrations are described when looking for one that already serves a new plan. */
const MAX_DESCRIBED = 20;

/**
 * A new integration while another of the same provider and role already allows every location: the plan stays as
 * asked (the name is the user's choice), and the card says how to reuse the existing one instead.
 */
export async function pointToCoveringIntegration(
  stmt: StorageIntegrationStatement,
  view: PlanStatementView,
  ctx: ReconcileContext,
): Promise<void> {
  const rows = await ctx.inventory.list('STORAGE_INTEGRATION', { database: null, schema: null });
  const storage = rows
    .filter((r) => /STORAGE/i.test(text(r, 'category')) || /EXTERNAL_STAGE/i.test(text(r, 'type')))
    .slice(0, MAX_DESCRIBED);
  for (const r of storage) {
    const info = await ctx.inventory.integration(text(r, 'name'));
    if (!info || ownerMismatch(stmt, info) || info.provider !== stmt.provider) continue;
    if (stmt.allowedLocations.every((url) => integrationCovers(info, url))) {
      view.warnings.push(
        `Integration ${info.name} already allows ${stmt.allowedLocations.join(', ')} for the same role: say "use integration ${info.name}" to read through it instead of creating ${view.name}.`,
      );
      return;
    }
  }
}

/** An integration that exists: reuse it, widen it, refuse to replace it while stages use it, or explain. */
export async function integrationChange(
  stmt: StorageIntegrationStatement,
  view: PlanStatementView,
  obj: ResolvedObject,
  ctx: ReconcileContext,
  problems: string[],
): Promise<void> {
  const info = await ctx.inventory.integration(obj.objectName);
  if (!info) {
    problems.push(`Storage integration ${view.name} exists but cannot be described; nothing was proposed.`);
    return;
  }
  if (stmt.orReplace) {
    const stages = await stagesUsing(obj.objectName, ctx);
    if (stages.length > 0) {
      problems.push(
        `CREATE OR REPLACE STORAGE INTEGRATION ${view.name} is refused: stage${stages.length === 1 ? '' : 's'} ${stages.join(', ')} use${stages.length === 1 ? 's' : ''} it. Replacing an integration drops and recreates it with a new hidden id, which breaks every stage that references it and, without a fixed STORAGE_AWS_EXTERNAL_ID, the cloud trust policy. Ask for a new integration instead ("call the integration ${view.name}_2").`,
      );
      return;
    }
    view.change = 'replace';
    view.unsafe = true;
    view.warnings.push(
      'Replacing a storage integration issues a new external id: the cloud trust policy must be updated again.',
    );
    return;
  }
  const mismatch = ownerMismatch(stmt, info);
  if (mismatch) {
    problems.push(
      `Storage integration ${view.name} already exists ${mismatch}, so it cannot be reused for this request. Say "use integration ${view.name}" to read through it with its own role, or ask for a new one ("call the integration ${view.name}_2").`,
    );
    return;
  }
  const blocked = stmt.allowedLocations.find((url) => info.blocked.some((b) => covers(b, url)));
  if (blocked) {
    problems.push(
      `Storage integration ${view.name} blocks ${blocked} (STORAGE_BLOCKED_LOCATIONS = ${info.blocked.join(', ')}); ask for a new integration ("call the integration ${view.name}_2").`,
    );
    return;
  }
  const missing = stmt.allowedLocations.filter((url) => !integrationCovers(info, url));
  if (missing.length === 0) {
    view.change = 'exists';
    view.warnings.push(`Uses existing integration ${view.name} (allows ${info.allowed.join(', ')}).`);
    return;
  }
  toAlter(view, info, missing);
}

/** Turns a statement view into the narrow ALTER that adds `missing` to the integration's allowed locations. */
function toAlter(view: PlanStatementView, info: IntegrationInfo, missing: readonly string[]): void {
  const all = [...info.allowed, ...missing.filter((m) => !info.allowed.includes(m))];
  view.kind = 'STORAGE_INTEGRATION';
  view.name = info.name;
  view.sql = `ALTER STORAGE INTEGRATION ${quoteIdentifierPart(info.name)} SET STORAGE_ALLOWED_LOCATIONS = ${quoteStringList(all)}`;
  view.change = 'alter';
  view.unsafe = false;
  view.warnings = [
    `Extends existing integration ${info.name} to also allow ${missing.join(', ')} (it allows ${info.allowed.join(', ') || 'nothing yet'}). The stages that use it keep working and the cloud trust policy stays valid: the integration keeps its external id. If the role must not reach this folder, ask for a separate integration instead ("call the integration ${info.name}_2").`,
  ];
}

/** Stages the plan reads through an existing integration that does not allow their URL yet get an ALTER. */
export async function widenForStages(
  parsed: readonly CreateStatement[],
  views: PlanStatementView[],
  ctx: ReconcileContext,
  problems: string[],
): Promise<void> {
  for (const stmt of parsed) {
    if (stmt.kind !== 'STAGE' || !stmt.storageIntegration || !stmt.url) continue;
    const integ = stmt.storageIntegration.parts[stmt.storageIntegration.parts.length - 1] as string;
    const planned = views.find(
      (v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ) && v.change !== 'exists',
    );
    if (planned) continue;
    const info = await ctx.inventory.integration(integ);
    if (!info) {
      if (!views.some((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ)))
        problems.push(
          `The stage uses storage integration ${stmt.storageIntegration.text}, which neither exists nor is part of this plan.`,
        );
      continue;
    }
    if (info.blocked.some((b) => covers(b, stmt.url as string))) {
      problems.push(
        `The stage URL ${stmt.url} is inside the blocked locations of integration ${info.name} (${info.blocked.join(', ')}).`,
      );
      continue;
    }
    if (integrationCovers(info, stmt.url)) {
      const reused = views.find((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ));
      if (!reused)
        views.unshift({
          kind: 'STORAGE_INTEGRATION',
          name: info.name,
          sql: '',
          change: 'exists',
          unsafe: false,
          warnings: [`Uses existing integration ${info.name} (allows ${info.allowed.join(', ')}).`],
        });
      continue;
    }
    const existing = views.find((v) => v.kind === 'STORAGE_INTEGRATION' && sameIntegration(v.name, integ));
    if (existing) toAlter(existing, info, [stmt.url]);
    else {
      const view: PlanStatementView = {
        kind: 'STORAGE_INTEGRATION',
        name: info.name,
        sql: '',
        change: 'alter',
        unsafe: false,
        warnings: [],
      };
      toAlter(view, info, [stmt.url]);
      views.unshift(view);
    }
  }
  // A reused integration the plan did not generate has no statement to show or run.
  for (let i = views.length - 1; i >= 0; i--) if (views[i]?.sql === '') views.splice(i, 1);
}

function sameIntegration(a: string, b: string): boolean {
  return a.replace(/^"|"$/g, '').toUpperCase() === b.toUpperCase();
}

function ownerMismatch(stmt: StorageIntegrationStatement, info: IntegrationInfo): string | null {
  if (info.provider && info.provider !== stmt.provider) return `for ${info.provider}, not ${stmt.provider}`;
  const opt = (key: string) => {
    const o = stmt.options.find((x) => x.key === key);
    return o ? (valueText(o.value) ?? '') : '';
  };
  if (stmt.provider.startsWith('S3')) {
    const arn = opt('STORAGE_AWS_ROLE_ARN');
    if (arn && info.roleArn && arn !== info.roleArn) return `for role ${info.roleArn}, not ${arn}`;
  }
  if (stmt.provider === 'AZURE') {
    const tenant = opt('AZURE_TENANT_ID');
    if (tenant && info.tenantId && tenant.toLowerCase() !== info.tenantId.toLowerCase())
      return `for tenant ${info.tenantId}, not ${tenant}`;
  }
  return null;
}

async function stagesUsing(integration: string, ctx: ReconcileContext): Promise<string[]> {
  const rows = await ctx.inventory.list('STAGE', { database: null, schema: null });
  return rows
    .filter((r) => text(r, 'storage_integration').toUpperCase() === integration.toUpperCase())
    .map((r) =>
      [text(r, 'database_name'), text(r, 'schema_name'), text(r, 'name')].filter(Boolean).join('.'),
    );
}
