/**
 * What already exists on the account, read through the read-only guard: at most one SHOW per object kind and
 * scope for the lifetime of one Inventory (one plan, or one dashboard refresh interval), and one DESC per object
 * asked about. Every statement is built here from validated names, never from user text.
 */
import type { ResolvedObject } from '../../../procedures/execute/objects.js';
import type { StatementKind } from '../../../procedures/names.js';
import { quoteIdentifierPart } from '../../../procedures/sql/identifiers.js';
import type { Warehouse } from '../contracts.js';
import { assertReadOnly } from '../readOnly.js';

const SHOW_WORDS: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'INTEGRATIONS',
  FILE_FORMAT: 'FILE FORMATS',
  STAGE: 'STAGES',
  EXTERNAL_TABLE: 'EXTERNAL TABLES',
};

const DESC_WORDS: Record<StatementKind, string> = {
  STORAGE_INTEGRATION: 'INTEGRATION',
  FILE_FORMAT: 'FILE FORMAT',
  STAGE: 'STAGE',
  EXTERNAL_TABLE: 'EXTERNAL TABLE',
};

export type Row = Record<string, unknown>;

/** Reads a SHOW/DESC column whatever case the driver used. */
function col(row: Row, name: string): unknown {
  return row[name] ?? row[name.toUpperCase()] ?? row[name.toLowerCase()];
}

export function text(row: Row, name: string): string {
  const v = col(row, name);
  return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
}

export interface IntegrationInfo {
  name: string;
  provider: string;
  roleArn: string;
  tenantId: string;
  allowed: string[];
  blocked: string[];
}

export class Inventory {
  private readonly shows = new Map<string, Promise<Row[]>>();
  private readonly descs = new Map<string, Promise<Row[] | null>>();
  /** Statements actually sent, for tests and logs. */
  readonly sent: string[] = [];

  constructor(private readonly warehouse: Warehouse) {}

  private run(sql: string): Promise<Row[]> {
    assertReadOnly(sql);
    this.sent.push(sql);
    return this.warehouse.query<Row>(sql);
  }

  /** Every object of a kind in the object's schema (integrations: the whole account), one SHOW per kind and scope. */
  list(kind: StatementKind, scope: { database: string | null; schema: string | null }): Promise<Row[]> {
    const where =
      scope.database === null || scope.schema === null
        ? ''
        : ` IN SCHEMA ${quoteIdentifierPart(scope.database)}.${quoteIdentifierPart(scope.schema)}`;
    const sql = `SHOW ${SHOW_WORDS[kind]}${kind === 'STORAGE_INTEGRATION' ? '' : where}`;
    let rows = this.shows.get(sql);
    if (!rows) {
      // A missing database or schema means nothing of that kind exists there.
      rows = this.run(sql).catch(() => []);
      this.shows.set(sql, rows);
    }
    return rows;
  }

  /** The SHOW row of exactly this object (names compared exactly, as stored), or undefined. */
  async find(obj: ResolvedObject): Promise<Row | undefined> {
    const rows = await this.list(obj.kind, obj);
    return rows.find((r) => text(r, 'name') === obj.objectName);
  }

  describe(obj: ResolvedObject): Promise<Row[] | null> {
    const name =
      obj.database === null || obj.schema === null
        ? quoteIdentifierPart(obj.objectName)
        : [obj.database, obj.schema, obj.objectName].map(quoteIdentifierPart).join('.');
    const sql = `DESC ${DESC_WORDS[obj.kind]} ${name}`;
    let rows = this.descs.get(sql);
    if (!rows) {
      rows = this.run(sql).catch(() => null);
      this.descs.set(sql, rows);
    }
    return rows;
  }

  async integration(name: string): Promise<IntegrationInfo | null> {
    const rows = await this.describe({
      kind: 'STORAGE_INTEGRATION',
      objectName: name,
      database: null,
      schema: null,
    });
    if (!rows) return null;
    const prop = (key: string) =>
      text(rows.find((r) => text(r, 'property').toUpperCase() === key) ?? {}, 'property_value');
    const list = (key: string) =>
      prop(key)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    return {
      name,
      provider: prop('STORAGE_PROVIDER').toUpperCase(),
      roleArn: prop('STORAGE_AWS_ROLE_ARN'),
      tenantId: prop('AZURE_TENANT_ID'),
      allowed: list('STORAGE_ALLOWED_LOCATIONS'),
      blocked: list('STORAGE_BLOCKED_LOCATIONS'),
    };
  }

  /** DESC property → value (for file formats; nested stage properties keyed `PARENT.PROPERTY`). */
  async properties(obj: ResolvedObject): Promise<Map<string, { value: string; dflt: string }> | null> {
    const rows = await this.describe(obj);
    if (!rows) return null;
    const out = new Map<string, { value: string; dflt: string }>();
    for (const r of rows) {
      const parent = text(r, 'parent_property');
      const key = `${parent ? `${parent}.` : ''}${text(r, 'property').toUpperCase()}`;
      out.set(key, { value: text(r, 'property_value'), dflt: text(r, 'property_default') });
    }
    return out;
  }
}

/** Whether `url` lies inside `loc` at a folder boundary (`s3://b/orders/` covers `s3://b/orders/2024/`). */
export function covers(loc: string, url: string): boolean {
  if (loc === '*') return true;
  const folder = loc.endsWith('/') ? loc : `${loc}/`;
  return url === loc || url.startsWith(folder);
}

/** Allowed (a covering allowed location, none of the blocked ones) for every URL. */
export function integrationCovers(info: Pick<IntegrationInfo, 'allowed' | 'blocked'>, url: string): boolean {
  return info.allowed.some((a) => covers(a, url)) && !info.blocked.some((b) => covers(b, url));
}
