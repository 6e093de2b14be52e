import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWarehouseRouter,
  newToken,
  openLocalWarehouseOrRemote,
  publishLocalServer,
  RemoteWarehouse,
  readServerFile,
} from '../../../adapters/local/remote/index.js';
import { LocalWarehouse } from '../../../adapters/local/warehouse/index.js';
import { errorOf, openTemp } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(wh: LocalWarehouse, token: string): Promise<string> {
  const app = express();
  app.use('/wh', createWarehouseRouter(wh, { token }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wh`;
}

describe('remote access to a running LocalWarehouse', () => {
  it('router answers {columns, rows} only with the right X-Dea-Token', async () => {
    const { wh } = await openTemp();
    cleanups.push(() => wh.close());
    const token = newToken();
    const url = await serve(wh, token);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/sql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post({ sql: 'SELECT 1 AS X' })).status).toBe(401);
    expect((await post({ sql: 'SELECT 1 AS X' }, { 'X-Dea-Token': `${token}x` })).status).toBe(401);
    const ok = await post({ sql: 'SELECT ? AS X', binds: [5] }, { 'X-Dea-Token': token });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ columns: ['X'], rows: [{ X: 5 }] });
    const bad = await post({ sql: '' }, { 'X-Dea-Token': token });
    expect(bad.status).toBe(400);
    const sqlErr = await post({ sql: 'SELECT * FROM NOPE' }, { 'X-Dea-Token': token });
    expect(sqlErr.status).toBe(422);
    expect(await sqlErr.json()).toMatchObject({ error: { code: '002003', sqlState: '02000' } });
  });

  it('RemoteWarehouse implements Warehouse over HTTP: query, execute, call, errors, dates', async () => {
    const { wh } = await openTemp({
      proceduresSql: `CREATE OR REPLACE PROCEDURE ECHO(X VARIANT)\nRETURNS VARIANT\nLANGUAGE JAVASCRIPT\nEXECUTE AS OWNER\nAS $$\nreturn { got: X };\n$$;`,
    });
    cleanups.push(() => wh.close());
    const token = newToken();
    const remote = new RemoteWarehouse({ url: await serve(wh, token), token });
    const when = new Date('2026-11-02T03:04:05.000Z');
    const ins = await remote.execute(
      `INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID, CREATED_AT, DDL_STATEMENTS) SELECT ?, TO_TIMESTAMP_LTZ(?), PARSE_JSON(?)`,
      ['R-1', when, '[1,2]'],
    );
    expect(ins.rowsAffected).toBe(1);
    const rows = await remote.query(
      'SELECT PIPELINE_ID, CREATED_AT, DDL_STATEMENTS FROM DATA_PIPELINE_TRACKER',
    );
    expect(rows).toEqual([{ PIPELINE_ID: 'R-1', CREATED_AT: when, DDL_STATEMENTS: [1, 2] }]);
    expect(await remote.call('ECHO' as never, [{ a: [1] }])).toEqual({ got: { a: [1] } });
    const e = await errorOf(remote.query('SELEC 1'));
    expect(e.code).toBe('001003');
    const wrong = new RemoteWarehouse({
      url: (remote as unknown as { base: string }).base,
      token: 'x'.repeat(43),
    });
    expect((await errorOf(wrong.query('SELECT 1'))).code).toBe('LOCAL_AUTH');
  });

  it('server.json: written 0600, used while the owner is alive, ignored when stale', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dea-srv-'));
    const { wh } = await openTemp();
    cleanups.push(() => wh.close());
    const app = express();
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const published = await publishLocalServer({ app, dataDir, url: base, warehouse: wh });
    const info = readServerFile(dataDir);
    expect(info?.pid).toBe(process.pid);
    expect(info?.url).toBe(`${base}/api/local-warehouse`);
    expect(statSync(join(dataDir, 'server.json')).mode & 0o777).toBe(0o600);
    // Another process (the CLI) sees a live pid: pretend to be it by naming our parent as the owner.
    writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ ...info, pid: process.ppid }), {
      mode: 0o600,
    });
    await wh.execute(`INSERT INTO DATA_PIPELINE_TRACKER (PIPELINE_ID) VALUES ('via-server')`);
    const viaServer = await openLocalWarehouseOrRemote({ dataDir, path: ':memory:' });
    expect(viaServer).toBeInstanceOf(RemoteWarehouse);
    expect(await viaServer.query('SELECT PIPELINE_ID FROM DATA_PIPELINE_TRACKER')).toEqual([
      { PIPELINE_ID: 'via-server' },
    ]);
    // A stale file (dead pid) falls back to opening the DuckDB file.
    writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ ...info, pid: 2 ** 22 + 12345 }), {
      mode: 0o600,
    });
    const direct = await openLocalWarehouseOrRemote({ dataDir });
    cleanups.push(() => direct.close());
    expect(direct).toBeInstanceOf(LocalWarehouse);
    writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ ...info, pid: process.pid }), {
      mode: 0o600,
    });
    await published.remove();
    expect(readServerFile(dataDir)).toBeUndefined();
  });

  it('a DuckDB file locked by another process gives a clear LOCAL_LOCKED error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dea-lock-'));
    const file = join(dir, 'w.duckdb');
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const i = await DuckDBInstance.create(${JSON.stringify(file)}); const c = await i.connect();
         await c.run('CREATE TABLE IF NOT EXISTS x (a INT)'); console.log('ready'); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => {
      holder.kill();
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    const e = await errorOf(LocalWarehouse.open({ path: file, storageDir: join(dir, 'storage') }));
    expect(e.code).toBe('LOCAL_LOCKED');
    expect(e.message).toContain(`pid ${holder.pid}`);
  });
});
