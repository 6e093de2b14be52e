/**
 * A real dashboard over the real core: Express on 127.0.0.1 (port 0), the embedded LocalWarehouse in memory and
 * the rule-based LocalAgent. The warehouse is wrapped to count the reads the core makes.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { LocalAgent } from '../../../adapters/local/agent/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import type { BotCore } from '../../../bot/core/api.js';
import type { ProcedureName, Warehouse } from '../../../bot/core/contracts.js';
import { createBotCore } from '../../../bot/core/index.js';
import { positionalArgs } from '../../../bot/core/toolArgs.js';
import { createDashboard, type DashboardRouter } from '../../../dashboard/dashboard.js';
import { approverEntries } from '../../../procedures/tracker/approvers.js';

const TRACKER = 'LEILA_APP.PUBLIC.DATA_PIPELINE_TRACKER';

/** Counts every read; `trackerReads` are the reads of the tracker table (what the dashboard causes). */
export class CountingWarehouse implements Warehouse {
  queries: string[] = [];
  constructor(readonly inner: LocalWarehouse) {}
  get trackerReads(): number {
    return this.queries.filter((q) => /DATA_PIPELINE_TRACKER/.test(q)).length;
  }
  reset(): void {
    this.queries = [];
  }
  query<T = Record<string, unknown>>(sql: string, binds?: unknown[]): Promise<T[]> {
    this.queries.push(sql);
    return this.inner.query<T>(sql, binds);
  }
  execute(sql: string, binds?: unknown[]): Promise<{ rowsAffected: number }> {
    return this.inner.execute(sql, binds);
  }
  call(procedure: ProcedureName, args: unknown[]): Promise<unknown> {
    return this.inner.call(procedure, args);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export interface Harness {
  url: string;
  storageDir: string;
  warehouse: CountingWarehouse;
  core: BotCore;
  dashboard: DashboardRouter;
  close(): Promise<void>;
}

export interface HarnessOptions {
  webChat?: boolean;
  cacheMs?: number;
  refreshIntervalMs?: number;
  now?: () => number;
  trustedUserHeader?: string;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const storageDir = mkdtempSync(join(tmpdir(), 'dea-dashboard-'));
  const local = await LocalWarehouse.open({
    path: ':memory:',
    storageDir,
    database: 'LEILA_APP',
    schema: 'PUBLIC',
    approvers: approverEntries([], true, true),
  });
  const warehouse = new CountingWarehouse(local);
  const agent = new LocalAgent({ callTool: (tool, input) => local.call(tool, positionalArgs(tool, input)) });
  const logger = pino({ level: 'silent' });
  const core = createBotCore({
    warehouse,
    agent,
    logger,
    settings: {
      approvers: [],
      allowSelfApproval: true,
      openApproval: true,
      planTtlMs: 24 * 3600_000,
      database: 'LEILA_APP',
      schema: 'PUBLIC',
      progressIntervalMs: 20,
    },
  });
  const dashboard = createDashboard({
    core,
    logger,
    webChat: opts.webChat ?? true,
    cacheMs: opts.cacheMs,
    refreshIntervalMs: opts.refreshIntervalMs,
    now: opts.now,
    trustedUserHeader: opts.trustedUserHeader,
  });
  const app = express();
  app.use(dashboard);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    storageDir,
    warehouse,
    core,
    dashboard,
    close: async () => {
      await core.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await local.close();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}

/** Tracker rows written straight into the table, many per statement (the 10,000-row fixtures). */
export interface SeedRow {
  id: string;
  status: string;
  createdAt: string;
  source?: string;
  table?: string | null;
  requestedBy?: string;
  statements?: unknown[];
  log?: unknown[];
  approvedBy?: string | null;
  reason?: string | null;
}

export async function insertRows(warehouse: Warehouse, rows: SeedRow[], batch = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const binds: unknown[] = [];
    const values = chunk.map((r) => {
      binds.push(
        r.id,
        r.createdAt,
        r.source ?? 'S3',
        r.table ?? null,
        r.status,
        JSON.stringify(r.statements ?? []),
        JSON.stringify(r.log ?? []),
        r.requestedBy ?? 'local:seed',
        r.approvedBy ?? null,
        r.reason ?? null,
        r.createdAt,
      );
      return '(?, TO_TIMESTAMP_LTZ(?), ?, ?, ?, PARSE_JSON(?), PARSE_JSON(?), ?, ?, ?, TO_TIMESTAMP_LTZ(?))';
    });
    await warehouse.execute(
      `INSERT INTO ${TRACKER} (PIPELINE_ID, CREATED_AT, DATA_SOURCE_TYPE, TABLE_NAME, STATUS, DDL_STATEMENTS, EXECUTION_LOG, REQUESTED_BY, APPROVED_BY, DECISION_REASON, UPDATED_AT) SELECT * FROM (VALUES ${values.join(', ')})`,
      binds,
    );
  }
}

/**
 * What a script sends to pass the CSRF check, taken the way a browser gets it: the `dea_csrf` cookie and the
 * page's `data-csrf` token from GET /chat.
 */
export async function csrfHeaders(url: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/chat`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /data-csrf="([0-9a-f]{64})"/.exec(await res.text())?.[1];
  if (!cookie || !token) throw new Error('the chat page did not hand out a CSRF token');
  return { cookie, 'x-csrf-token': token };
}
